/// A price-time priority limit order book for one instrument, with integer agent IDs.
///
/// Bids are served highest price first, asks lowest price first; equal prices go by the
/// `time` given when the order was added (the reference's effective time, timestamp plus
/// latency), then by arrival. ``clear(_:)`` matches the two heads while the best bid is at
/// or above the best ask, at the midpoint, for the smaller of the two quantities, and
/// removes an order once its quantity is at most ``fillEpsilon``: the reference's batch
/// clearing (see <doc:OrderBooks>).
///
/// Layout: resting orders live in a slot pool (structure of arrays), each side is a binary
/// heap of (key, time, arrival, slot) entries, and every agent's resting orders form an
/// intrusive doubly linked list through their slots, so ``cancel(agent:)`` touches only that
/// agent's orders. Cancelled orders leave their heap entry behind (lazy deletion); the heads
/// are always live, and a side is compacted in O(n) once its dead entries outnumber the
/// live ones, so memory stays proportional to the resting orders.
///
/// - Complexity: ``add(_:agent:quantity:price:time:)`` O(log n); ``cancel(agent:)`` O(k)
///   for the agent's k orders plus amortised O(log n) each; each trade of ``clear(_:)``
///   O(log n); ``bestBid`` and ``bestAsk`` O(1).
public struct OrderBook: Sendable, Codable {
    /// The side of an order.
    public enum Side: UInt8, Sendable, Hashable {
        /// A buy order.
        case bid
        /// A sell order.
        case ask
    }

    /// One executed trade.
    public struct Trade: Equatable, Sendable {
        /// The agent whose bid traded.
        public var buyer: Int32
        /// The agent whose ask traded.
        public var seller: Int32
        /// The midpoint of the two prices.
        public var price: Double
        /// The smaller of the two remaining quantities.
        public var quantity: Double

        /// A trade record.
        public init(buyer: Int32, seller: Int32, price: Double, quantity: Double) {
            self.buyer = buyer
            self.seller = seller
            self.price = price
            self.quantity = quantity
        }
    }

    /// A resting order as the book holds it.
    public struct RestingOrder: Equatable, Sendable {
        /// The agent that placed it.
        public var agent: Int32
        /// Bid or ask.
        public var side: Side
        /// Limit price.
        public var price: Double
        /// Quantity still open.
        public var quantity: Double
        /// The time used to order equal prices.
        public var time: Double
        /// Arrival number within this book (0, 1, 2, ...).
        public var sequence: UInt64
    }

    /// Count and total open quantity of each side.
    public struct Depth: Equatable, Sendable {
        /// Resting bids.
        public var bids: Int
        /// Resting asks.
        public var asks: Int
        /// Sum of the open quantities of the bids, in priority order.
        public var totalBidVolume: Double
        /// Sum of the open quantities of the asks, in priority order.
        public var totalAskVolume: Double

        /// A depth record.
        public init(bids: Int, asks: Int, totalBidVolume: Double, totalAskVolume: Double) {
            self.bids = bids
            self.asks = asks
            self.totalBidVolume = totalBidVolume
            self.totalAskVolume = totalAskVolume
        }
    }

    /// An order whose open quantity falls to this or below is removed (the reference's rule).
    public static let fillEpsilon = 1e-10

    // Slot pool, one entry per order that still has a heap entry.
    var quantity: [Double] = []
    var price: [Double] = []
    var agent: [Int32] = []
    var isBid: [Bool] = []
    var alive: [Bool] = []
    var previousOfAgent: [Int32] = []
    var nextOfAgent: [Int32] = []
    var freeSlots: [Int32] = []
    /// First slot of each agent's list of resting orders, or -1.
    var agentHead: [Int32] = []

    var bids = OrderHeap()
    var asks = OrderHeap()
    var deadBids = 0
    var deadAsks = 0
    var nextSequence: UInt64 = 0

    /// Number of resting bids.
    public private(set) var bidCount = 0
    /// Number of resting asks.
    public private(set) var askCount = 0

    /// An empty book.
    public init() {}

    /// Removes every resting order and returns how many there were (agent lists emptied,
    /// arrival numbers keep counting).
    ///
    /// - Complexity: O(slots + agent IDs seen): every agent's list head is reset.
    @discardableResult
    public mutating func removeAllOrders() -> Int {
        let removed = bidCount + askCount
        quantity.removeAll()
        price.removeAll()
        agent.removeAll()
        isBid.removeAll()
        alive.removeAll()
        previousOfAgent.removeAll()
        nextOfAgent.removeAll()
        freeSlots.removeAll()
        for index in agentHead.indices { agentHead[index] = -1 }
        bids = OrderHeap()
        asks = OrderHeap()
        (deadBids, deadAsks, bidCount, askCount) = (0, 0, 0, 0)
        return removed
    }

    /// Price of the best bid, or `nil` when there are no bids.
    public var bestBid: Double? { bids.top.map { price[Int($0.slot)] } }
    /// Price of the best ask, or `nil` when there are no asks.
    public var bestAsk: Double? { asks.top.map { price[Int($0.slot)] } }

    /// Adds a resting order.
    ///
    /// - Parameters:
    ///   - side: bid or ask.
    ///   - owner: the agent, `>= 0`.
    ///   - amount: the quantity, finite and `> 0`.
    ///   - limit: the price, finite and `> 0`.
    ///   - time: finite; orders of equal price are served by ascending time, then arrival.
    ///     Pass the same value (say 0) for all orders to rank ties by arrival only.
    /// - Throws: ``AgentEconomiesError`` naming the argument when a value is out of range.
    /// - Complexity: O(log n) for the n entries of its side's heap; the first order of an agent ID
    ///   above those seen grows the per-agent list heads up to that ID (O(ID) memory).
    public mutating func add(
        _ side: Side, agent owner: Int32, quantity amount: Double, price limit: Double,
        time: Double
    ) throws {
        if owner < 0 {
            throw AgentEconomiesError.outOfRange(field: "agent", value: "\(owner)", requirement: ">= 0")
        }
        try Validate.positive(amount, "quantity")
        try Validate.positive(limit, "price")
        try Validate.finite(time, "time")
        let slot = allocateSlot()
        let index = Int(slot)
        quantity[index] = amount
        price[index] = limit
        agent[index] = owner
        isBid[index] = side == .bid
        alive[index] = true
        linkToAgent(slot, owner)
        let entry = OrderHeapEntry(
            key: side == .bid ? -limit : limit, time: time,
            sequence: nextSequence, slot: slot)
        nextSequence += 1
        if side == .bid {
            bids.push(entry)
            bidCount += 1
        } else {
            asks.push(entry)
            askCount += 1
        }
    }

    /// Removes every resting order of `agent`, on both sides.
    ///
    /// - Returns: the number of orders removed.
    /// - Complexity: O(k) for the agent's k orders, plus O(log n) per cancelled head popped and,
    ///   once a side's cancelled entries outnumber its live ones, an O(n) compaction: amortised
    ///   O(log n) per cancelled order.
    @discardableResult
    public mutating func cancel(agent owner: Int32) -> Int {
        guard owner >= 0, Int(owner) < agentHead.count else { return 0 }
        var slot = agentHead[Int(owner)]
        agentHead[Int(owner)] = -1
        var removed = 0
        while slot >= 0 {
            let index = Int(slot)
            alive[index] = false
            if isBid[index] {
                bidCount -= 1
                deadBids += 1
            } else {
                askCount -= 1
                deadAsks += 1
            }
            removed += 1
            slot = nextOfAgent[index]
        }
        if removed > 0 {
            dropDeadHeads()
            if deadBids > max(64, bidCount) { compact(.bid) }
            if deadAsks > max(64, askCount) { compact(.ask) }
        }
        return removed
    }

    /// Matches the book: while the best bid's price is at or above the best ask's, the two
    /// trade the smaller quantity at the midpoint; an order at or below ``fillEpsilon`` open
    /// quantity leaves the book. `onTrade` sees every trade in execution order.
    ///
    /// - Returns: the number of trades.
    /// - Complexity: O(log n) per trade (a filled order leaves its heap, with any cancelled entries
    ///   above it); O(1) when the book does not cross.
    @discardableResult
    public mutating func clear(_ onTrade: (Trade) -> Void) -> Int {
        var trades = 0
        while let bid = bids.top, let ask = asks.top {
            let bidSlot = Int(bid.slot)
            let askSlot = Int(ask.slot)
            let bidPrice = price[bidSlot]
            let askPrice = price[askSlot]
            if bidPrice < askPrice { break }
            let tradePrice = (bidPrice + askPrice) / 2
            let tradeQuantity = min(quantity[bidSlot], quantity[askSlot])
            onTrade(
                Trade(
                    buyer: agent[bidSlot], seller: agent[askSlot], price: tradePrice,
                    quantity: tradeQuantity))
            trades += 1
            quantity[bidSlot] -= tradeQuantity
            quantity[askSlot] -= tradeQuantity
            if quantity[bidSlot] <= Self.fillEpsilon {
                bids.pop()
                retire(bid.slot)
                bidCount -= 1
                dropDeadHeads()
            }
            if quantity[askSlot] <= Self.fillEpsilon {
                asks.pop()
                retire(ask.slot)
                askCount -= 1
                dropDeadHeads()
            }
        }
        return trades
    }

    /// The resting orders of one side in priority order (best first).
    ///
    /// - Complexity: O(n log n).
    public func restingOrders(_ side: Side) -> [RestingOrder] {
        let heap = side == .bid ? bids : asks
        return heap.entries.filter { alive[Int($0.slot)] }
            .sorted { $0.precedes($1) }
            .map { entry in
                let index = Int(entry.slot)
                return RestingOrder(
                    agent: agent[index], side: side, price: price[index],
                    quantity: quantity[index], time: entry.time, sequence: entry.sequence)
            }
    }

    /// Counts and open volumes of both sides; volumes are summed in priority order, as the
    /// reference sums its sorted lists.
    ///
    /// - Complexity: O(n log n).
    public var depth: Depth {
        var totalBidVolume = 0.0
        for order in restingOrders(.bid) { totalBidVolume += order.quantity }
        var totalAskVolume = 0.0
        for order in restingOrders(.ask) { totalAskVolume += order.quantity }
        return Depth(bids: bidCount, asks: askCount, totalBidVolume: totalBidVolume, totalAskVolume: totalAskVolume)
    }

    /// Number of resting orders of `agent`.
    ///
    /// - Complexity: O(k) for the agent's k orders.
    public func openOrders(agent owner: Int32) -> Int {
        guard owner >= 0, Int(owner) < agentHead.count else { return 0 }
        var count = 0
        var slot = agentHead[Int(owner)]
        while slot >= 0 {
            count += 1
            slot = nextOfAgent[Int(slot)]
        }
        return count
    }

    // MARK: - Slots and lists

    mutating func allocateSlot() -> Int32 {
        if let slot = freeSlots.popLast() { return slot }
        let slot = Int32(quantity.count)
        quantity.append(0)
        price.append(0)
        agent.append(0)
        isBid.append(false)
        alive.append(false)
        previousOfAgent.append(-1)
        nextOfAgent.append(-1)
        return slot
    }

    mutating func linkToAgent(_ slot: Int32, _ owner: Int32) {
        let ownerIndex = Int(owner)
        if ownerIndex >= agentHead.count {
            agentHead.append(contentsOf: repeatElement(-1, count: ownerIndex + 1 - agentHead.count))
        }
        let head = agentHead[ownerIndex]
        previousOfAgent[Int(slot)] = -1
        nextOfAgent[Int(slot)] = head
        if head >= 0 { previousOfAgent[Int(head)] = slot }
        agentHead[ownerIndex] = slot
    }

    /// Unlinks a filled order from its agent's list and frees its slot.
    mutating func retire(_ slot: Int32) {
        let index = Int(slot)
        let previous = previousOfAgent[index]
        let next = nextOfAgent[index]
        if previous >= 0 {
            nextOfAgent[Int(previous)] = next
        } else {
            agentHead[Int(agent[index])] = next
        }
        if next >= 0 { previousOfAgent[Int(next)] = previous }
        alive[index] = false
        freeSlots.append(slot)
    }

    /// Pops cancelled entries off both heads, so the heads are always live orders.
    mutating func dropDeadHeads() {
        while let top = bids.top, !alive[Int(top.slot)] {
            bids.pop()
            freeSlots.append(top.slot)
            deadBids -= 1
        }
        while let top = asks.top, !alive[Int(top.slot)] {
            asks.pop()
            freeSlots.append(top.slot)
            deadAsks -= 1
        }
    }

    /// Removes every cancelled entry of one side and frees their slots.
    mutating func compact(_ side: Side) {
        var freed: [Int32] = []
        let isAlive = alive
        let keep: (OrderHeapEntry) -> Bool = { entry in
            if isAlive[Int(entry.slot)] { return true }
            freed.append(entry.slot)
            return false
        }
        if side == .bid {
            bids.filter(keep)
            deadBids = 0
        } else {
            asks.filter(keep)
            deadAsks = 0
        }
        freeSlots.append(contentsOf: freed)
    }
}
