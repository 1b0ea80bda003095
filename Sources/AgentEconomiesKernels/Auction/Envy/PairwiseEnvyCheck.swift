extension AuctionKernels {
    /// The envy check pair by pair over sparse bundles (``EnvyPath/pairwise``): for each agent
    /// i, every other agent j whose bundle costs at most `budgets[i] + tolerance` has its gap
    /// summed over j's bundle entries in buying order (``ExactGap``, the reference's order),
    /// so each decision is the reference's without a screen. Rows are split into chunks of 64
    /// over the workers; counts and the largest gap do not depend on the thread count.
    ///
    /// - Complexity: O(agents^2 x mean bundle entries) time, O(agents) memory.
    static func pairwiseEnvyCheck(_ input: EnvyCheckInput, threads: Int?) -> EnvyReport {
        let agents = input.valuations.rows
        let tolerance = input.tolerance
        let chunkSize = 64
        let chunks = Parallel.chunkCount(agents, chunkSize: chunkSize)
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
                            let rows = Parallel.range(ofChunk: chunk, chunkSize: chunkSize, count: agents)
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
        var violationOffsets = [0]
        violationOffsets.reserveCapacity(agents + 1)
        var largestGap = -Double.infinity
        for (counts, largest) in results {
            for count in counts { violationOffsets.append(violationOffsets[violationOffsets.count - 1] + count) }
            largestGap = max(largestGap, largest)
        }
        return EnvyReport(input: input, offsets: violationOffsets, largestGap: largestGap)
    }
}
