extension AuctionKernels {
    /// The envy check pair by pair over sparse bundles (``EnvyPath/pairwise``): for each agent
    /// i, every other agent j whose bundle costs at most `budgets[i] + tolerance` has its gap
    /// summed over j's bundle entries in buying order (``ExactGap``, the reference's order),
    /// so each decision is the reference's without a screen. Rows are split into chunks of 64
    /// over the workers; counts and the largest gap do not depend on the thread count.
    ///
    /// - Complexity: O(agents^2 x mean bundle entries) time, O(agents) memory.
    static func pairwiseEnvyCheck(_ input: EnvyCheckInput, threads: Int?) -> EnvyReport {
        let counts = pairwiseEnvyCounts(input, envious: 0..<input.valuations.rows, threads: threads)
        return EnvyReport(input: input, counts: counts.counts, largestGap: counts.largestGap)
    }

    /// ``pairwiseEnvyCheck(_:threads:)`` for the envious agents `envious` only (against every
    /// bundle): their violation counts and largest gap.
    static func pairwiseEnvyCounts(_ input: EnvyCheckInput, envious: Range<Int>, threads: Int?) -> EnvyCounts {
        let agents = input.valuations.rows
        let tolerance = input.tolerance
        let chunkSize = 64
        let chunks = Parallel.chunkCount(envious.count, chunkSize: chunkSize)
        // Bundles of one good (most of them, for tatonnement and equilibrium bundles) are read
        // from two flat columns: the gap is then one product, `0 + v q` being `v q` exactly.
        var singleColumn = [Int32](repeating: -1, count: agents)
        var singleQuantity = [Double](repeating: 0, count: agents)
        let offsets = input.bundles.rowOffsets
        for j in 0..<agents where offsets[j + 1] - offsets[j] == 1 {
            singleColumn[j] = input.bundles.columns[offsets[j]]
            singleQuantity[j] = input.bundles.values[offsets[j]]
        }
        let resources = input.valuations.columns
        let results = input.withExactGap { exact in
            input.bundleCosts.withUnsafeBufferPointer { costs in
                singleColumn.withUnsafeBufferPointer { column in
                    singleQuantity.withUnsafeBufferPointer { quantity in
                        Parallel.map(chunks: chunks, threads: threads) { chunk, _ in
                            let chunkRows = Parallel.range(ofChunk: chunk, chunkSize: chunkSize, count: envious.count)
                            let rows = (envious.lowerBound + chunkRows.lowerBound)..<(envious.lowerBound + chunkRows.upperBound)
                            var counts = [Int](repeating: 0, count: rows.count)
                            var largest = -Double.infinity
                            for i in rows {
                                let own = input.utilities[i], limit = input.budgets[i] + tolerance
                                let values = exact.values + i * resources
                                var count = 0
                                for j in 0..<agents where costs[j] <= limit && j != i {
                                    let gap =
                                        column[j] >= 0
                                        ? values[Int(column[j])] * quantity[j] - own : exact.gap(i, j, own: own)
                                    largest = max(largest, gap)
                                    count &+= gap > tolerance ? 1 : 0
                                }
                                counts[i - rows.lowerBound] = count
                            }
                            return (counts, largest)
                        }
                    }
                }
            }
        }
        return EnvyCounts(
            envious: envious, counts: results.flatMap(\.0), largestGap: results.map(\.1).max() ?? -.infinity)
    }
}
