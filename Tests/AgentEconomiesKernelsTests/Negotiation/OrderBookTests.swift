import AgentEconomiesKernels
import Testing

/// A deliberately plain book: each side one array, re-sorted after every insertion with a
/// stable sort, fills removed from the front. The reference's layout; the oracle here.
private struct NaiveBook {
    struct Order {
        var id: Int
        var agent: Int32
        var price: Double
        var quantity: Double
        var time: Double
    }

    var bids: [Order] = []
    var asks: [Order] = []
    var nextID = 0
    /// Traded quantity per order ID.
    var traded: [Int: Double] = [:]
    var original: [Int: Double] = [:]

    mutating func add(_ side: OrderBook.Side, agent: Int32, quantity: Double, price: Double, time: Double) {
        let order = Order(id: nextID, agent: agent, price: price, quantity: quantity, time: time)
        original[nextID] = quantity
        nextID += 1
        if side == .bid {
            bids.append(order)
            bids = stableSorted(bids) { ($0.price, -$0.time) > ($1.price, -$1.time) }
        } else {
            asks.append(order)
            asks = stableSorted(asks) { ($0.price, $0.time) < ($1.price, $1.time) }
        }
    }

    mutating func cancel(agent: Int32) -> Int {
        let before = bids.count + asks.count
        bids.removeAll { $0.agent == agent }
        asks.removeAll { $0.agent == agent }
        return before - bids.count - asks.count
    }

    mutating func clear() -> [OrderBook.Trade] {
        var trades: [OrderBook.Trade] = []
        while let bid = bids.first, let ask = asks.first, bid.price >= ask.price {
            let quantity = min(bid.quantity, ask.quantity)
            trades.append(
                OrderBook.Trade(
                    buyer: bid.agent, seller: ask.agent, price: (bid.price + ask.price) / 2,
                    quantity: quantity))
            traded[bid.id, default: 0] += quantity
            traded[ask.id, default: 0] += quantity
            bids[0].quantity -= quantity
            asks[0].quantity -= quantity
            if bids[0].quantity <= 1e-10 { bids.removeFirst() }
            if asks[0].quantity <= 1e-10 { asks.removeFirst() }
        }
        return trades
    }

    /// Insertion sort: stable by construction.
    func stableSorted(_ orders: [Order], by before: (Order, Order) -> Bool) -> [Order] {
        var result = orders
        var index = result.count - 1
        while index > 0 && before(result[index], result[index - 1]) {
            result.swapAt(index, index - 1)
            index -= 1
        }
        return result
    }
}

@Suite struct OrderBookTests {
    /// Random streams with many equal prices and times: every trade and every resting order
    /// agrees with the plain book, after every operation.
    @Test(arguments: [1, 2, 3, 4, 5])
    func matchesPlainBook(seed: UInt64) throws {
        var random = FastRandom(seed: seed)
        var book = OrderBook()
        var naive = NaiveBook()
        for step in 0..<4_000 {
            let draw = random.random()
            let agent = Int32(random.next() % 40)
            if draw < 0.06 {
                #expect(book.cancel(agent: agent) == naive.cancel(agent: agent))
            } else if draw < 0.12 {
                var trades: [OrderBook.Trade] = []
                book.clear { trades.append($0) }
                #expect(trades == naive.clear(), "step \(step)")
                if let bid = book.bestBid, let ask = book.bestAsk { #expect(bid < ask) }
            } else {
                let side: OrderBook.Side = random.random() < 0.5 ? .bid : .ask
                let price = Double(95 + random.next() % 11) / 10  // 9.5 ... 10.5, ties frequent
                let quantity = Double(1 + random.next() % 8) / 2
                let time = Double(random.next() % 4)  // ties in time too
                try book.add(side, agent: agent, quantity: quantity, price: price, time: time)
                naive.add(side, agent: agent, quantity: quantity, price: price, time: time)
            }
            if step % 97 == 0 {
                #expect(
                    book.restingOrders(.bid).map { [Double($0.agent), $0.price, $0.quantity, $0.time] }
                        == naive.bids.map { [Double($0.agent), $0.price, $0.quantity, $0.time] })
                #expect(
                    book.restingOrders(.ask).map { [Double($0.agent), $0.price, $0.quantity, $0.time] }
                        == naive.asks.map { [Double($0.agent), $0.price, $0.quantity, $0.time] })
            }
        }
        #expect(book.bidCount == naive.bids.count)
        #expect(book.askCount == naive.asks.count)
        // No order ever traded more than it offered.
        for (id, quantity) in naive.traded { #expect(quantity <= naive.original[id]! + 1e-12) }
    }

    /// Added quantity = traded + cancelled + resting, on each side.
    @Test func quantityIsConserved() throws {
        var random = FastRandom(seed: 11)
        var book = OrderBook()
        var added = [0.0, 0.0], traded = [0.0, 0.0], cancelled = [0.0, 0.0]
        for _ in 0..<20_000 {
            let draw = random.random()
            let agent = Int32(random.next() % 200)
            if draw < 0.05 {
                for side in [OrderBook.Side.bid, .ask] {
                    let index = side == .bid ? 0 : 1
                    for order in book.restingOrders(side) where order.agent == agent {
                        cancelled[index] += order.quantity
                    }
                }
                book.cancel(agent: agent)
            } else if draw < 0.1 {
                book.clear { trade in
                    traded[0] += trade.quantity
                    traded[1] += trade.quantity
                }
            } else {
                let isBid = random.random() < 0.5
                let quantity = Double(1 + random.next() % 16) / 4
                try book.add(
                    isBid ? .bid : .ask, agent: agent, quantity: quantity,
                    price: 100 + random.uniform(-2, 2), time: random.uniform(0, 10))
                added[isBid ? 0 : 1] += quantity
            }
        }
        let depth = book.depth
        #expect(abs(added[0] - traded[0] - cancelled[0] - depth.totalBidVolume) < 1e-6)
        #expect(abs(added[1] - traded[1] - cancelled[1] - depth.totalAskVolume) < 1e-6)
        #expect(depth.bids == book.restingOrders(.bid).count)
    }

    @Test func pricesFirstThenTimeThenArrival() throws {
        var book = OrderBook()
        try book.add(.bid, agent: 0, quantity: 1, price: 10, time: 5)
        try book.add(.bid, agent: 1, quantity: 1, price: 11, time: 9)
        try book.add(.bid, agent: 2, quantity: 1, price: 10, time: 1)
        try book.add(.bid, agent: 3, quantity: 1, price: 10, time: 1)
        #expect(book.restingOrders(.bid).map(\.agent) == [1, 2, 3, 0])
        try book.add(.ask, agent: 4, quantity: 2.5, price: 9, time: 0)
        var trades: [OrderBook.Trade] = []
        book.clear { trades.append($0) }
        #expect(
            trades == [
                OrderBook.Trade(buyer: 1, seller: 4, price: 10, quantity: 1),
                OrderBook.Trade(buyer: 2, seller: 4, price: 9.5, quantity: 1),
                OrderBook.Trade(buyer: 3, seller: 4, price: 9.5, quantity: 0.5),
            ])
        #expect(book.restingOrders(.bid).map(\.quantity) == [0.5, 1])
        #expect(book.askCount == 0)
        #expect(book.bestBid == 10)
    }

    /// Cancelling most of a large book compacts the heaps and keeps the heads live.
    @Test func cancelsCompact() throws {
        var book = OrderBook()
        for index in 0..<10_000 {
            try book.add(
                index % 2 == 0 ? .bid : .ask, agent: Int32(index % 100), quantity: 1,
                price: index % 2 == 0 ? 50 - Double(index % 37) : 60 + Double(index % 41), time: 0)
        }
        for agent in 0..<99 { book.cancel(agent: Int32(agent)) }
        #expect(book.bidCount + book.askCount == 100)
        #expect(book.restingOrders(.bid).allSatisfy { $0.agent == 99 })
        #expect(book.openOrders(agent: 99) == 100)
        #expect(book.openOrders(agent: 3) == 0)
        #expect(book.bestBid == book.restingOrders(.bid).first?.price)
        #expect(book.bestAsk == book.restingOrders(.ask).first?.price)
    }

    @Test func badOrdersThrowNamingTheArgument() {
        var book = OrderBook()
        #expect(throws: AgentEconomiesError.outOfRange(field: "quantity", value: "0.0", requirement: "> 0")) {
            try book.add(.bid, agent: 0, quantity: 0, price: 1, time: 0)
        }
        #expect(throws: AgentEconomiesError.notFinite(field: "price", value: .infinity)) {
            try book.add(.ask, agent: 0, quantity: 1, price: .infinity, time: 0)
        }
        #expect(throws: AgentEconomiesError.self) { try book.add(.ask, agent: -1, quantity: 1, price: 1, time: 0) }
        #expect(throws: AgentEconomiesError.self) { try book.add(.ask, agent: 0, quantity: 1, price: 1, time: .nan) }
        #expect(book.bidCount == 0 && book.askCount == 0)
    }
}
