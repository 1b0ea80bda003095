/// The high-frequency negotiation market: price-time priority books, one per resource type,
/// per-agent rate limits, batch clearing at the midpoint every `batchIntervalTicks` ticks,
/// and a flash-crash circuit breaker (rules in <doc:Negotiation>).
///
/// With a seed, latency noise is drawn from CPython's `random.Random(seed)` stream, so a
/// seeded run makes exactly the reference's trades (on one resource type; see the
/// deviations in <doc:Negotiation>). Agents and resource types are interned to integer handles on first sight;
/// ``submit(agent:resource:orderType:quantity:price:timestampMs:latencyMs:)`` takes the
/// handles directly for hot loops.
///
/// - Complexity: a bid or ask O(log n) in its book's size, a cancel O(k) in the agent's
///   resting orders, a trade O(log n), a tick O(active agents + window) plus its trades.
public final class HFNEngine {
    /// The configuration.
    public let config: HFNConfig
    /// The circuit breaker's detector.
    public let detector: FlashCrashDetector

    /// The number of ticks processed.
    public var currentTick: Int { state.currentTick }
    /// The last trade price of any resource type (1.0 before the first trade).
    public var marketPrice: Double { state.marketPrice }
    /// Whether the market refuses orders.
    public var isHalted: Bool { state.isHalted }
    /// The tick at which a halt ends.
    public var haltUntilTick: Int { state.haltUntilTick }
    /// Every tick record, in order.
    public private(set) var tickHistory: [HFNTick] = []

    private var state: HFNMarket
    private var agentNames: [String] = []
    private var agentIndex: [String: Int32] = [:]
    private var resourceNames: [String] = []
    private var resourceIndex: [String: Int] = [:]

    /// An engine with the reference's default detector.
    ///
    /// - Parameters:
    ///   - config: the market's rules.
    ///   - seed: latency noise follows `random.Random(seed)` when given; without a seed it
    ///     comes from a fast generator seeded by the system.
    /// - Throws: `AgentEconomiesError` when the configuration is invalid.
    public convenience init(config: HFNConfig = HFNConfig(), seed: Int? = nil) throws {
        try self.init(config: config, random: RandomSource(seed: seed), detector: FlashCrashDetector())
    }

    /// An engine with its own detector (thresholds, window, opt-in volume condition).
    public convenience init(config: HFNConfig = HFNConfig(), seed: Int? = nil, detector: FlashCrashDetector) throws {
        try self.init(config: config, random: RandomSource(seed: seed), detector: detector)
    }

    /// An engine drawing latency noise from `random` (for example an explicitly seeded
    /// `RandomSource/fast(seed:)`, which is faster but not CPython's stream).
    public init(config: HFNConfig, random: RandomSource, detector: FlashCrashDetector) throws {
        try config.validate()
        self.config = config
        self.detector = detector
        state = try HFNMarket(parameters: config.marketParameters, random: random)
    }

    // MARK: - Handles

    /// The integer handle of an agent, created on first use.
    public func agentHandle(_ agentID: String) -> Int32 {
        if let handle = agentIndex[agentID] { return handle }
        let handle = Int32(agentNames.count)
        agentNames.append(agentID)
        agentIndex[agentID] = handle
        state.addAgent()
        return handle
    }

    /// The integer handle of a resource type (its book), created on first use.
    public func resourceHandle(_ resourceType: String) -> Int {
        if let handle = resourceIndex[resourceType] { return handle }
        let handle = resourceNames.count
        resourceNames.append(resourceType)
        resourceIndex[resourceType] = handle
        state.addBook()
        return handle
    }

    /// The agent ID of a handle.
    public func agentID(ofHandle handle: Int32) -> String { agentNames[Int(handle)] }

    // MARK: - Orders

    /// Submits an order; true when accepted (the reference's `submit_order`).
    ///
    /// - Complexity: as ``submit(_:)``.
    @discardableResult
    public func submitOrder(_ order: HFNOrder) -> Bool {
        submit(order).isAccepted
    }

    /// Submits an order and says what happened to it.
    ///
    /// - Complexity: a bid or ask O(log n) in its book's resting orders, a cancel O(k) for the
    ///   agent's k resting orders in that book, after a hash lookup of each ID.
    public func submit(_ order: HFNOrder) -> HFNSubmission {
        if state.isHalted { return .rejected(.halted) }
        let agent = agentHandle(order.agentID)
        if order.orderType == .cancel {
            return submit(
                agent: agent, resource: resourceIndex[order.resourceType] ?? -1, orderType: .cancel,
                quantity: order.quantity, price: order.price, timestampMs: order.timestampMs,
                latencyMs: order.latencyMs)
        }
        // Refusals come before the book lookup, so a refused order never creates a book
        // (the first book is the spread's source before any trade).
        if Int(state.ordersThisTick[Int(agent)]) >= config.maxOrdersPerTick { return .rejected(.rateLimited) }
        if let rejection = HFNMarket.screen(order.quantity, order.price, order.timestampMs, order.latencyMs) {
            return .rejected(rejection)
        }
        return submit(
            agent: agent, resource: resourceHandle(order.resourceType), orderType: order.orderType,
            quantity: order.quantity, price: order.price, timestampMs: order.timestampMs,
            latencyMs: order.latencyMs)
    }

    /// Submits an order by handles (from ``agentHandle(_:)`` and ``resourceHandle(_:)``).
    ///
    /// The rules of ``submit(_:)``: refused while halted and past the agent's per-tick
    /// limit; a cancel removes the agent's resting orders in that book (a negative
    /// `resource` means a resource type without a book: nothing to remove) and counts
    /// toward the limit; a bid or ask needs finite values, quantity > 0 and price > 0, then
    /// gets its latency draw and rests.
    ///
    /// - Complexity: a bid or ask O(log n) in its book's resting orders, a cancel O(k) for the
    ///   agent's k resting orders in that book.
    public func submit(
        agent: Int32, resource: Int, orderType: HFNOrderType, quantity: Double, price: Double,
        timestampMs: Double = 0, latencyMs: Double = 0
    ) -> HFNSubmission {
        state.submit(
            agent: agent, resource: resource, orderType: orderType, quantity: quantity, price: price,
            timestampMs: timestampMs, latencyMs: latencyMs)
    }

    // MARK: - Ticks

    /// Advances one tick: ends a halt that has run out, clears the books on every
    /// `batchIntervalTicks`-th tick (also while halted), records the tick, feeds the
    /// detector (a new crash halts the market for `haltDurationTicks`), and resets the
    /// per-agent counts.
    ///
    /// - Complexity: O(agents active in the tick + windowTicks), plus O(books + trades x log n) on
    ///   a clearing tick.
    @discardableResult
    public func processTick() -> HFNTick {
        let executed = state.advance()
        let tick = HFNTick(
            tickNumber: state.currentTick, ordersSubmitted: state.ordersSubmitted,
            ordersExecuted: executed, ordersCancelled: 0, marketPrice: state.marketPrice,
            bidAskSpread: state.spread, volatility: detector.volatilityIndex, halted: state.isHalted)
        let names = agentNames
        let active = state.activeThisTick
        if detector.update(tick, activeAgentIDs: { active.map { names[Int($0)] } }) != nil {
            state.halt(durationTicks: config.haltDurationTicks)
        }
        tickHistory.append(tick)
        state.endTick()
        return tick
    }

    /// Halts the market until the current tick plus `durationTicks` (nil or 0: the
    /// configuration's `haltDurationTicks`).
    public func halt(durationTicks: Int? = nil) {
        let duration = (durationTicks ?? 0) != 0 ? durationTicks! : config.haltDurationTicks
        state.halt(durationTicks: duration)
    }

    // MARK: - Reports

    /// Every crash the detector has seen.
    public var crashHistory: [FlashCrashEvent] { detector.crashHistory }

    /// Number of trades executed so far.
    public var tradeCount: Int { state.tradePrices.count }

    /// Every trade executed so far, in order.
    ///
    /// - Complexity: O(trades); the engine keeps the log in columns.
    public var trades: [HFNTrade] {
        let log = state
        return log.tradePrices.indices.map { index in
            HFNTrade(
                buyer: agentNames[Int(log.tradeBuyers[index])], seller: agentNames[Int(log.tradeSellers[index])],
                resourceType: resourceNames[Int(log.tradeResources[index])], price: log.tradePrices[index],
                quantity: log.tradeQuantities[index], tick: Int(log.tradeTicks[index]))
        }
    }

    /// Resting orders and open volume over all books (the reference's single book).
    ///
    /// - Complexity: O(n log n) for the n resting orders of each book: every side is sorted to sum
    ///   its volume in priority order.
    public func orderBookDepth() -> HFNOrderBookDepth {
        var total = HFNOrderBookDepth(bids: 0, asks: 0, totalBidVolume: 0, totalAskVolume: 0)
        for book in state.books {
            let depth = book.depth
            total.bids += depth.bids
            total.asks += depth.asks
            total.totalBidVolume += depth.totalBidVolume
            total.totalAskVolume += depth.totalAskVolume
        }
        return total
    }

    /// Resting orders and open volume of one resource type's book (zeros when it has none).
    ///
    /// - Complexity: O(n log n) for the book's n resting orders: each side is sorted to sum its
    ///   volume in priority order.
    public func orderBookDepth(resourceType: String) -> HFNOrderBookDepth {
        guard let handle = resourceIndex[resourceType] else {
            return HFNOrderBookDepth(bids: 0, asks: 0, totalBidVolume: 0, totalAskVolume: 0)
        }
        let depth = state.books[handle].depth
        return HFNOrderBookDepth(
            bids: depth.bids, asks: depth.asks, totalBidVolume: depth.totalBidVolume,
            totalAskVolume: depth.totalAskVolume)
    }

    /// The resting orders of one resource type's book, best first, with agent IDs.
    ///
    /// - Complexity: O(n log n) for the side's n resting orders.
    public func restingOrders(
        resourceType: String, side: OrderBook.Side
    ) -> [(agentID: String, price: Double, quantity: Double)] {
        guard let handle = resourceIndex[resourceType] else { return [] }
        return state.books[handle].restingOrders(side).map { (agentNames[Int($0.agent)], $0.price, $0.quantity) }
    }

    /// Best bid and best ask of one resource type's book.
    public func bestPrices(resourceType: String) -> (bid: Double?, ask: Double?) {
        guard let handle = resourceIndex[resourceType] else { return (nil, nil) }
        return (state.books[handle].bestBid, state.books[handle].bestAsk)
    }

    /// Gini coefficient of trade counts per agent (buyer and seller each count once per
    /// trade; agents that never traded are left out, as in the reference); 0 without trades.
    ///
    /// - Complexity: O(agents log agents).
    public func speedAdvantageGini() -> Double {
        giniCoefficient(state.tradeCounts.lazy.filter { $0 > 0 }.map(Double.init))
    }
}
