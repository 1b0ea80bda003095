/// The mutable state of an ``HFNEngine`` in one value: books, per-tick counts, the trade
/// log, price and halt. The engine holds it in a single stored property, so an order costs
/// one exclusivity check instead of one per field.
struct HFNMarketState {
    let maxOrdersPerTick: Int
    let latencyNoiseMs: Double
    let priorityBySpeed: Bool
    let batchIntervalTicks: Int

    var random: RandomSource
    var books: [OrderBook] = []
    var currentTick = 0
    var marketPrice = 1.0
    var isHalted = false
    var haltUntilTick = 0
    /// The book whose resource traded last (or the first book), for the tick's spread.
    var spreadBook = 0

    /// Orders accepted this tick, by agent handle.
    var ordersThisTick: [Int32] = []
    /// Agents with an accepted order this tick, in order of their first.
    var activeThisTick: [Int32] = []
    /// Trades per agent handle, buyer and seller sides both.
    var tradeCounts: [Int] = []

    // The trade log, column by column.
    var tradeBuyers: [Int32] = []
    var tradeSellers: [Int32] = []
    var tradeResources: [Int32] = []
    var tradePrices: [Double] = []
    var tradeQuantities: [Double] = []
    var tradeTicks: [Int32] = []

    init(config: HFNConfig, random: RandomSource) {
        maxOrdersPerTick = config.maxOrdersPerTick
        latencyNoiseMs = config.latencyNoiseMs
        priorityBySpeed = config.priorityBySpeed
        batchIntervalTicks = config.batchIntervalTicks
        self.random = random
    }

    mutating func addAgent() {
        ordersThisTick.append(0)
        tradeCounts.append(0)
    }

    mutating func submit(agent: Int32, resource: Int, orderType: HFNOrderType, quantity: Double, price: Double,
                         timestampMs: Double, latencyMs: Double) -> HFNSubmission {
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
            try books[resource].add(orderType == .bid ? .bid : .ask, agent: agent, quantity: quantity,
                                    price: price, time: time)
        } catch {
            // Values were screened above; only an overflowing effective time can reach here.
            return .rejected(.notFinite(field: "HFNOrder.effectiveTime", value: timestampMs + latency))
        }
        countAccepted(agent, count)
        return .accepted(latencyMs: latency)
    }

    private mutating func countAccepted(_ agent: Int32, _ count: Int) {
        if count == 0 { activeThisTick.append(agent) }
        ordersThisTick[Int(agent)] = Int32(count + 1)
    }

    /// NaN and infinities first (the library's addition), then the reference's rules.
    static func screen(_ quantity: Double, _ price: Double, _ timestampMs: Double,
                       _ latencyMs: Double) -> HFNRejection? {
        if !quantity.isFinite { return .notFinite(field: "HFNOrder.quantity", value: quantity) }
        if !price.isFinite { return .notFinite(field: "HFNOrder.price", value: price) }
        if !timestampMs.isFinite { return .notFinite(field: "HFNOrder.timestampMs", value: timestampMs) }
        if !latencyMs.isFinite { return .notFinite(field: "HFNOrder.latencyMs", value: latencyMs) }
        if quantity <= 0 { return .nonPositiveQuantity(quantity) }
        if price <= 0 { return .nonPositivePrice(price) }
        return nil
    }

    /// Starts a tick: ends a halt that has run out and clears the books when the tick is a
    /// multiple of the batch interval. Returns the number of trades.
    mutating func advance() -> Int {
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
    var spread: Double {
        guard !books.isEmpty, let bestAsk = books[spreadBook].bestAsk else { return 0 }
        return max(0, bestAsk - (books[spreadBook].bestBid ?? 0))
    }

    /// Orders accepted this tick, cancels included.
    var ordersSubmitted: Int {
        var submitted = 0
        for agent in activeThisTick { submitted += Int(ordersThisTick[Int(agent)]) }
        return submitted
    }

    /// Resets the per-agent counts at the end of a tick.
    mutating func endTick() {
        for agent in activeThisTick { ordersThisTick[Int(agent)] = 0 }
        activeThisTick.removeAll(keepingCapacity: true)
    }

    mutating func halt(durationTicks: Int) {
        isHalted = true
        haltUntilTick = currentTick + durationTicks
    }
}
