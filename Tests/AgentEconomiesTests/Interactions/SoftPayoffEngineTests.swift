import AgentEconomies
import Testing

/// The component's payoff engine and metrics on interaction values agree with the kernels'
/// columns, and refuse what the reference's configuration refuses.
@Suite("SoftPayoffEngine and SoftMetrics")
struct SoftPayoffEngineTests {
    @Test("the engine's payoffs are the kernels' columns")
    func engineMatchesKernels() throws {
        let engine = try SoftPayoffEngine(config: PayoffConfig(theta: 0.6, rhoA: 0.2, rhoB: 0.3, wRep: 2))
        var interactions: [SoftInteraction] = []
        for k in 0..<50 {
            let x = Double(k)
            let truth: Int = k % 4 == 0 ? -1 : 1
            let tau: Double = Double(k % 5) / 10
            let repA: Double = Double(k % 2)
            interactions.append(
                try SoftInteraction(
                    p: x / 49, accepted: k % 3 != 0, tau: tau, cA: 0.01 * x, cB: 0.02, rA: repA, rB: -0.1,
                    groundTruth: truth))
        }
        let columns = try engine.payoffs(interactions)
        for (index, interaction) in interactions.enumerated() {
            #expect(engine.payoffInitiator(interaction) == columns.initiator[index])
            #expect(engine.payoffCounterparty(interaction) == columns.counterparty[index])
        }
        let interaction = try SoftInteraction(p: 0.8, accepted: true, tau: 0.1)
        #expect(abs(engine.payoffInitiator(interaction) - (0.6 * 1.4 - 0.1 - 0.2 * 0.4)) < 1e-15)
        let metrics = SoftMetrics(payoffEngine: engine)
        let summary = try metrics.summary(interactions)
        #expect(summary.calibration != nil)
        #expect(try metrics.toxicityRate(interactions) == summary.toxicityRate)
        #expect(summary.welfareTotalMatches(columns, interactions))
    }

    @Test("constants outside the reference's ranges are refused")
    func refused() {
        #expect(throws: AgentEconomiesError.self) { try SoftPayoffEngine(config: PayoffConfig(rhoA: 1.2)) }
        #expect(throws: AgentEconomiesError.self) { try SoftPayoffEngine(config: PayoffConfig(wRep: 101)) }
        #expect(throws: AgentEconomiesError.self) { try SoftPayoffEngine(config: PayoffConfig(sMinus: -.infinity)) }
    }
}

extension SoftMetricsSummary {
    /// Whether `totalWelfare` is the sum of both payoffs over the accepted interactions.
    fileprivate func welfareTotalMatches(_ payoffs: SoftPayoffKernels.Payoffs, _ interactions: [SoftInteraction]) -> Bool {
        var total = 0.0
        for (index, interaction) in interactions.enumerated() where interaction.accepted {
            total += payoffs.initiator[index] + payoffs.counterparty[index]
        }
        return abs(total - totalWelfare) <= 1e-12 * max(1, abs(total))
    }
}
