import AgentEconomiesKernels

/// Seeded interaction columns: each interaction's soft label `p` (the probability it is
/// beneficial) and whether it was accepted.
package enum Interactions {
    /// `count` interactions: `p` uniform in [0, 1) (rounded down to a multiple of `grid`
    /// when one is given, for ties) and accepted with probability `acceptance`, drawn
    /// interaction by interaction (`p`, then the acceptance). The permeability and mission
    /// benchmarks, `mpi-check`, and the permeability and split-kernel tests run it.
    ///
    /// - Complexity: O(count).
    package static func columns(
        _ count: Int, seed: UInt64, acceptance: Double = 0.7, grid: Double? = nil
    ) -> (p: [Double], accepted: [Bool]) {
        var random = FastRandom(seed: seed)
        var p = [Double](), accepted = [Bool]()
        p.reserveCapacity(count)
        accepted.reserveCapacity(count)
        for _ in 0..<count {
            var value = random.random()
            if let grid { value = (value / grid).rounded(.down) * grid }
            p.append(value)
            accepted.append(random.random() < acceptance)
        }
        return (p, accepted)
    }
}
