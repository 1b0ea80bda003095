import AgentEconomiesKernels

/// Sybil patterns on both join paths: the dense (GEMM) and sparse (inverted index) joins
/// give the same clusters under both rules, similarity is symmetric and in [0, 1] for
/// non-negative counts, and bad patterns are refused.
enum SybilTarget {
    static let target = FuzzTarget(
        name: "sybil",
        summary: "similarity joins: dense == sparse clusters, symmetric scores"
    ) { bytes in
        var input = FuzzInput(bytes)
        let rows = input.int(0...40), columns = input.int(1...12)
        var offsets = [0], keys: [Int32] = [], values: [Double] = []
        let negative = input.byte() < 20
        for _ in 0..<rows {
            var row = Set<Int32>()
            for _ in 0..<input.int(0...5) { row.insert(Int32(input.int(0...(columns - 1)))) }
            for key in row.sorted() {
                keys.append(key)
                values.append(negative && input.byte() < 30 ? -Double(input.int(1...3)) : Double(input.int(1...4)))
            }
            offsets.append(keys.count)
        }
        if input.byte() < 6 { values.append(input.double()) }  // a length mismatch or a bad value
        let patterns: PatternMatrix
        do {
            patterns = try PatternMatrix(columnCount: columns, rowOffsets: offsets, columns: keys, values: values)
        } catch is AgentEconomiesError {
            return
        } catch {
            require(false, "unexpected error type \(error)")
            return
        }
        let metric = [SimilarityMetric.combined, .cosine, .jaccard][input.int(0...2)]
        let threshold = input.byte() < 12 ? input.double() : input.unit()
        for a in 0..<rows {
            for b in a..<rows {
                let forward = PatternSimilarity.score(patterns, a, b, metric: metric)
                let backward = PatternSimilarity.score(patterns, b, a, metric: metric)
                require(forward == backward || (forward.isNaN && backward.isNaN), "score(\(a),\(b)) \(forward) != \(backward)")
                if !patterns.hasNegativeCounts {
                    require(forward >= -1e-12 && forward <= 1 + 1e-12, "score(\(a),\(b)) = \(forward) out of [0, 1]")
                }
            }
        }
        for rule in [ClusteringRule.greedy, .connectedComponents] {
            let threads = 1 + input.int(0...2)
            do {
                let dense = try SimilarityJoin.clusters(
                    patterns, metric: metric, threshold: threshold, rule: rule, path: .dense, threads: threads)
                let sparse = try SimilarityJoin.clusters(
                    patterns, metric: metric, threshold: threshold, rule: rule, path: .sparse, threads: threads)
                require(
                    dense.clusters == sparse.clusters,
                    "\(rule) \(metric) t=\(threshold): dense \(dense.clusters) != sparse \(sparse.clusters)")
            } catch is AgentEconomiesError {
                return
            } catch {
                require(false, "unexpected error type \(error)")
            }
        }
    }
}
