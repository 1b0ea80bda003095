import AgentEconomies
import Foundation
import Testing

@Suite struct HFNEngineTests {
    private func order(
        _ agent: String, _ type: HFNOrderType, _ quantity: Double, _ price: Double,
        resource: String = "compute", timestampMs: Double = 0
    ) -> HFNOrder {
        HFNOrder(
            agentID: agent, orderType: type, resourceType: resource, quantity: quantity, price: price,
            timestampMs: timestampMs)
    }

    @Test func quickStartFlow() throws {
        let engine = try HFNEngine(
            config: HFNConfig(
                tickDurationMs: 100, maxOrdersPerTick: 10, latencyNoiseMs: 10,
                batchIntervalTicks: 5, haltDurationTicks: 20), seed: 42)
        #expect(engine.submitOrder(order("agent_1", .bid, 5, 1.2)))
        #expect(engine.submitOrder(order("agent_2", .ask, 5, 1.1)))
        for _ in 0..<4 { #expect(engine.processTick().ordersExecuted == 0) }
        let tick = engine.processTick()
        #expect(tick.tickNumber == 5 && tick.ordersExecuted == 1)
        #expect(close(tick.marketPrice, 1.15))
        #expect(
            engine.trades == [
                HFNTrade(
                    buyer: "agent_1", seller: "agent_2", resourceType: "compute",
                    price: tick.marketPrice, quantity: 5, tick: 5)
            ])
        #expect(engine.speedAdvantageGini() == 0)
        #expect(engine.crashHistory.isEmpty)
    }

    @Test func haltsRejectEveryOrderUntilTheyEnd() throws {
        let engine = try HFNEngine(config: HFNConfig(latencyNoiseMs: 0), seed: 1)
        engine.halt(durationTicks: 3)
        #expect(engine.isHalted)
        #expect(engine.submit(order("a", .bid, 1, 1)) == .rejected(.halted))
        #expect(engine.submit(order("a", .cancel, 0, 0)) == .rejected(.halted))
        engine.processTick()
        engine.processTick()
        #expect(engine.isHalted)
        let third = engine.processTick()
        #expect(!third.halted && !engine.isHalted)
        #expect(engine.submitOrder(order("a", .bid, 1, 1)))
        engine.halt(durationTicks: 0)  // 0 means the configured 20 ticks
        #expect(engine.haltUntilTick == 3 + 20)
    }

    @Test func rateLimitCountsCancelsAndResetsEachTick() throws {
        let engine = try HFNEngine(config: HFNConfig(maxOrdersPerTick: 3, latencyNoiseMs: 0))
        #expect(engine.submitOrder(order("a", .bid, 1, 1)))
        #expect(engine.submitOrder(order("a", .cancel, 0, 0)))
        #expect(engine.submit(order("a", .bid, 0, 1)) == .rejected(.nonPositiveQuantity(0)))  // not counted
        #expect(engine.submitOrder(order("a", .ask, 1, 2)))
        #expect(engine.submit(order("a", .ask, 1, 2)) == .rejected(.rateLimited))
        #expect(engine.submitOrder(order("b", .ask, 1, 2)))
        #expect(engine.processTick().ordersSubmitted == 4)
        #expect(engine.submitOrder(order("a", .ask, 1, 2)))
    }

    @Test func cancelRemovesBothSidesOfOneResourceOnly() throws {
        let engine = try HFNEngine(config: HFNConfig(latencyNoiseMs: 0))
        engine.submitOrder(order("a", .bid, 1, 1))
        engine.submitOrder(order("a", .ask, 1, 3))
        engine.submitOrder(order("a", .bid, 1, 1, resource: "data"))
        engine.submitOrder(order("b", .bid, 1, 1))
        #expect(engine.submit(order("a", .cancel, 0, 0)) == .cancelled(count: 2))
        #expect(
            engine.orderBookDepth(resourceType: "compute") == HFNOrderBookDepth(bids: 1, asks: 0, totalBidVolume: 1, totalAskVolume: 0)
        )
        #expect(engine.orderBookDepth(resourceType: "data").bids == 1)
        #expect(engine.submit(order("a", .cancel, 0, 0, resource: "nothing")) == .cancelled(count: 0))
    }

    /// Deviation: one book per resource type, so a compute bid never fills a bandwidth ask.
    @Test func booksAreSeparatePerResourceType() throws {
        let engine = try HFNEngine(config: HFNConfig(latencyNoiseMs: 0, batchIntervalTicks: 1))
        engine.submitOrder(order("a", .bid, 2, 5, resource: "compute"))
        engine.submitOrder(order("b", .ask, 2, 1, resource: "bandwidth"))
        #expect(engine.processTick().ordersExecuted == 0)
        engine.submitOrder(order("c", .ask, 1, 4, resource: "compute"))
        let tick = engine.processTick()
        #expect(tick.ordersExecuted == 1 && tick.marketPrice == 4.5)
        #expect(engine.trades.map(\.resourceType) == ["compute"])
        #expect(engine.orderBookDepth() == HFNOrderBookDepth(bids: 1, asks: 1, totalBidVolume: 1, totalAskVolume: 2))
    }

    /// Deviation: priorityBySpeed = false serves equal prices by arrival, ignoring latency.
    @Test func priorityBySpeedOffUsesArrival() throws {
        for bySpeed in [true, false] {
            let engine = try HFNEngine(
                config: HFNConfig(
                    latencyNoiseMs: 0, priorityBySpeed: bySpeed,
                    batchIntervalTicks: 1))
            engine.submitOrder(order("slow", .bid, 1, 2, timestampMs: 50))
            engine.submitOrder(order("fast", .bid, 1, 2, timestampMs: 10))
            engine.submitOrder(order("seller", .ask, 1, 2))
            engine.processTick()
            #expect(engine.trades.first?.buyer == (bySpeed ? "fast" : "slow"))
        }
    }

    /// Seeded latency noise is CPython's `random.Random(42).uniform(0, 10)` stream.
    @Test func seededLatencyFollowsCPython() throws {
        let engine = try HFNEngine(config: HFNConfig(latencyNoiseMs: 10), seed: 42)
        let expected = [0.6394267984578837, 0.025010755222666936, 0.27502931836911926].map { 10 * $0 }
        for value in expected {
            guard case let .accepted(latency) = engine.submit(order("a", .bid, 1, 1)) else {
                Issue.record("order refused")
                return
            }
            #expect(latency == value)
        }
    }

    @Test func nonFiniteOrdersAreRefusedNamingTheField() throws {
        let engine = try HFNEngine(config: HFNConfig(), seed: 3)
        if case let .rejected(.notFinite(field, _)) = engine.submit(order("a", .bid, .nan, 1)) {
            #expect(field == "HFNOrder.quantity")
        } else {
            Issue.record("NaN quantity accepted")
        }
        #expect(engine.submit(order("a", .ask, 1, .infinity)) == .rejected(.notFinite(field: "HFNOrder.price", value: .infinity)))
        #expect(
            engine.submit(order("a", .ask, 1, 1, timestampMs: -.infinity))
                == .rejected(.notFinite(field: "HFNOrder.timestampMs", value: -.infinity)))
        #expect(engine.submit(order("a", .ask, 1, -2)) == .rejected(.nonPositivePrice(-2)))
        #expect(engine.orderBookDepth().asks == 0)
    }

    @Test func configValidationNamesTheField() {
        let cases: [(HFNConfig, String)] = [
            (HFNConfig(tickDurationMs: 0), "HFNConfig.tickDurationMs"),
            (HFNConfig(tickDurationMs: .nan), "HFNConfig.tickDurationMs"),
            (HFNConfig(maxOrdersPerTick: 0), "HFNConfig.maxOrdersPerTick"),
            (HFNConfig(latencyNoiseMs: -1), "HFNConfig.latencyNoiseMs"),
            (HFNConfig(batchIntervalTicks: 0), "HFNConfig.batchIntervalTicks"),
            (HFNConfig(haltDurationTicks: 0), "HFNConfig.haltDurationTicks"),
        ]
        for (config, field) in cases {
            expectError(field: field) { _ = try HFNEngine(config: config) }
        }
        #expect(throws: AgentEconomiesError.self) { try FlashCrashDetector(priceDropThreshold: 0) }
        #expect(throws: AgentEconomiesError.self) { try FlashCrashDetector(priceDropThreshold: 1.5) }
        #expect(throws: AgentEconomiesError.self) { try FlashCrashDetector(windowTicks: 0) }
        #expect(throws: AgentEconomiesError.self) { try FlashCrashDetector(volumeSpikeFactor: -1) }
    }

    @Test func detectorStartsAndEndsACrash() throws {
        let detector = try FlashCrashDetector()
        let prices = [1.0, 1.0, 0.85, 0.9, 0.96]
        var events: [FlashCrashEvent?] = []
        for (index, price) in prices.enumerated() {
            events.append(detector.update(HFNTick(tickNumber: index + 1, marketPrice: price), activeAgentIDs: ["x"]))
        }
        #expect(events.compactMap { $0 }.count == 1)
        let crash = try #require(detector.crashHistory.first)
        #expect(crash.startTick == 3 && crash.endTick == 5 && crash.recoveryTimeTicks == 2)
        #expect(close(crash.priceDropPct, 0.15) && close(crash.severity, 1.5))
        #expect(crash.triggerAgentIDs == ["x"])
        #expect(!detector.isInCrash)
    }

    /// The opt-in volume condition: the same drop is a crash only with a volume spike.
    @Test func volumeConditionIsOptIn() throws {
        for (volume, expected) in [(10, false), (40, true)] {
            let detector = try FlashCrashDetector(volumeSpikeFactor: 3, requireVolumeSpike: true)
            detector.update(HFNTick(tickNumber: 1, ordersSubmitted: 10, marketPrice: 1))
            detector.update(HFNTick(tickNumber: 2, ordersSubmitted: 10, marketPrice: 1))
            let event = detector.update(HFNTick(tickNumber: 3, ordersSubmitted: volume, marketPrice: 0.5))
            #expect((event != nil) == expected)
        }
        let plain = try FlashCrashDetector()
        plain.update(HFNTick(tickNumber: 1, ordersSubmitted: 10, marketPrice: 1))
        #expect(plain.update(HFNTick(tickNumber: 2, ordersSubmitted: 0, marketPrice: 0.5)) != nil)
    }

    /// A crash found by the engine's detector halts the market for haltDurationTicks.
    @Test func crashTriggersTheCircuitBreaker() throws {
        let engine = try HFNEngine(config: HFNConfig(latencyNoiseMs: 0, batchIntervalTicks: 1, haltDurationTicks: 4))
        engine.submitOrder(order("a", .bid, 1, 10))
        engine.submitOrder(order("b", .ask, 1, 10))
        engine.processTick()
        engine.submitOrder(order("c", .bid, 1, 5))
        engine.submitOrder(order("d", .ask, 1, 5))
        let crashTick = engine.processTick()
        #expect(crashTick.marketPrice == 5 && !crashTick.halted)
        #expect(engine.isHalted && engine.haltUntilTick == 6)
        #expect(engine.crashHistory.first?.triggerAgentIDs == ["c", "d"])
        #expect(!engine.submitOrder(order("e", .bid, 1, 5)))
        for _ in 0..<3 { #expect(engine.processTick().halted) }
        #expect(!engine.processTick().halted)
    }

    /// Market quantity is conserved over a long random session: accepted = traded + resting
    /// + cancelled, and no agent buys more than it bid for.
    @Test func sessionConservesQuantity() throws {
        let engine = try HFNEngine(
            config: HFNConfig(maxOrdersPerTick: 5, latencyNoiseMs: 5, batchIntervalTicks: 3),
            seed: 9)
        var random = FastRandom(seed: 5)
        var bidQuantity: [String: Double] = [:]
        var accepted = 0.0, cancelled = 0.0
        for step in 0..<20_000 {
            let agent = "agent_\(random.next() % 30)"
            let draw = random.random()
            if draw < 0.05 {
                var resting = 0.0
                for side in [OrderBook.Side.bid, .ask] {
                    for order in engine.restingOrders(resourceType: "x", side: side) where order.agentID == agent {
                        resting += order.quantity
                    }
                }
                if engine.submitOrder(order(agent, .cancel, 0, 0, resource: "x")) { cancelled += resting }
            } else {
                let isBid = draw < 0.52
                let quantity = Double(1 + random.next() % 5)
                let limit = (100 + random.uniform(-3, 3)).rounded()
                if engine.submitOrder(order(agent, isBid ? .bid : .ask, quantity, limit, resource: "x")) {
                    accepted += quantity
                    if isBid { bidQuantity[agent, default: 0] += quantity }
                }
            }
            if step % 40 == 39 { engine.processTick() }
        }
        let depth = engine.orderBookDepth()
        let traded = engine.trades.reduce(0) { $0 + $1.quantity }
        #expect(abs(accepted - 2 * traded - cancelled - depth.totalBidVolume - depth.totalAskVolume) < 1e-6)
        var bought: [String: Double] = [:]
        for trade in engine.trades { bought[trade.buyer, default: 0] += trade.quantity }
        for (agent, quantity) in bought { #expect(quantity <= bidQuantity[agent]! + 1e-9) }
        #expect(engine.tradeCount > 1_000)
    }

    @Test func codableUsesTheReferenceKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let tick = HFNTick(tickNumber: 3, ordersSubmitted: 2, marketPrice: 1.5)
        let text = String(decoding: try encoder.encode(tick), as: UTF8.self)
        #expect(text.contains("\"tick_number\":3") && text.contains("\"bid_ask_spread\""))
        let order = HFNOrder(agentID: "a", orderType: .ask, resourceType: "r", quantity: 1, price: 2, orderID: "o1")
        let decoded = try JSONDecoder().decode(HFNOrder.self, from: try encoder.encode(order))
        #expect(decoded == order)
        #expect(String(decoding: try encoder.encode(order), as: UTF8.self).contains("\"order_type\":\"ask\""))
        let config = try JSONDecoder().decode(HFNConfig.self, from: try encoder.encode(HFNConfig()))
        #expect(config == HFNConfig())
        let event = FlashCrashEvent(crashID: "c", startTick: 1, triggerAgentIDs: ["x"])
        #expect(String(decoding: try encoder.encode(event), as: UTF8.self).contains("\"trigger_agent_ids\":[\"x\"]"))
    }
}

/// The documented high-frequency negotiation example, compiled and run.
@Suite struct HFNQuickStartTests {
    // Not formatted: the code between the markers is shown verbatim in the docs.
    // swift-format-ignore
    @Test func quickStartRuns() throws {
        // BEGIN HFN QUICK START
        let engine = try HFNEngine(config: HFNConfig(tickDurationMs: 100, maxOrdersPerTick: 10, latencyNoiseMs: 10,
                                                     batchIntervalTicks: 5, haltDurationTicks: 20), seed: 42)
        _ = engine.submitOrder(HFNOrder(agentID: "agent_1", orderType: .bid, resourceType: "compute", quantity: 5, price: 1.2))
        _ = engine.submitOrder(HFNOrder(agentID: "agent_2", orderType: .ask, resourceType: "compute", quantity: 5, price: 1.1))
        let tick = engine.processTick()   // tickNumber, marketPrice, bidAskSpread, halted, ordersSubmitted, ordersExecuted, volatility
        engine.crashHistory               // [FlashCrashEvent]: startTick, endTick, priceDropPct, severity, triggerAgentIDs, recoveryTimeTicks
        engine.speedAdvantageGini()
        // END HFN QUICK START
        #expect(tick.tickNumber == 1 && tick.ordersSubmitted == 2 && tick.ordersExecuted == 0)
        #expect(close(tick.bidAskSpread, 0))
        #expect(try documentShowsBlock("HFN QUICK START", document: .article("Negotiation"), testFile: #filePath))
    }
}
