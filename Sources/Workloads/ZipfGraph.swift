import AgentEconomiesKernels

/// Zipf(1) popularity over `count` counterparties: the counterparty of rank `r` (0-based)
/// has weight `1 / (r + 1)`, so a few are popular and most are rarely chosen, the shape of
/// who-trades-with-whom graphs. The Sybil benchmarks, `mpi-bench` and `mpi-check` draw their
/// interaction patterns from it.
package struct ZipfPopularity: Sendable {
    /// Cumulative weights: `cumulative[r]` is the sum of the weights of ranks `0...r`,
    /// accumulated in rank order.
    package let cumulative: [Double]

    /// Number of counterparties.
    package var count: Int { cumulative.count }

    /// The sum of all weights (the harmonic number of ``count``; 0 when empty).
    package var total: Double { cumulative.last ?? 0 }

    /// The popularity of `count` counterparties.
    ///
    /// - Complexity: O(count).
    package init(count: Int) {
        var cumulative = [Double](repeating: 0, count: count)
        var total = 0.0
        for rank in 0..<count {
            total += 1 / Double(rank + 1)
            cumulative[rank] = total
        }
        self.cumulative = cumulative
    }

    /// One draw: the first rank whose cumulative weight reaches `u x total` for a uniform
    /// `u` in [0, 1) from `random` (one value of the stream per draw).
    ///
    /// - Precondition: `count > 0`.
    /// - Complexity: O(log count).
    package func draw(_ random: inout FastRandom) -> Int32 {
        precondition(count > 0, "ZipfPopularity.draw: no counterparties")
        let target = random.random() * total
        var low = 0, high = count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return Int32(low)
    }

    /// `distinct` different counterparties, in the order they were first drawn: draws are
    /// repeated (each taking one value of `random`) until that many differ.
    ///
    /// - Precondition: `distinct <= count`.
    /// - Complexity: O(draws x (log count + distinct)); draws is about `distinct` when
    ///   `distinct` is small against the counterparties that carry most of the weight.
    package func distinctDraws(_ distinct: Int, random: inout FastRandom) -> [Int32] {
        precondition(distinct <= count, "ZipfPopularity.distinctDraws: more draws than counterparties")
        var chosen = [Int32]()
        chosen.reserveCapacity(distinct)
        while chosen.count < distinct {
            let key = draw(&random)
            if !chosen.contains(key) { chosen.append(key) }
        }
        return chosen
    }
}
