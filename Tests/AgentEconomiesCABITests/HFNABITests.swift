import AgentEconomiesCHeader
import Testing

/// HFN engines on a known order flow.
enum Market {
    /// A seeded engine (batch clearing every tick) with three agents and one book.
    static func engine(_ change: (inout ae_hfn_options) -> Void = { _ in }) -> OpaquePointer? {
        var options = ae_hfn_options()
        ae_hfn_options_default(&options)
        options.batch_interval_ticks = 1
        change(&options)
        var engine: OpaquePointer? = nil
        _ = capture { ae_hfn_create(&options, [42], 1, 1, &engine, $0, $1) }
        _ = capture { ae_hfn_reserve(engine, 3, 1, $0, $1) }
        return engine
    }

    /// Submits one order; its outcome code.
    static func submit(_ engine: OpaquePointer?, _ agent: Int32, _ type: Int32, _ quantity: Double, _ price: Double) -> Int32 {
        var outcome: Int32 = -1
        _ = capture { ae_hfn_submit(engine, agent, 0, type, quantity, price, 0, 0, &outcome, nil, nil, $0, $1) }
        return outcome
    }

    /// Two ticks: a trade at 1.0 (agent 0 buys from 1), then one at 0.75 (agent 2 buys from 1),
    /// a 25% drop that starts a crash (severity 2.5) and a 20-tick halt.
    static func crashed() -> OpaquePointer? {
        let engine = engine()
        var tick = ae_hfn_tick()
        _ = submit(engine, 0, AE_ORDER_BID, 1, 1.1)
        _ = submit(engine, 1, AE_ORDER_ASK, 1, 0.9)
        _ = capture { ae_hfn_process_tick(engine, &tick, $0, $1) }
        _ = submit(engine, 2, AE_ORDER_BID, 1, 0.8)
        _ = submit(engine, 1, AE_ORDER_ASK, 1, 0.7)
        _ = capture { ae_hfn_process_tick(engine, &tick, $0, $1) }
        return engine
    }
}

/// The HFN engine and the flash-crash detector through the C ABI: submission outcomes (each
/// rejection code), cancels, batches checked before any order, the tick record, the crash,
/// halt and trade log, the speed Gini, seeded latencies, and the detector's crash records.
@Suite struct HFNABITests {
    @Test("each submission outcome: accepted, cancelled and every rejection code")
    func outcomes() {
        let engine = Market.engine { $0.max_orders_per_tick = 2 }
        defer { ae_hfn_destroy(engine, nil, 0) }
        #expect(Market.submit(engine, 0, AE_ORDER_BID, 0, 1) == AE_HFN_REJECTED_QUANTITY)
        #expect(Market.submit(engine, 0, AE_ORDER_BID, 1, -1) == AE_HFN_REJECTED_PRICE)
        #expect(Market.submit(engine, 0, AE_ORDER_BID, .nan, 1) == AE_HFN_REJECTED_NOT_FINITE)
        #expect(Market.submit(engine, 0, AE_ORDER_OTHER, 1, 1) == AE_HFN_REJECTED_UNKNOWN_TYPE)
        #expect(Market.submit(engine, 1, AE_ORDER_BID, 2, 0.5) == AE_HFN_ACCEPTED)
        var outcome: Int32 = -1, cancelled: Int64 = -1
        #expect(
            capture { ae_hfn_submit(engine, 1, 0, AE_ORDER_CANCEL, 0, 0, 0, 0, &outcome, nil, &cancelled, $0, $1) }.status == AE_OK)
        #expect(outcome == AE_HFN_CANCELLED && cancelled == 1)
        // A cancel on a resource without a book (negative) removes nothing.
        #expect(
            capture { ae_hfn_submit(engine, 2, -1, AE_ORDER_CANCEL, 0, 0, 0, 0, &outcome, nil, &cancelled, $0, $1) }.status == AE_OK)
        #expect(outcome == AE_HFN_CANCELLED && cancelled == 0)
        #expect(Market.submit(engine, 1, AE_ORDER_BID, 1, 0.5) == AE_HFN_REJECTED_RATE_LIMITED)
        #expect(capture { ae_hfn_halt(engine, 0, $0, $1) }.status == AE_OK)
        #expect(Market.submit(engine, 2, AE_ORDER_BID, 1, 0.5) == AE_HFN_REJECTED_HALTED)
        var state = ae_hfn_state()
        #expect(capture { ae_hfn_state_get(engine, &state, $0, $1) }.status == AE_OK)
        #expect(state.halted == 1 && state.halt_until_tick == 20 && state.resting_bids == 0)
    }

    @Test("bad handles and kinds are refused naming the argument; a batch is checked before any order")
    func refusals() {
        let engine = Market.engine()
        defer { ae_hfn_destroy(engine, nil, 0) }
        var outcome: Int32 = -1
        #expect(
            capture { ae_hfn_submit(engine, 3, 0, AE_ORDER_BID, 1, 1, 0, 0, &outcome, nil, nil, $0, $1) }.is(
                AE_ERROR_OUT_OF_RANGE, naming: "agent", "0..<3"))
        #expect(
            capture { ae_hfn_submit(engine, 0, 1, AE_ORDER_BID, 1, 1, 0, 0, &outcome, nil, nil, $0, $1) }.is(
                AE_ERROR_OUT_OF_RANGE, naming: "book"))
        #expect(
            capture { ae_hfn_submit(engine, 0, 0, 9, 1, 1, 0, 0, &outcome, nil, nil, $0, $1) }.is(
                AE_ERROR_UNKNOWN_OPTION, naming: "order_type", "9"))
        #expect(outcome == -1)
        var outcomes: [Int32] = [-1, -1], accepted: Int64 = -1
        let batch = capture {
            ae_hfn_submit_batch(
                engine, 2, [0, 7], [0, 0], [AE_ORDER_BID, AE_ORDER_ASK], [1, 1], [1, 1], nil, nil, &outcomes, nil, &accepted, $0, $1)
        }
        #expect(batch.is(AE_ERROR_OUT_OF_RANGE, naming: "agents[1]"), "\(batch)")
        #expect(outcomes == [-1, -1] && accepted == -1)
        var state = ae_hfn_state()
        _ = capture { ae_hfn_state_get(engine, &state, $0, $1) }
        #expect(state.resting_bids == 0)
        #expect(
            capture {
                ae_hfn_submit_batch(
                    engine, 2, [0, 1], [0, 0], [AE_ORDER_BID, AE_ORDER_ASK], [1, 1], [1.1, 0.9], nil, nil, &outcomes, nil, &accepted,
                    $0, $1)
            }.status == AE_OK)
        #expect(outcomes == [AE_HFN_ACCEPTED, AE_HFN_ACCEPTED] && accepted == 2)
        #expect(capture { ae_hfn_reserve(engine, (1 << 26) + 1, 1, $0, $1) }.is(AE_ERROR_INVALID_SIZE, naming: "agents"))
        #expect(capture { ae_hfn_reserve(engine, 1, (1 << 16) + 1, $0, $1) }.is(AE_ERROR_INVALID_SIZE, naming: "books"))
    }

    @Test("ticks, trades, the crash and its halt, and the speed Gini of a known flow")
    func crash() {
        let quiet = Market.engine()
        defer { ae_hfn_destroy(quiet, nil, 0) }
        var gini = -1.0
        #expect(capture { ae_hfn_speed_gini(quiet, &gini, $0, $1) }.status == AE_OK)
        #expect(gini == 0)

        let engine = Market.crashed()
        defer { ae_hfn_destroy(engine, nil, 0) }
        var state = ae_hfn_state()
        #expect(capture { ae_hfn_state_get(engine, &state, $0, $1) }.status == AE_OK)
        #expect(state.current_tick == 2 && state.market_price == 0.75 && state.trade_count == 2)
        #expect(state.crash_count == 1 && state.in_crash == 1 && state.halted == 1 && state.halt_until_tick == 22)
        var crash = ae_crash(), written: Int64 = 0
        _ = capture { ae_hfn_crashes(engine, 0, 1, &crash, &written, $0, $1) }
        #expect(crash.price_drop_pct == 0.25 && abs(crash.severity - 2.5) < 1e-12 && crash.end_tick == 2)
        // Trade counts 1 (agent 0), 2 (agent 1), 1 (agent 2): Gini 1/6.
        #expect(capture { ae_hfn_speed_gini(engine, &gini, $0, $1) }.status == AE_OK)
        #expect(abs(gini - 1.0 / 6) < 1e-12)
        var tick = ae_hfn_tick()
        #expect(capture { ae_hfn_process_tick(engine, &tick, $0, $1) }.status == AE_OK)
        #expect(tick.tick_number == 3 && tick.halted == 1 && tick.crash_started == 0)
    }

    @Test("the same seed gives the same latency draws; seeded must be 0 or 1")
    func seeded() {
        func latencies() -> [Double] {
            let engine = Market.engine { $0.max_orders_per_tick = 100 }
            defer { ae_hfn_destroy(engine, nil, 0) }
            var outcomes = [Int32](repeating: -1, count: 5), out = [Double](repeating: -1, count: 5), accepted: Int64 = 0
            _ = capture {
                ae_hfn_submit_batch(
                    engine, 5, [0, 1, 2, 0, 1], [0, 0, 0, 0, 0], [Int32](repeating: AE_ORDER_BID, count: 5), [1, 1, 1, 1, 1],
                    [1, 1, 1, 1, 1], nil, nil, &outcomes, &out, &accepted, $0, $1)
            }
            return out
        }
        let first = latencies()
        #expect(first == latencies())
        #expect(first.allSatisfy { $0 >= 0 && $0 <= 10 } && Set(first).count == 5)
        var options = ae_hfn_options()
        ae_hfn_options_default(&options)
        var engine: OpaquePointer? = nil
        #expect(capture { ae_hfn_create(&options, nil, 0, 2, &engine, $0, $1) }.is(AE_ERROR_UNKNOWN_OPTION, naming: "seeded"))
        #expect(capture { ae_hfn_create(&options, nil, 1, 1, &engine, $0, $1) }.is(AE_ERROR_NULL_POINTER, naming: "seed_words"))
        #expect(engine == nil)
    }

    @Test("the crash detector: a 20% drop starts a crash, a recovery ends it, reset forgets it")
    func detector() {
        var options = ae_crash_options()
        ae_crash_options_default(&options)
        var detector: OpaquePointer? = nil
        #expect(capture { ae_crash_detector_create(&options, &detector, $0, $1) }.status == AE_OK)
        defer { ae_crash_detector_destroy(detector, nil, 0) }
        var started: Int32 = -1
        for (price, tick, starts) in [(1.0, 1, 0), (0.8, 2, 1), (0.99, 3, 0)] as [(Double, Int64, Int32)] {
            #expect(capture { ae_crash_detector_update(detector, price, 5, tick, &started, $0, $1) }.status == AE_OK)
            #expect(started == starts, "tick \(tick)")
        }
        var volatility = -1.0, inCrash: Int32 = -1, count: Int64 = -1
        #expect(capture { ae_crash_detector_state(detector, &volatility, &inCrash, &count, $0, $1) }.status == AE_OK)
        #expect(count == 1 && inCrash == 0 && volatility > 0)
        var crash = ae_crash(), written: Int64 = -1
        #expect(capture { ae_crash_detector_crashes(detector, 0, 1, &crash, &written, $0, $1) }.status == AE_OK)
        #expect(written == 1 && crash.start_tick == 2 && crash.end_tick == 3 && crash.recovery_time_ticks == 1)
        #expect(abs(crash.severity - 2) < 1e-12 && crash.trigger_agent_count == 0)
        #expect(capture { ae_crash_detector_update(detector, .infinity, 5, 4, nil, $0, $1) }.is(AE_ERROR_NOT_FINITE, naming: "price"))
        #expect(capture { ae_crash_detector_update(detector, 1, -5, 4, nil, $0, $1) }.is(AE_ERROR_INVALID_SIZE, naming: "volume"))
        #expect(capture { ae_crash_detector_reset(detector, $0, $1) }.status == AE_OK)
        #expect(capture { ae_crash_detector_state(detector, &volatility, &inCrash, &count, $0, $1) }.status == AE_OK)
        #expect(count == 0 && inCrash == 0 && volatility == 0)
    }
}
