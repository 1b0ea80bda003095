import AgentEconomiesKernels
import Testing
import Workloads

@Suite struct PermeabilityKernelsTests {
    /// The reference's grid search, every point summed in order.
    private func bruteForce(
        _ p: [Double], _ accepted: [Bool], _ rates: PermeabilityKernels.Rates, weight: Double,
        samples: Int
    ) -> Double {
        var best = 0.0, bestScore = -Double.infinity
        for k in 0...samples {
            let perm = Double(k) / Double(samples)
            let score = PermeabilityKernels.referenceScore(
                p: p, accepted: accepted, permeability: perm, rates: rates,
                weight: weight)
            if score > bestScore {
                bestScore = score
                best = perm
            }
        }
        return best
    }

    /// Two sums give the grid search's answer for any grid, including weights that balance
    /// benefit and harm to the last bit, where rounding decides.
    @Test(arguments: [1, 2, 3, 4])
    func optimumEqualsGridSearch(seed: UInt64) throws {
        let (p, accepted) = Interactions.columns(500, seed: seed, grid: seed % 2 == 0 ? 0.125 : nil)
        let rates = PermeabilityKernels.Rates(contagionRate: 0.9, spilloverAmplification: 1.5)
        var benefit = 0.0, harm = 0.0
        for index in p.indices where accepted[index] {
            benefit += p[index]
            harm += 0.9 * 1.5 * (1 - p[index]) * (1 - p[index])
        }
        let balance = benefit / harm
        var rescoredSomewhere = false
        for weight in [0, 0.5, 1, 5, -2, balance, balance.nextUp, balance.nextDown, .nan] {
            for samples in [1, 2, 3, 10, 97, 1000] {
                let fast = try PermeabilityKernels.optimalPermeability(
                    p: p, accepted: accepted, rates: rates,
                    externalHarmWeight: weight, samples: samples)
                #expect(
                    fast.permeability == bruteForce(p, accepted, rates, weight: weight, samples: samples),
                    "weight \(weight) samples \(samples)")
                if fast.gridPointsRescored > 0 { rescoredSomewhere = true }
                if weight == 1 { #expect(fast.gridPointsRescored == 0) }  // clear slope: no re-scoring
            }
        }
        #expect(rescoredSomewhere)
    }

    @Test func optimumEdgeCases() throws {
        let rates = PermeabilityKernels.Rates(contagionRate: 1, spilloverAmplification: 1.5)
        // No accepted interactions: every score is 0, the first grid point wins.
        #expect(
            try PermeabilityKernels.optimalPermeability(
                p: [0.2, 0.9], accepted: [false, false], rates: rates,
                externalHarmWeight: 1, samples: 10
            ).permeability == 0)
        #expect(
            try PermeabilityKernels.optimalPermeability(
                p: [], accepted: [], rates: rates,
                externalHarmWeight: 1, samples: 10
            ).permeability == 0)
        #expect(
            try PermeabilityKernels.optimalPermeability(
                p: [0.9], accepted: [true], rates: rates,
                externalHarmWeight: 1, samples: 0
            ).permeability == 0)
        #expect(
            try PermeabilityKernels.optimalPermeability(
                p: [0.9], accepted: [true], rates: rates,
                externalHarmWeight: 1, samples: 4
            ).permeability == 1)
        #expect(throws: AgentEconomiesError.self) {
            try PermeabilityKernels.optimalPermeability(
                p: [0.9], accepted: [], rates: rates, externalHarmWeight: 1,
                samples: 4)
        }
    }

    /// The parallel spillover depends on the seed only, and its event rate is the
    /// contagion probability.
    @Test func parallelSpilloverIsDeterministicAndCalibrated() throws {
        let (p, accepted) = Interactions.columns(300_000, seed: 9)
        let rates = PermeabilityKernels.Rates(contagionRate: 0.4, spilloverAmplification: 2)
        let one = try PermeabilityKernels.simulateSpillover(
            p: p, accepted: accepted, permeability: 0.7, rates: rates,
            seed: 77, threads: 1)
        let three = try PermeabilityKernels.simulateSpillover(
            p: p, accepted: accepted, permeability: 0.7,
            rates: rates, seed: 77, threads: 3)
        #expect(one == three)
        var expectedEvents = 0.0, expectedUnblocked = 0.0
        for index in p.indices where accepted[index] {
            let contagion = 0.4 * (1 - p[index]) * 0.7
            expectedEvents += contagion
            expectedUnblocked += contagion * 0.7 * (0.5 + 0.5 * p[index])
        }
        #expect(abs(Double(one.count) - expectedEvents) < 5 * expectedEvents.squareRoot())
        #expect(abs(Double(one.unblockedCount) - expectedUnblocked) < 5 * expectedUnblocked.squareRoot())
        for (event, index) in one.indices.enumerated() {
            #expect(accepted[index])
            #expect(one.harm[event] == (1 - p[index]) * 2)
        }
        let other = try PermeabilityKernels.simulateSpillover(
            p: p, accepted: accepted, permeability: 0.7,
            rates: rates, seed: 78)
        #expect(other != one)
    }

    @Test func sequentialSpilloverFollowsTheStream() throws {
        // Permeability 1, rate 1, p = 0: every accepted interaction spreads (draw < 1), and
        // crosses when its second draw is below 0.5.
        var random = RandomSource.cpython(seed: 42)
        var check = MersenneTwister(seed: 42)
        let spillovers = try PermeabilityKernels.simulateSpillover(
            p: [0, 0, 0, 0], accepted: [true, false, true, true], permeability: 1,
            rates: .init(contagionRate: 1, spilloverAmplification: 1), random: &random)
        #expect(spillovers.indices == [0, 2, 3])
        var blocked: [Bool] = []
        for _ in 0..<3 {
            _ = check.random()
            blocked.append(!(check.random() < 0.5))
        }
        #expect(spillovers.blocked == blocked)
    }

    @Test func contagionProbabilitiesMatchTheScalarRule() throws {
        let (p, _) = Interactions.columns(200_000, seed: 3)
        let batch = try PermeabilityKernels.contagionProbabilities(
            p: p, permeability: 0.8, contagionRate: 0.3,
            threads: 2)
        #expect(
            batch == p.map { PermeabilityKernels.contagionProbability(p: $0, permeability: 0.8, contagionRate: 0.3) })
        #expect(PermeabilityKernels.clampUnit(.nan) == 1)  // Python's min(1.0, nan) is 1.0
        #expect(PermeabilityKernels.clampUnit(-3) == 0 && PermeabilityKernels.clampUnit(7) == 1)
        #expect(throws: AgentEconomiesError.self) {
            try PermeabilityKernels.contagionProbabilities(p: p, permeability: .infinity, contagionRate: 0.3)
        }
    }
    /// Qualities outside [0, 1] (which the reference does not refuse) make the contagion clamp
    /// bind, so the score is not linear in the permeability: the search then scores every grid
    /// point as the reference does (found by the fuzzer, which trapped on a negative span).
    @Test func optimumWithQualitiesOutsideTheUnitInterval() throws {
        let rates = PermeabilityKernels.Rates(contagionRate: 0.9, spilloverAmplification: 2)
        for (p, weight) in [([-0.5, 0.3, 1.7, 0.2], 1.3), ([-3.0, -2.0], 0.7), ([2.5, 0.1, 0.4], 5.0)] {
            let accepted = [Bool](repeating: true, count: p.count)
            let samples = 20
            var best = 0.0, bestScore = -Double.infinity
            for k in 0...samples {
                let score = PermeabilityKernels.referenceScore(
                    p: p, accepted: accepted, permeability: Double(k) / Double(samples), rates: rates, weight: weight)
                if score > bestScore { (best, bestScore) = (Double(k) / Double(samples), score) }
            }
            let found = try PermeabilityKernels.optimalPermeability(
                p: p, accepted: accepted, rates: rates, externalHarmWeight: weight, samples: samples)
            #expect(found.permeability == best, "p = \(p)")
        }
    }
}
