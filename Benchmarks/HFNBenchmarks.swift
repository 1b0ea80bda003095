import AgentEconomies
import Workloads

/// `hfn.submit_match`: a stream of orders (Workloads' `OrderStream`) through ``HFNEngine``.
enum HFNBenchmarks {
    /// The engine configuration of both HFN benchmarks (`hfn.submit_match`, `hfn.object_api`).
    static let config = HFNConfig(maxOrdersPerTick: 10, latencyNoiseMs: 10, batchIntervalTicks: 5)
    /// The agents sending their orders, `agent_0` to `agent_999`.
    static let agentCount = 1_000

    static func submitMatch(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let ordersPerTick = 5_000
        let orders = quick ? 1_000_000 : 10_000_000
        progress("hfn.submit_match: generating \(orders) orders")
        let stream = OrderStream(orders: orders, agentCount: agentCount, ordersPerTick: ordersPerTick, seed: 7)

        // Baseline: the reference's layout on the first orders of the same stream.
        let baselineOrders = quick ? 5_000 : 20_000
        progress("hfn.submit_match baseline: \(baselineOrders) orders")
        let names = (0..<agentCount).map { "agent_\($0)" }
        var baselineTrades = 0
        let baseline = measure(runs: 3, budget: 60, warmup: false) {
            let book = ReferenceStyleHFN(
                maxOrdersPerTick: config.maxOrdersPerTick,
                batchInterval: config.batchIntervalTicks,
                latencyNoiseMs: config.latencyNoiseMs, seed: 42)
            for index in 0..<baselineOrders {
                let kind = stream.kinds[index]
                _ = book.submit(
                    agentID: names[Int(stream.agents[index])], isCancel: kind == .cancel, isBid: kind == .bid,
                    quantity: stream.quantities[index], price: stream.prices[index])
                if (index + 1) % stream.ordersPerTick == 0 { book.processTick() }
            }
            book.processTick()
            baselineTrades = book.trades.count
        }

        // The same prefix through the engine: the trades must agree.
        let check = try run(stream, count: baselineOrders, config: config, names: names)
        precondition(check.engine.tradeCount == baselineTrades, "engine and baseline disagree on trades")

        progress("hfn.submit_match: \(orders) orders from \(agentCount) agents")
        var outcome = try run(stream, count: orders, config: config, names: names)
        let timing = try measure(runs: quick ? 3 : 5, budget: 60) {
            outcome = try run(stream, count: orders, config: config, names: names)
        }
        let depth = outcome.engine.orderBookDepth()
        return [
            BenchmarkResult(
                kernel: "hfn.submit_match",
                params: [
                    ("orders", .int(orders)), ("agents", .int(agentCount)), ("orders_per_tick", .int(ordersPerTick)),
                    ("cancel_share", .double(0.05)), ("batch_interval_ticks", .int(config.batchIntervalTicks)),
                ],
                timing: timing, baselineSeconds: baseline.median,
                speedupVsBaseline: (baseline.median / Double(baselineOrders)) / (timing.median / Double(orders)),
                metrics: [
                    ("orders_per_s", .double(Double(orders) / timing.median)),
                    ("accepted", .int(outcome.accepted)), ("trades", .int(outcome.engine.tradeCount)),
                    ("ticks", .int(outcome.engine.currentTick)), ("crashes", .int(outcome.engine.crashHistory.count)),
                    ("resting_orders", .int(depth.bids + depth.asks)),
                    ("baseline_params", .string("orders=\(baselineOrders)")),
                ])
        ]
    }

    /// Runs the first `count` orders of `stream` through a fresh seeded engine, one tick per
    /// `ordersPerTick` orders and a final tick.
    static func run(
        _ stream: OrderStream, count: Int, config: HFNConfig,
        names: [String]
    ) throws -> (engine: HFNEngine, accepted: Int) {
        let engine = try HFNEngine(config: config, seed: 42)
        let handles = names.map { engine.agentHandle($0) }
        let resource = engine.resourceHandle("compute")
        var accepted = 0
        for index in 0..<count {
            if engine.submit(
                agent: handles[Int(stream.agents[index])], resource: resource,
                orderType: HFNOrderType(stream.kinds[index]),
                quantity: stream.quantities[index], price: stream.prices[index]
            ).isAccepted {
                accepted += 1
            }
            if (index + 1) % stream.ordersPerTick == 0 { engine.processTick() }
        }
        engine.processTick()
        return (engine, accepted)
    }
}

extension HFNOrderType {
    /// The engine's order type for a generated order's kind.
    init(_ kind: OrderStream.Kind) {
        switch kind {
        case .bid: self = .bid
        case .ask: self = .ask
        case .cancel: self = .cancel
        }
    }
}
