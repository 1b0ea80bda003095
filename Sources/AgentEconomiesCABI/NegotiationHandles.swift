import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The state behind an `ae_hfn` handle: the market on integer handles, the circuit breaker's
/// detector, and the agents active on each crash's tick.
struct HFNEngineState: Sendable {
    var market: HFNMarket
    var monitor: FlashCrashMonitor
    let haltDurationTicks: Int
    var crashAgents: [[Int32]] = []
}

/// The C outcome code of a submission.
func outcomeCode(_ submission: HFNSubmission) -> Int32 {
    switch submission {
    case .accepted: return AE_HFN_ACCEPTED
    case .cancelled: return AE_HFN_CANCELLED
    case .rejected(.halted): return AE_HFN_REJECTED_HALTED
    case .rejected(.rateLimited): return AE_HFN_REJECTED_RATE_LIMITED
    case .rejected(.nonPositiveQuantity): return AE_HFN_REJECTED_QUANTITY
    case .rejected(.nonPositivePrice): return AE_HFN_REJECTED_PRICE
    case .rejected(.notFinite): return AE_HFN_REJECTED_NOT_FINITE
    case .rejected(.unknownOrderType): return AE_HFN_REJECTED_UNKNOWN_TYPE
    }
}

extension HFNEngineState {
    /// Checks an order's handles and kind against the engine (the field names carry `index`
    /// for batches).
    func check(agent: Int32, book: Int64, orderType: Int32, suffix: String) throws {
        if agent < 0 || Int(agent) >= market.agentCount {
            throw CallError(
                status: AE_ERROR_OUT_OF_RANGE,
                message: "agent\(suffix) must be in 0..<\(market.agentCount), got \(agent)")
        }
        guard (AE_ORDER_BID...AE_ORDER_OTHER).contains(orderType) else {
            throw CallError.option(
                "order_type\(suffix)", orderType,
                "AE_ORDER_BID (0), AE_ORDER_ASK (1), AE_ORDER_CANCEL (2), AE_ORDER_OTHER (3)")
        }
        let bookCount = Int64(market.books.count)
        if book >= bookCount || (book < 0 && orderType != AE_ORDER_CANCEL && orderType != AE_ORDER_OTHER) {
            throw CallError(
                status: AE_ERROR_OUT_OF_RANGE, message: "book\(suffix) must be in 0..<\(bookCount), got \(book)")
        }
    }

    /// Submits one checked order.
    mutating func submit(
        agent: Int32, book: Int64, orderType: Int32, quantity: Double, price: Double, timestampMs: Double,
        latencyMs: Double
    ) -> HFNSubmission {
        switch orderType {
        case AE_ORDER_OTHER:
            return market.submitUnknownKind(
                agent: agent, quantity: quantity, price: price, timestampMs: timestampMs, latencyMs: latencyMs)
        default:
            let kind: HFNOrderType = orderType == AE_ORDER_BID ? .bid : orderType == AE_ORDER_ASK ? .ask : .cancel
            return market.submit(
                agent: agent, resource: Int(book), orderType: kind, quantity: quantity, price: price,
                timestampMs: timestampMs, latencyMs: latencyMs)
        }
    }

    /// One tick: the market advances, the tick is recorded and shown to the detector; a new
    /// crash halts the market.
    mutating func processTick() -> ae_hfn_tick {
        let executed = market.advance()
        let volatility = monitor.volatilityIndex
        let submitted = market.ordersSubmitted
        let haltedBefore = market.isHalted
        let started = monitor.update(price: market.marketPrice, volume: submitted, tick: market.currentTick)
        if started {
            crashAgents.append(market.activeThisTick)
            market.halt(durationTicks: haltDurationTicks)
        }
        let tick = ae_hfn_tick(
            tick_number: Int64(market.currentTick), orders_submitted: Int64(submitted),
            orders_executed: Int64(executed), market_price: market.marketPrice, bid_ask_spread: market.spread,
            volatility: volatility, halted: haltedBefore ? 1 : 0, crash_started: started ? 1 : 0)
        market.endTick()
        return tick
    }
}

/// `ae_hfn_options_default`.
@c(ae_hfn_options_default)
public func aeHFNOptionsDefault(_ options: UnsafeMutablePointer<ae_hfn_options>?) {
    guard let options else { return }
    let defaults = HFNMarket.Parameters()
    var crash = ae_crash_options()
    aeCrashOptionsDefault(&crash)
    options.pointee = ae_hfn_options(
        struct_size: MemoryLayout<ae_hfn_options>.size, max_orders_per_tick: Int32(defaults.maxOrdersPerTick),
        latency_noise_ms: defaults.latencyNoiseMs,
        priority_by_speed: 1, batch_interval_ticks: Int32(defaults.batchIntervalTicks), halt_duration_ticks: 20,
        crash: crash)
}

/// `ae_hfn_create`.
@c(ae_hfn_create)
public func aeHFNCreate(
    _ options: UnsafePointer<ae_hfn_options>?, _ seedWords: UnsafePointer<UInt32>?, _ seedWordCount: Int64,
    _ seeded: Int32, _ engine: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<CChar>?,
    _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        guard let options else { throw CallError.null("options") }
        let out = try Buffer.required(engine, "engine")
        let o = options.pointee
        try checkStructSize(o.struct_size, MemoryLayout<ae_hfn_options>.size, "options")
        try checkStructSize(o.crash.struct_size, MemoryLayout<ae_crash_options>.size, "options.crash")
        try Validate.nonNegative(o.latency_noise_ms, "options.latency_noise_ms")
        try Validate.atLeast(Int(o.max_orders_per_tick), 1, "options.max_orders_per_tick")
        try Validate.atLeast(Int(o.batch_interval_ticks), 1, "options.batch_interval_ticks")
        try Validate.atLeast(Int(o.halt_duration_ticks), 1, "options.halt_duration_ticks")
        let parameters = HFNMarket.Parameters(
            maxOrdersPerTick: Int(o.max_orders_per_tick), latencyNoiseMs: o.latency_noise_ms,
            priorityBySpeed: try flag(o.priority_by_speed, "options.priority_by_speed"),
            batchIntervalTicks: Int(o.batch_interval_ticks))
        let market = try HFNMarket(
            parameters: parameters, random: randomSource(words: seedWords, count: seedWordCount, seeded: seeded))
        let monitor = try FlashCrashMonitor(crashParameters(o.crash), owner: "options.crash")
        let state = HFNEngineState(market: market, monitor: monitor, haltDurationTicks: Int(o.halt_duration_ticks))
        out.pointee = Handles.register(HandleBox(state))
    }
}

/// `ae_hfn_destroy`.
@c(ae_hfn_destroy)
public func aeHFNDestroy(_ engine: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int) -> ae_status {
    call(error, errorSize) { try Handles.destroy(engine, "engine", as: HFNEngineState.self) }
}

/// `ae_hfn_reserve`.
@c(ae_hfn_reserve)
public func aeHFNReserve(
    _ engine: OpaquePointer?, _ agents: Int64, _ books: Int64, _ error: UnsafeMutablePointer<CChar>?,
    _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let agentCount = try Buffer.count(agents, "agents"), bookCount = try Buffer.count(books, "books")
        // Per-agent and per-book arrays are allocated up front: refuse what would exhaust memory.
        if agentCount > 1 << 26 { throw CallError.size("agents", agents, "<= \(1 << 26)") }
        if bookCount > 1 << 16 { throw CallError.size("books", books, "<= \(1 << 16)") }
        try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            while state.market.agentCount < agentCount { state.market.addAgent() }
            while state.market.books.count < bookCount { state.market.addBook() }
        }
    }
}

/// `ae_hfn_submit`.
@c(ae_hfn_submit)
public func aeHFNSubmit(
    _ engine: OpaquePointer?, _ agent: Int32, _ book: Int64, _ orderType: Int32, _ quantity: Double,
    _ price: Double, _ timestampMs: Double, _ latencyMs: Double, _ outcome: UnsafeMutablePointer<Int32>?,
    _ latencyOut: UnsafeMutablePointer<Double>?, _ cancelled: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let result = try Buffer.required(outcome, "outcome")
        let answer = try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            try state.check(agent: agent, book: book, orderType: orderType, suffix: "")
            return state.submit(
                agent: agent, book: book, orderType: orderType, quantity: quantity, price: price,
                timestampMs: timestampMs, latencyMs: latencyMs)
        }
        result.pointee = outcomeCode(answer)
        if case let .accepted(latency) = answer { latencyOut?.pointee = latency }
        if case let .cancelled(count) = answer { cancelled?.pointee = Int64(count) }
    }
}

/// `ae_hfn_submit_batch`.
@c(ae_hfn_submit_batch)
public func aeHFNSubmitBatch(
    _ engine: OpaquePointer?, _ n: Int64, _ agents: UnsafePointer<Int32>?, _ books: UnsafePointer<Int64>?,
    _ orderTypes: UnsafePointer<Int32>?, _ quantities: UnsafePointer<Double>?, _ prices: UnsafePointer<Double>?,
    _ timestamps: UnsafePointer<Double>?, _ latencies: UnsafePointer<Double>?,
    _ outcomes: UnsafeMutablePointer<Int32>?, _ latenciesOut: UnsafeMutablePointer<Double>?,
    _ accepted: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let count = try Buffer.count(n, "n")
        let agentColumn = try Buffer.input(agents, count, "agents"), bookColumn = try Buffer.input(books, count, "books")
        let types = try Buffer.input(orderTypes, count, "order_types")
        let quantityColumn = try Buffer.input(quantities, count, "quantities")
        let priceColumn = try Buffer.input(prices, count, "prices")
        let acceptedOut = try Buffer.required(accepted, "accepted")
        let total = try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            for index in 0..<count {
                try state.check(
                    agent: agentColumn[index], book: bookColumn[index], orderType: types[index], suffix: "s[\(index)]")
            }
            var total: Int64 = 0
            for index in 0..<count {
                let answer = state.submit(
                    agent: agentColumn[index], book: bookColumn[index], orderType: types[index],
                    quantity: quantityColumn[index], price: priceColumn[index], timestampMs: timestamps?[index] ?? 0,
                    latencyMs: latencies?[index] ?? 0)
                if answer.isAccepted { total += 1 }
                outcomes?[index] = outcomeCode(answer)
                if let latenciesOut { latenciesOut[index] = { if case let .accepted(l) = answer { l } else { .nan } }() }
            }
            return total
        }
        acceptedOut.pointee = total
    }
}

/// `ae_hfn_process_tick`.
@c(ae_hfn_process_tick)
public func aeHFNProcessTick(
    _ engine: OpaquePointer?, _ tick: UnsafeMutablePointer<ae_hfn_tick>?, _ error: UnsafeMutablePointer<CChar>?,
    _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let record = try Handles.with(engine, "engine") { (state: inout HFNEngineState) in state.processTick() }
        tick?.pointee = record
    }
}

/// `ae_hfn_halt`.
@c(ae_hfn_halt)
public func aeHFNHalt(
    _ engine: OpaquePointer?, _ duration: Int64, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let ticks = try Buffer.count(duration, "duration_ticks")
        try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            state.market.halt(durationTicks: ticks == 0 ? state.haltDurationTicks : ticks)
        }
    }
}

/// `ae_hfn_state_get`.
@c(ae_hfn_state_get)
public func aeHFNStateGet(
    _ engine: OpaquePointer?, _ out: UnsafeMutablePointer<ae_hfn_state>?, _ error: UnsafeMutablePointer<CChar>?,
    _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let target = try Buffer.required(out, "state")
        target.pointee = try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            let market = state.market
            var bids = 0, asks = 0, totalBidVolume = 0.0, totalAskVolume = 0.0
            for book in market.books {
                let depth = book.depth
                bids += depth.bids
                asks += depth.asks
                totalBidVolume += depth.totalBidVolume
                totalAskVolume += depth.totalAskVolume
            }
            return ae_hfn_state(
                current_tick: Int64(market.currentTick), halt_until_tick: Int64(market.haltUntilTick),
                market_price: market.marketPrice, halted: market.isHalted ? 1 : 0,
                in_crash: state.monitor.isInCrash ? 1 : 0, agents: Int64(market.agentCount),
                books: Int64(market.books.count), resting_bids: Int64(bids), resting_asks: Int64(asks),
                total_bid_volume: totalBidVolume, total_ask_volume: totalAskVolume, trade_count: Int64(market.tradePrices.count),
                crash_count: Int64(state.monitor.crashes.count), volatility: state.monitor.volatilityIndex)
        }
    }
}

/// `ae_hfn_trades`.
@c(ae_hfn_trades)
public func aeHFNTrades(
    _ engine: OpaquePointer?, _ start: Int64, _ capacity: Int64, _ buyers: UnsafeMutablePointer<Int32>?,
    _ sellers: UnsafeMutablePointer<Int32>?, _ books: UnsafeMutablePointer<Int64>?,
    _ prices: UnsafeMutablePointer<Double>?, _ quantities: UnsafeMutablePointer<Double>?,
    _ ticks: UnsafeMutablePointer<Int64>?, _ written: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let first = try Buffer.count(start, "start"), room = try Buffer.count(capacity, "capacity")
        let writtenOut = try Buffer.required(written, "written")
        try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            let market = state.market
            let count = max(0, min(room, market.tradePrices.count - first))
            for index in 0..<count {
                let trade = first + index
                buyers?[index] = market.tradeBuyers[trade]
                sellers?[index] = market.tradeSellers[trade]
                books?[index] = Int64(market.tradeResources[trade])
                prices?[index] = market.tradePrices[trade]
                quantities?[index] = market.tradeQuantities[trade]
                ticks?[index] = Int64(market.tradeTicks[trade])
            }
            writtenOut.pointee = Int64(count)
        }
    }
}

/// `ae_hfn_crashes`.
@c(ae_hfn_crashes)
public func aeHFNCrashes(
    _ engine: OpaquePointer?, _ start: Int64, _ capacity: Int64, _ crashes: UnsafeMutablePointer<ae_crash>?,
    _ written: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            let agents = state.crashAgents
            try copyCrashes(
                state.monitor.crashes, agents: { agents[$0].count }, start: start, capacity: capacity,
                into: crashes, written: written)
        }
    }
}

/// `ae_hfn_crash_agents`.
@c(ae_hfn_crash_agents)
public func aeHFNCrashAgents(
    _ engine: OpaquePointer?, _ crash: Int64, _ agents: UnsafeMutablePointer<Int32>?, _ capacity: Int64,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let room = try Buffer.count(capacity, "capacity")
        try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            guard crash >= 0, crash < Int64(state.crashAgents.count) else {
                throw CallError(
                    status: AE_ERROR_OUT_OF_RANGE,
                    message: "crash must be in 0..<\(state.crashAgents.count), got \(crash)")
            }
            let list = state.crashAgents[Int(crash)]
            if room < list.count {
                throw CallError(
                    status: AE_ERROR_CAPACITY, message: "capacity must be at least \(list.count), got \(room)")
            }
            let out = try Buffer.output(agents, list.count, "agents")
            for (index, agent) in list.enumerated() { out[index] = agent }
        }
    }
}

/// `ae_hfn_speed_gini`.
@c(ae_hfn_speed_gini)
public func aeHFNSpeedGini(
    _ engine: OpaquePointer?, _ gini: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?,
    _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(gini, "gini")
        out.pointee = try Handles.with(engine, "engine") { (state: inout HFNEngineState) in
            giniCoefficient(state.market.tradeCounts.lazy.filter { $0 > 0 }.map(Double.init))
        }
    }
}
