import AgentEconomiesKernels
import Testing

/// The soft payoff rules and metrics on hand-made cases and against brute force (the
/// differential test against SWARM itself is python/tests/test_swarm_payoffs.py).
@Suite("Soft payoffs and metrics")
struct SoftPayoffTests {
    @Test("payoffs follow the reference's formulas; terms broadcast")
    func formulas() throws {
        let parameters = SoftPayoffParameters(theta: 0.25, rhoA: 0.5, rhoB: 1, wRep: 2)
        let p = [0.8, 0.1, 1.0]
        let terms = SoftPayoffTerms(tau: [0.3], cA: [0.1, 0.2, 0.3], rB: [-0.5])
        let payoffs = try SoftPayoffKernels.payoffs(p: p, terms: terms, parameters: parameters)
        for index in p.indices {
            let s = p[index] * 2 - (1 - p[index]) * 1, e = (1 - p[index]) * 2
            #expect(payoffs.initiator[index] == 0.25 * s - 0.3 - terms.cA[index] - 0.5 * e + 2 * 0)
            #expect(payoffs.counterparty[index] == 0.75 * s + 0.3 - 0 - 1 * e + 2 * -0.5)
        }
        #expect(parameters.breakEvenP == 1.0 / 3 && parameters.socialBreakEvenP == 3.0 / 5)
        // Welfare with full internalisation is the social surplus (the reference's identity).
        let full = SoftPayoffParameters(rhoA: 0.5, rhoB: 0.5)
        let both = try SoftPayoffKernels.payoffs(p: [0.3], parameters: full)
        #expect(abs(both.initiator[0] + both.counterparty[0] - full.socialSurplus(0.3)) < 1e-15)
    }

    @Test("bad input names its field")
    func badInput() {
        #expect(throws: AgentEconomiesError.self) { try SoftPayoffKernels.payoffs(p: [0.5, 1.5]) }
        #expect(throws: AgentEconomiesError.outOfRange(field: "theta", value: "1.5", requirement: "in [0.0, 1.0]")) {
            try SoftPayoffKernels.payoffs(p: [0.5], parameters: .init(theta: 1.5))
        }
        #expect(throws: AgentEconomiesError.self) {
            try SoftPayoffKernels.payoffs(p: [0.5, 0.5, 0.5], terms: .init(tau: [1, 2]))
        }
        #expect(throws: AgentEconomiesError.self) {
            try SoftMetricsKernels.summary(p: [0.5], accepted: [true], groundTruth: [3])
        }
        #expect(throws: AgentEconomiesError.self) {
            try SoftMetricsKernels.summary(p: [0.5], accepted: [true], options: .init(bins: 0))
        }
    }

    @Test("metrics of a hand-made case; empty input gives zeros")
    func metrics() throws {
        let p = [0.9, 0.5, 0.2, 0.2, 0.3]
        let accepted = [true, true, false, true, false]
        let m = try SoftMetricsKernels.summary(p: p, accepted: accepted)
        #expect(abs(m.toxicityRate - (0.1 + 0.5 + 0.8) / 3) < 1e-15)
        #expect(abs(m.toxicityRateAll - (0.1 + 0.5 + 0.8 + 0.8 + 0.7) / 5) < 1e-15)
        #expect(abs(m.qualityGap - ((0.9 + 0.5 + 0.2) / 3 - 0.25)) < 1e-15)
        #expect(m.highQualityCount == 2 && m.lowQualityCount == 3)
        #expect(m.highQualityAcceptance == 1 && abs(m.lowQualityAcceptance - 1.0 / 3) < 1e-15)
        // 0.3 lies in bin 2: the reference's edge 3 * 0.1 is 0.30000000000000004.
        #expect(m.qualityDistribution == [0, 0, 3, 0, 0, 1, 0, 0, 0, 1])
        let empty = try SoftMetricsKernels.summary(p: [], accepted: [])
        #expect(empty == SoftMetricsSummary())
    }

    @Test("AUC by sorting equals the reference's all-pairs count, ties included", arguments: [1, 2, 3])
    func auc(seed: UInt64) throws {
        var random = FastRandom(seed: seed)
        let n = 300
        let p = (0..<n).map { _ in Double(Int(random.uniform(0, 20))) / 20 }  // many ties
        let truth: [Int8] = (0..<n).map { _ in random.random() < 0.5 ? 1 : -1 }
        let m = try SoftMetricsKernels.summary(p: p, accepted: p.map { $0 > 0.5 }, groundTruth: truth)
        var concordant = 0.0, pairs = 0.0
        for i in 0..<n where truth[i] == 1 {
            for j in 0..<n where truth[j] == -1 {
                pairs += 1
                concordant += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0
            }
        }
        #expect(m.calibration?.discriminationAUC == concordant / pairs)
        #expect(m.calibration?.curveCount.reduce(0, +) == n)
    }
}
