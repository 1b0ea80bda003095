import AgentEconomiesKernels

/// HFN operation streams on `HFNMarket`: bids, asks, cancels (NaN, negative and huge values
/// included), ticks, halts and day-order removal. Per book, quantity is conserved (resting
/// volume = accepted - traded - cancelled, within the fill epsilon per trade), trades have
/// positive finite prices and quantities, and rate limits hold.
enum HFNTarget {
    static let target = FuzzTarget(
        name: "hfn",
        summary: "order-book streams: quantity conserved, trades positive and finite"
    ) { bytes in
        var input = FuzzInput(bytes)
        let parameters = HFNMarket.Parameters(
            maxOrdersPerTick: input.int(0...4), latencyNoiseMs: input.byte() < 20 ? input.double() : input.amount(),
            priorityBySpeed: input.bool(), batchIntervalTicks: input.int(0...4))
        guard var market = try? HFNMarket(parameters: parameters, random: .fast(seed: UInt64(input.byte()))) else { return }
        let agents = input.int(1...6), books = input.int(1...3)
        for _ in 0..<agents { market.addAgent() }
        for _ in 0..<books { market.addBook() }
        var accepted = [[Double]](repeating: [0, 0], count: books)  // bid, ask
        var cancelled = [[Double]](repeating: [0, 0], count: books)
        var traded = [Double](repeating: 0, count: books)
        var trades = [Int](repeating: 0, count: books)
        var seenTrades = 0
        var perAgent = [Int](repeating: 0, count: agents)
        var operations = 0
        func volumes(_ book: Int) -> [Double] {
            let depth = market.books[book].depth
            return [depth.totalBidVolume, depth.totalAskVolume]
        }
        while !input.isExhausted && operations < 400 {
            operations += 1
            let agent = input.int(0...(agents - 1)), book = input.int(0...(books - 1))
            switch input.int(0...9) {
            case 0...5:
                let type: HFNOrderType = [.bid, .ask, .cancel][input.int(0...2)]
                let quantity = input.byte() < 30 ? input.double() : input.amount()
                let price = input.byte() < 30 ? input.double() : input.amount()
                let before = volumes(book)
                let outcome = market.submit(
                    agent: Int32(agent), resource: book, orderType: type, quantity: quantity, price: price,
                    timestampMs: input.amount())
                switch outcome {
                case .accepted:
                    require(type != .cancel, "a cancel was accepted as an order")
                    require(quantity.isFinite && quantity > 0 && price.isFinite && price > 0, "accepted \(quantity) @ \(price)")
                    accepted[book][type == .bid ? 0 : 1] += quantity
                    perAgent[agent] += 1
                case .cancelled:
                    let after = volumes(book)
                    cancelled[book][0] += before[0] - after[0]
                    cancelled[book][1] += before[1] - after[1]
                    perAgent[agent] += 1
                case .rejected:
                    require(volumes(book) == before, "a rejected order changed the book")
                }
                require(perAgent[agent] <= parameters.maxOrdersPerTick, "agent \(agent) over its rate limit")
            case 6:
                _ = market.advance()
            case 7:
                market.endTick()
                perAgent = [Int](repeating: 0, count: agents)
            case 8:
                market.halt(durationTicks: input.int(0...3))
            default:
                for index in 0..<books {
                    let before = volumes(index)
                    cancelled[index][0] += before[0]
                    cancelled[index][1] += before[1]
                }
                market.removeAllOrders()
            }
            while seenTrades < market.tradePrices.count {
                let price = market.tradePrices[seenTrades], quantity = market.tradeQuantities[seenTrades]
                require(price.isFinite && price > 0 && quantity.isFinite && quantity > 0, "trade \(quantity) @ \(price)")
                let index = Int(market.tradeResources[seenTrades])
                traded[index] += quantity
                trades[index] += 1
                seenTrades += 1
            }
            for index in 0..<books {
                let resting = volumes(index)
                for side in 0..<2 {
                    let expected = accepted[index][side] - traded[index] - cancelled[index][side]
                    let slack = Double(trades[index] + 1) * 2 * OrderBook.fillEpsilon + 1e-9 * accepted[index][side]
                    require(
                        abs(resting[side] - expected) <= slack,
                        "book \(index) side \(side): resting \(resting[side]) != accepted - traded - cancelled \(expected)")
                }
            }
        }
    }
}
