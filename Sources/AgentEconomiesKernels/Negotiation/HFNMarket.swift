/// The high-frequency negotiation market on integer handles: one price-time priority
/// ``OrderBook`` per resource, per-agent rate limits per tick, latency noise, batch clearing
/// at the midpoint every `batchIntervalTicks` ticks, halts, and the trade log in columns.
///
/// Agents and resources are dense integer handles (`0..<agentCount`, `0..<bookCount`), added
/// with ``addAgent()`` and ``addBook()``. The component layer's `HFNEngine` maps agent and
/// resource names to these handles, keeps the tick history and runs the flash-crash
/// detector; a front end that speaks arrays drives this type directly (one call per order,
/// or ``submit(_:outcomes:)`` for a batch).
///
/// - Complexity: a bid or ask O(log n) in its book's size, a cancel O(k) in the agent's
///   resting orders, a trade O(log n), ``endTick()`` O(agents active in the tick).
public struct HFNMarket: Sendable, Codable {
    /// The market's rules.
    public struct Parameters: Equatable, Sendable {
        /// Orders (cancels included) accepted per agent per tick (>= 1).
        public var maxOrdersPerTick: Int
        /// Upper bound of the uniform latency noise added to each bid or ask, in ms (>= 0).
        public var latencyNoiseMs: Double
        /// Whether equal prices are served by effective time (timestamp plus latency) rather
        /// than arrival.
        public var priorityBySpeed: Bool
        /// The books clear on every tick that is a multiple of this (>= 1).
        public var batchIntervalTicks: Int

        /// Parameters; the defaults are the reference's.
        public init(
            maxOrdersPerTick: Int = 10, latencyNoiseMs: Double = 10, priorityBySpeed: Bool = true,
            batchIntervalTicks: Int = 5
        ) {
            self.maxOrdersPerTick = maxOrdersPerTick
            self.latencyNoiseMs = latencyNoiseMs
            self.priorityBySpeed = priorityBySpeed
            self.batchIntervalTicks = batchIntervalTicks
        }

        /// Throws ``AgentEconomiesError`` naming the field out of range.
        public func validate() throws {
            try Validate.atLeast(maxOrdersPerTick, 1, "HFNMarket.Parameters.maxOrdersPerTick")
            try Validate.nonNegative(latencyNoiseMs, "HFNMarket.Parameters.latencyNoiseMs")
            try Validate.atLeast(batchIntervalTicks, 1, "HFNMarket.Parameters.batchIntervalTicks")
        }
    }

    /// Orders in columns, for ``submit(_:outcomes:)``.
    public struct OrderBatch: Sendable {
        /// Agent handle per order.
        public var agents: [Int32]
        /// Resource (book) handle per order; a negative handle on a cancel means a resource
        /// without a book.
        public var resources: [Int]
        /// Kind per order.
        public var orderTypes: [HFNOrderType]
        /// Quantity per order.
        public var quantities: [Double]
        /// Limit price per order.
        public var prices: [Double]

        /// A batch from its columns (checked by ``HFNMarket/submit(_:outcomes:)``).
        public init(
            agents: [Int32], resources: [Int], orderTypes: [HFNOrderType], quantities: [Double],
            prices: [Double]
        ) {
            self.agents = agents
            self.resources = resources
            self.orderTypes = orderTypes
            self.quantities = quantities
            self.prices = prices
        }
    }

    let maxOrdersPerTick: Int
    let latencyNoiseMs: Double
    let priorityBySpeed: Bool
    let batchIntervalTicks: Int

    var random: RandomSource
    /// One book per resource handle.
    public internal(set) var books: [OrderBook] = []
    /// Ticks started so far.
    public internal(set) var currentTick = 0
    /// The last trade price of any resource (1.0 before the first trade).
    public internal(set) var marketPrice = 1.0
    /// Whether the market refuses orders.
    public internal(set) var isHalted = false
    /// The tick at which a halt ends.
    public internal(set) var haltUntilTick = 0
    /// The book whose resource traded last (or the first book), for the tick's spread.
    public internal(set) var spreadBook = 0

    /// Orders accepted this tick, by agent handle.
    public internal(set) var ordersThisTick: [Int32] = []
    /// Agents with an accepted order this tick, in order of their first.
    public internal(set) var activeThisTick: [Int32] = []
    /// Trades per agent handle, buyer and seller sides both.
    public internal(set) var tradeCounts: [Int] = []

    /// Buyer handle per trade, in execution order.
    public internal(set) var tradeBuyers: [Int32] = []
    /// Seller handle per trade.
    public internal(set) var tradeSellers: [Int32] = []
    /// Resource handle per trade.
    public internal(set) var tradeResources: [Int32] = []
    /// Price per trade (the midpoint of the crossing bid and ask).
    public internal(set) var tradePrices: [Double] = []
    /// Quantity per trade.
    public internal(set) var tradeQuantities: [Double] = []
    /// Tick per trade.
    public internal(set) var tradeTicks: [Int32] = []

    /// An empty market (no agents, no books) drawing latency noise from `random`.
    ///
    /// - Throws: ``AgentEconomiesError`` for invalid parameters.
    public init(parameters: Parameters, random: RandomSource) throws {
        try parameters.validate()
        maxOrdersPerTick = parameters.maxOrdersPerTick
        latencyNoiseMs = parameters.latencyNoiseMs
        priorityBySpeed = parameters.priorityBySpeed
        batchIntervalTicks = parameters.batchIntervalTicks
        self.random = random
    }

    /// The number of agent handles.
    public var agentCount: Int { ordersThisTick.count }

    /// Adds an agent and returns its handle (the next integer).
    @discardableResult
    public mutating func addAgent() -> Int32 {
        ordersThisTick.append(0)
        tradeCounts.append(0)
        return Int32(ordersThisTick.count - 1)
    }

    /// Adds a book and returns its resource handle (the next integer).
    @discardableResult
    public mutating func addBook() -> Int {
        books.append(OrderBook())
        return books.count - 1
    }

    /// Submits one order by handles: refused while halted and past the agent's per-tick
    /// limit; a cancel removes the agent's resting orders in that book (a negative
    /// `resource` means no book: nothing to remove) and counts toward the limit; a bid or
    /// ask needs finite values, quantity > 0 and price > 0, then gets its latency draw and
    /// rests.
    ///
    /// - Precondition: `agent` is a handle from ``addAgent()`` and a non-negative `resource`
    ///   one from ``addBook()`` (``submit(_:outcomes:)`` checks them and throws instead).
    /// - Complexity: a bid or ask O(log n) in its book's resting orders; a cancel O(k) for the
    ///   agent's k resting orders in that book (see ``OrderBook/cancel(agent:)``).
    public mutating func submit(
        agent: Int32, resource: Int, orderType: HFNOrderType, quantity: Double, price: Double,
        timestampMs: Double = 0, latencyMs: Double = 0
    ) -> HFNSubmission {
        if isHalted { return .rejected(.halted) }
        let count = Int(ordersThisTick[Int(agent)])
        if count >= maxOrdersPerTick { return .rejected(.rateLimited) }
        if orderType == .cancel {
            let removed = resource >= 0 ? books[resource].cancel(agent: agent) : 0
            countAccepted(agent, count)
            return .cancelled(count: removed)
        }
        if let rejection = Self.screen(quantity, price, timestampMs, latencyMs) { return .rejected(rejection) }
        let latency = latencyMs + random.uniform(0, latencyNoiseMs)
        let time = priorityBySpeed ? timestampMs + latency : 0
        do {
            try books[resource].add(
                orderType == .bid ? .bid : .ask, agent: agent, quantity: quantity,
                price: price, time: time)
        } catch {
            // Values were screened above; only an overflowing effective time can reach here.
            return .rejected(.notFinite(field: "HFNOrder.effectiveTime", value: timestampMs + latency))
        }
        countAccepted(agent, count)
        return .accepted(latencyMs: latency)
    }

    /// Submits an order whose kind the market does not know (the reference's order types are
    /// free-form strings): refused while halted or past the agent's limit, refused for the
    /// values ``screen(_:_:_:_:)`` refuses, else refused as ``HFNRejection/unknownOrderType``
    /// after consuming its latency draw, exactly where the reference consumes one. Never
    /// counts toward the limit.
    public mutating func submitUnknownKind(
        agent: Int32, quantity: Double, price: Double, timestampMs: Double = 0, latencyMs: Double = 0
    ) -> HFNSubmission {
        if isHalted { return .rejected(.halted) }
        if Int(ordersThisTick[Int(agent)]) >= maxOrdersPerTick { return .rejected(.rateLimited) }
        if let rejection = Self.screen(quantity, price, timestampMs, latencyMs) { return .rejected(rejection) }
        _ = random.uniform(0, latencyNoiseMs)
        return .rejected(.unknownOrderType)
    }

    /// Submits a batch of orders in order, within the current tick, and returns how many
    /// were accepted (the reference's `submit_order` true); `outcomes`, when given, receives
    /// each order's answer.
    ///
    /// - Throws: ``AgentEconomiesError`` before any order is submitted when the columns differ
    ///   in length or a handle is out of range.
    /// - Complexity: the orders' own cost.
    @discardableResult
    public mutating func submit(
        _ batch: OrderBatch, outcomes: UnsafeMutableBufferPointer<HFNSubmission>? = nil
    ) throws -> Int {
        let count = batch.agents.count
        try Validate.count(batch.resources.count, count, "OrderBatch.resources")
        try Validate.count(batch.orderTypes.count, count, "OrderBatch.orderTypes")
        try Validate.count(batch.quantities.count, count, "OrderBatch.quantities")
        try Validate.count(batch.prices.count, count, "OrderBatch.prices")
        if let outcomes { try Validate.count(outcomes.count, count, "outcomes") }
        for index in 0..<count {
            let agent = batch.agents[index], resource = batch.resources[index]
            if agent < 0 || Int(agent) >= agentCount {
                throw AgentEconomiesError.outOfRange(
                    field: "OrderBatch.agents[\(index)]", value: "\(agent)",
                    requirement: "in 0..<\(agentCount)")
            }
            if resource >= books.count || (resource < 0 && batch.orderTypes[index] != .cancel) {
                throw AgentEconomiesError.outOfRange(
                    field: "OrderBatch.resources[\(index)]", value: "\(resource)",
                    requirement: "in 0..<\(books.count)")
            }
        }
        var accepted = 0
        for index in 0..<count {
            let answer = submit(
                agent: batch.agents[index], resource: batch.resources[index],
                orderType: batch.orderTypes[index], quantity: batch.quantities[index],
                price: batch.prices[index])
            if answer.isAccepted { accepted += 1 }
            outcomes?[index] = answer
        }
        return accepted
    }

    private mutating func countAccepted(_ agent: Int32, _ count: Int) {
        if count == 0 { activeThisTick.append(agent) }
        ordersThisTick[Int(agent)] = Int32(count + 1)
    }

    /// Why a bid or ask with these values is refused, or `nil`: NaN and infinities first
    /// (the library's addition), then the reference's rules (quantity and price > 0).
    public static func screen(
        _ quantity: Double, _ price: Double, _ timestampMs: Double,
        _ latencyMs: Double
    ) -> HFNRejection? {
        if !quantity.isFinite { return .notFinite(field: "HFNOrder.quantity", value: quantity) }
        if !price.isFinite { return .notFinite(field: "HFNOrder.price", value: price) }
        if !timestampMs.isFinite { return .notFinite(field: "HFNOrder.timestampMs", value: timestampMs) }
        if !latencyMs.isFinite { return .notFinite(field: "HFNOrder.latencyMs", value: latencyMs) }
        if quantity <= 0 { return .nonPositiveQuantity(quantity) }
        if price <= 0 { return .nonPositivePrice(price) }
        return nil
    }

    /// Starts a tick: ends a halt that has run out and clears the books when the tick is a
    /// multiple of the batch interval (also while halted). Returns the number of trades.
    ///
    /// - Complexity: O(books + trades x log n) on a clearing tick (every book is matched, each
    ///   trade O(log n) in its book's size), O(1) otherwise.
    @discardableResult
    public mutating func advance() -> Int {
        currentTick += 1
        if isHalted && currentTick >= haltUntilTick { isHalted = false }
        var executed = 0
        if currentTick % batchIntervalTicks == 0 {
            for resource in books.indices {
                executed += books[resource].clear { trade in
                    tradeBuyers.append(trade.buyer)
                    tradeSellers.append(trade.seller)
                    tradeResources.append(Int32(resource))
                    tradePrices.append(trade.price)
                    tradeQuantities.append(trade.quantity)
                    tradeTicks.append(Int32(truncatingIfNeeded: currentTick))
                    tradeCounts[Int(trade.buyer)] += 1
                    tradeCounts[Int(trade.seller)] += 1
                    marketPrice = trade.price
                    spreadBook = resource
                }
            }
        }
        return executed
    }

    /// `max(0, best ask - best bid)` of the spread book (best bid 0 without bids; 0 without asks).
    public var spread: Double {
        guard !books.isEmpty, let bestAsk = books[spreadBook].bestAsk else { return 0 }
        return max(0, bestAsk - (books[spreadBook].bestBid ?? 0))
    }

    /// Orders accepted this tick, cancels included.
    ///
    /// - Complexity: O(agents active in the tick).
    public var ordersSubmitted: Int {
        var submitted = 0
        for agent in activeThisTick { submitted += Int(ordersThisTick[Int(agent)]) }
        return submitted
    }

    /// Resets the per-agent counts at the end of a tick.
    ///
    /// - Complexity: O(agents active in the tick).
    public mutating func endTick() {
        for agent in activeThisTick { ordersThisTick[Int(agent)] = 0 }
        activeThisTick.removeAll(keepingCapacity: true)
    }

    /// Removes every resting order of every book (day orders at a session's end); returns
    /// how many there were. The trade log and the counters are kept.
    ///
    /// - Complexity: O(books + resting orders + agent IDs per book): each book resets a list head
    ///   per agent that has ordered in it.
    @discardableResult
    public mutating func removeAllOrders() -> Int {
        var removed = 0
        for index in books.indices { removed += books[index].removeAllOrders() }
        return removed
    }

    /// Empties the trade log (the per-agent trade counts are kept), so a long-running market
    /// holds only the trades since the last call.
    public mutating func removeTradeLog() {
        tradeBuyers.removeAll()
        tradeSellers.removeAll()
        tradeResources.removeAll()
        tradePrices.removeAll()
        tradeQuantities.removeAll()
        tradeTicks.removeAll()
    }

    /// Halts the market until the current tick plus `durationTicks`.
    public mutating func halt(durationTicks: Int) {
        isHalted = true
        // Saturating: a halt longer than the tick counter can count lasts for ever.
        let (until, overflow) = currentTick.addingReportingOverflow(durationTicks)
        haltUntilTick = overflow ? (durationTicks > 0 ? .max : .min) : until
    }
}
