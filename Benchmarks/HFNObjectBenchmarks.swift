import AgentEconomies
import Workloads

/// `hfn.object_api`: the reference-shaped object path, one ``HFNOrder`` per operation
/// through ``HFNEngine/submitOrder(_:)`` and ``HFNEngine/processTick()``, IDs and all.
enum HFNObjectBenchmarks {
    static func objectAPI(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let ordersPerTick = 100, operations = quick ? 22_000 : 110_000
        let config = HFNBenchmarks.config, agentCount = HFNBenchmarks.agentCount
        let stream = OrderStream(orders: operations, agentCount: agentCount, ordersPerTick: ordersPerTick, seed: 11)
        let names = (0..<agentCount).map { "agent_\($0)" }
        progress("hfn.object_api: \(operations) operations through HFNOrder objects")

        /// Replays the stream: a new order object per operation, a tick every `ordersPerTick`.
        func replay() throws -> (HFNEngine, Int) {
            let engine = try HFNEngine(config: config, seed: 42)
            var accepted = 0
            for index in 0..<operations {
                let order = HFNOrder(
                    agentID: names[Int(stream.agents[index])], orderType: HFNOrderType(stream.kinds[index]),
                    resourceType: "compute", quantity: stream.quantities[index],
                    price: stream.prices[index])
                if engine.submitOrder(order) { accepted += 1 }
                if (index + 1) % ordersPerTick == 0 { engine.processTick() }
            }
            engine.processTick()
            return (engine, accepted)
        }

        var outcome = try replay()
        let timing = try measure(runs: quick ? 3 : 7, budget: 20, warmup: false) { outcome = try replay() }
        // The integer-handle path on the same operations must make the same trades.
        let handles = try HFNBenchmarks.run(stream, count: operations, config: config, names: names)
        precondition(handles.engine.tradeCount == outcome.0.tradeCount, "object and handle paths disagree on trades")
        let perOperation = timing.median / Double(operations)
        return [
            BenchmarkResult(
                kernel: "hfn.object_api",
                params: [
                    ("operations", .int(operations)), ("agents", .int(agentCount)),
                    ("orders_per_tick", .int(ordersPerTick)),
                ],
                timing: timing,
                metrics: [
                    ("us_per_operation", .double(perOperation * 1e6)),
                    ("operations_per_s", .double(1 / perOperation)),
                    ("accepted", .int(outcome.1)), ("trades", .int(outcome.0.tradeCount)),
                    ("ticks", .int(outcome.0.currentTick)),
                ])
        ]
    }
}
