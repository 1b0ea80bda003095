import AgentEconomies
import Testing
import Workloads

/// The HFN benchmarks' order stream (Workloads' `OrderStream`): the first orders of
/// `hfn.object_api`'s stream through the engine's object path (``HFNEngine/submitOrder(_:)``)
/// and its handle path (`HFNEngine.submit(agent:resource:orderType:...)`), as the
/// benchmark cross-checks them: the same acceptances and the same trades.
@Suite struct HFNStreamTests {
    @Test func objectAndHandlePathsAgreeOnTheBenchmarkStream() throws {
        let stream = OrderStream(orders: 6_000, agentCount: 1_000, ordersPerTick: 100, seed: 11)
        let config = HFNConfig(maxOrdersPerTick: 10, latencyNoiseMs: 10, batchIntervalTicks: 5)
        let names = (0..<1_000).map { "agent_\($0)" }
        let objects = try HFNEngine(config: config, seed: 42)
        let byHandle = try HFNEngine(config: config, seed: 42)
        let handles = names.map { byHandle.agentHandle($0) }
        let resource = byHandle.resourceHandle("compute")
        var disagreements = 0, accepted = 0
        for index in 0..<stream.count {
            let kind = stream.kinds[index]
            let type: HFNOrderType = kind == .bid ? .bid : (kind == .ask ? .ask : .cancel)
            let viaObject = objects.submitOrder(
                HFNOrder(
                    agentID: names[Int(stream.agents[index])], orderType: type, resourceType: "compute",
                    quantity: stream.quantities[index], price: stream.prices[index]))
            let viaHandle = byHandle.submit(
                agent: handles[Int(stream.agents[index])], resource: resource, orderType: type,
                quantity: stream.quantities[index], price: stream.prices[index]
            ).isAccepted
            if viaObject != viaHandle { disagreements += 1 }
            if viaObject { accepted += 1 }
            if (index + 1) % stream.ordersPerTick == 0 {
                objects.processTick()
                byHandle.processTick()
            }
        }
        objects.processTick()
        byHandle.processTick()
        #expect(disagreements == 0 && accepted > 5_000)
        #expect(objects.tradeCount == byHandle.tradeCount && objects.tradeCount > 1_000)
        #expect(objects.trades == byHandle.trades)
    }
}
