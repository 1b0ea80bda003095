import AgentEconomiesKernels

/// Permeability batches: spillover on the CPython stream and on the seeded parallel stream
/// (any p, NaN and out-of-range values included: refused or handled by the reference's
/// clamps), the optimal permeability search. Events are accepted interactions in ascending
/// order with harm `(1 - p) * amplification`; the seeded result does not depend on threads.
enum PermeabilityTarget {
    static let target = FuzzTarget(
        name: "permeability",
        summary: "spillover batches: events valid, thread-independent; optimal search in [0, 1]"
    ) { bytes in
        var input = FuzzInput(bytes)
        let count = input.int(0...300)
        let special = input.byte() < 40
        let p = (0..<count).map { _ in special && input.byte() < 20 ? input.double() : input.unit() }
        let accepted = (0..<(input.byte() < 8 ? count + 1 : count)).map { _ in input.bool() }
        let permeability = input.byte() < 30 ? input.double() : input.unit()
        let rates = PermeabilityKernels.Rates(
            contagionRate: input.byte() < 20 ? input.double() : input.unit(),
            spilloverAmplification: input.byte() < 20 ? input.double() : input.amount() / 10)
        let seed = UInt64(input.int(0...65_535))
        do {
            var random = RandomSource.cpython(seed: Int(seed))
            let reference = try PermeabilityKernels.simulateSpillover(
                p: p, accepted: accepted, permeability: permeability, rates: rates, random: &random)
            check(reference, p: p, accepted: accepted, rates: rates)
        } catch is AgentEconomiesError {
        } catch {
            require(false, "unexpected error type \(error)")
        }
        do {
            let one = try PermeabilityKernels.simulateSpillover(
                p: p, accepted: accepted, permeability: permeability, rates: rates, seed: seed, threads: 1)
            let many = try PermeabilityKernels.simulateSpillover(
                p: p, accepted: accepted, permeability: permeability, rates: rates, seed: seed, threads: 3)
            require(one.indices == many.indices && one.blocked == many.blocked, "seeded spillover depends on threads")
            check(one, p: p, accepted: accepted, rates: rates)
        } catch is AgentEconomiesError {
        } catch {
            require(false, "unexpected error type \(error)")
        }
        do {
            let best = try PermeabilityKernels.optimalPermeability(
                p: p, accepted: accepted, rates: rates, externalHarmWeight: input.double(), samples: input.int(0...12),
                threads: 1 + input.int(0...2))
            require(best.permeability >= 0 && best.permeability <= 1, "optimal permeability \(best.permeability)")
        } catch is AgentEconomiesError {
        } catch {
            require(false, "unexpected error type \(error)")
        }
    }

    static func check(_ spill: PermeabilityKernels.Spillovers, p: [Double], accepted: [Bool], rates: PermeabilityKernels.Rates) {
        require(spill.indices == spill.indices.sorted(), "event indices not ascending")
        require(spill.harm.count == spill.count && spill.blocked.count == spill.count, "event columns differ in length")
        for (position, index) in spill.indices.enumerated() {
            require(index >= 0 && index < p.count && accepted[index], "event on interaction \(index) that was not accepted")
            let expected = (1.0 - p[index]) * rates.spilloverAmplification
            require(
                spill.harm[position] == expected || (spill.harm[position].isNaN && expected.isNaN),
                "harm \(spill.harm[position]) != \(expected)")
        }
    }
}
