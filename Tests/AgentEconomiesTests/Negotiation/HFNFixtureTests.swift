import AgentEconomies
import Testing

/// The layout of `Tests/Fixtures/hfn.json` (generate_hfn_fixtures.py).
struct HFNFixtureFile: Decodable {
    struct Order: Decodable, Sendable {
        let agent_id: String
        let order_type: String
        let resource_type: String
        let quantity: Double
        let price: Double
        let timestamp_ms: Double
        let latency_ms: Double
    }
    struct Trade: Decodable, Sendable {
        let buyer: String
        let seller: String
        let price: Double
        let quantity: Double
        let tick: Int
    }
    struct Depth: Decodable, Sendable {
        let bids: Int
        let asks: Int
        let total_bid_volume: Double
        let total_ask_volume: Double
    }
    struct Crash: Decodable, Sendable {
        let start_tick: Int
        let end_tick: Int
        let price_drop_pct: Double
        let trigger_agent_ids: [String]
        let recovery_time_ticks: Int
        let severity: Double
    }
    struct Step: Decodable, Sendable {
        let op: String
        let order: Order?
        let accepted: Bool?
        let latency_ms_after: Double?
        let tick: HFNTick?
        let trades: [Trade]?
        let is_halted_after: Bool?
        let market_price_after: Double?
        let depth: Depth?
        let duration: Int?
    }
    struct Final: Decodable, Sendable {
        let crash_history: [Crash]
        let market_price: Double
        let is_halted: Bool
        let current_tick: Int
        let speed_advantage_gini: Double
        let depth: Depth
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let config: HFNConfig
        let seed: Int?
        let steps: [Step]
        let final: Final
        var testDescription: String { name }
    }
    struct DetectorUpdate: Decodable, Sendable {
        let tick_number: Int
        let market_price: Double
        let orders_submitted: Int
        let active_agent_ids: [String]
        let event: Crash?
        let volatility_after: Double
        let in_crash_after: Bool
    }
    struct DetectorCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let price_drop_threshold: Double
        let window_ticks: Int
        let volume_spike_factor: Double
        let updates: [DetectorUpdate]
        let crash_history: [Crash]
        var testDescription: String { name }
    }
    let cases: [Case]
    let detector_cases: [DetectorCase]

    static let shared: HFNFixtureFile = try! Fixtures.load("hfn.json")
}

private func matches(_ event: FlashCrashEvent, _ expected: HFNFixtureFile.Crash) -> Bool {
    event.startTick == expected.start_tick && event.endTick == expected.end_tick
        && close(event.priceDropPct, expected.price_drop_pct) && event.triggerAgentIDs == expected.trigger_agent_ids
        && event.recoveryTimeTicks == expected.recovery_time_ticks && close(event.severity, expected.severity)
}

private func matches(_ depth: HFNOrderBookDepth, _ expected: HFNFixtureFile.Depth) -> Bool {
    depth.bids == expected.bids && depth.asks == expected.asks
        && close(depth.totalBidVolume, expected.total_bid_volume)
        && close(depth.totalAskVolume, expected.total_ask_volume)
}

@Suite struct HFNFixtureTests {
    /// Every submit answer and latency, every tick record, trade, depth and crash event.
    @Test(arguments: HFNFixtureFile.shared.cases)
    func engineMatchesReference(_ fixture: HFNFixtureFile.Case) throws {
        let engine = try HFNEngine(config: fixture.config, seed: fixture.seed)
        var tradesSeen = 0
        for (index, step) in fixture.steps.enumerated() {
            switch step.op {
            case "submit":
                let input = try #require(step.order)
                let type = try #require(HFNOrderType(rawValue: input.order_type))
                let order = HFNOrder(
                    agentID: input.agent_id, orderType: type, resourceType: input.resource_type,
                    quantity: input.quantity, price: input.price, timestampMs: input.timestamp_ms,
                    latencyMs: input.latency_ms)
                let submission = engine.submit(order)
                #expect(submission.isAccepted == step.accepted, "step \(index): \(submission)")
                if case let .accepted(latency) = submission {
                    #expect(close(latency, step.latency_ms_after!), "step \(index) latency")
                }
            case "tick":
                let tick = engine.processTick()
                let expected = try #require(step.tick)
                #expect(
                    tick.tickNumber == expected.tickNumber && tick.ordersSubmitted == expected.ordersSubmitted
                        && tick.ordersExecuted == expected.ordersExecuted && tick.halted == expected.halted,
                    "step \(index): \(tick) vs \(expected)")
                #expect(
                    close(tick.marketPrice, expected.marketPrice) && close(tick.bidAskSpread, expected.bidAskSpread)
                        && close(tick.volatility, expected.volatility), "step \(index): \(tick) vs \(expected)")
                let trades = engine.trades
                let newTrades = Array(trades[tradesSeen...])
                tradesSeen = trades.count
                let expectedTrades = step.trades ?? []
                #expect(newTrades.count == expectedTrades.count, "step \(index) trades")
                for (trade, reference) in zip(newTrades, expectedTrades) {
                    #expect(
                        trade.buyer == reference.buyer && trade.seller == reference.seller
                            && close(trade.price, reference.price) && close(trade.quantity, reference.quantity)
                            && trade.tick == reference.tick, "step \(index): \(trade)")
                }
                #expect(engine.isHalted == step.is_halted_after, "step \(index) halted")
                #expect(close(engine.marketPrice, step.market_price_after!))
                if let depth = step.depth {
                    #expect(matches(engine.orderBookDepth(), depth), "step \(index) depth")
                }
            case "halt":
                engine.halt(durationTicks: step.duration)
            default:
                Issue.record("unknown op \(step.op)")
            }
        }
        let final = fixture.final
        #expect(engine.crashHistory.count == final.crash_history.count)
        for (event, expected) in zip(engine.crashHistory, final.crash_history) {
            #expect(matches(event, expected), "\(event)")
        }
        #expect(close(engine.marketPrice, final.market_price))
        #expect(engine.isHalted == final.is_halted && engine.currentTick == final.current_tick)
        #expect(close(engine.speedAdvantageGini(), final.speed_advantage_gini))
        #expect(matches(engine.orderBookDepth(), final.depth))
        #expect(engine.tickHistory.count == final.current_tick)
    }

    /// The detector on its own: events, volatility and crash state after every update.
    @Test(arguments: HFNFixtureFile.shared.detector_cases)
    func detectorMatchesReference(_ fixture: HFNFixtureFile.DetectorCase) throws {
        let detector = try FlashCrashDetector(
            priceDropThreshold: fixture.price_drop_threshold,
            windowTicks: fixture.window_ticks,
            volumeSpikeFactor: fixture.volume_spike_factor)
        for update in fixture.updates {
            let event = detector.update(
                HFNTick(
                    tickNumber: update.tick_number, ordersSubmitted: update.orders_submitted,
                    marketPrice: update.market_price),
                activeAgentIDs: update.active_agent_ids)
            #expect((event == nil) == (update.event == nil), "tick \(update.tick_number)")
            if let event, let expected = update.event { #expect(matches(event, expected)) }
            #expect(close(detector.volatilityIndex, update.volatility_after), "tick \(update.tick_number)")
            #expect(detector.isInCrash == update.in_crash_after)
        }
        #expect(detector.crashHistory.count == fixture.crash_history.count)
        for (event, expected) in zip(detector.crashHistory, fixture.crash_history) {
            #expect(matches(event, expected))
        }
    }
}
