import Testing

@testable import AgentEconomiesKernels

/// Random patterns: `rows` agents, `columns` counterparties, some rows copied with small
/// changes so that high similarities occur; `zeros`/`negatives` put such counts in.
func randomPatterns(
    rows: Int, columns: Int, maxKeys: Int, seed: UInt64, zeros: Bool = true,
    negatives: Bool = false, empties: Bool = true
) -> PatternMatrix {
    var generator = FastRandom(seed: seed)
    var rowsList = [[(Int32, Double)]]()
    for row in 0..<rows {
        if row > 0 && Int.random(in: 0..<3, using: &generator) == 0 {
            // A near-copy of an earlier row.
            var copy = rowsList[Int.random(in: 0..<row, using: &generator)]
            if !copy.isEmpty && Bool.random(using: &generator) {
                let index = Int.random(in: 0..<copy.count, using: &generator)
                copy[index].1 += Double(Int.random(in: 0...2, using: &generator))
            }
            rowsList.append(copy)
            continue
        }
        if empties && Int.random(in: 0..<15, using: &generator) == 0 {
            rowsList.append([])
            continue
        }
        let keys = Int.random(in: 1...maxKeys, using: &generator)
        var chosen = Set<Int32>()
        while chosen.count < min(keys, columns) {
            chosen.insert(Int32.random(in: 0..<Int32(columns), using: &generator))
        }
        rowsList.append(
            chosen.map { column in
                var count = Double(Int.random(in: 1...9, using: &generator))
                if zeros && Int.random(in: 0..<8, using: &generator) == 0 { count = 0 }
                if negatives && Int.random(in: 0..<6, using: &generator) == 0 { count = -count }
                return (column, count)
            })
    }
    var offsets = [0], cols = [Int32](), values = [Double]()
    for row in rowsList {
        for (column, count) in row { cols.append(column); values.append(count) }
        offsets.append(cols.count)
    }
    return try! PatternMatrix(columnCount: columns, rowOffsets: offsets, columns: cols, values: values)
}

/// Every pair `a < b` at or above `threshold`, by brute force with the canonical score.
func bruteForcePairs(_ patterns: PatternMatrix, metric: SimilarityMetric, threshold: Double) -> [[Int]] {
    var pairs = [[Int]]()
    for a in 0..<patterns.rowCount {
        for b in (a + 1)..<max(a + 1, patterns.rowCount)
        where PatternSimilarity.score(patterns, a, b, metric: metric) >= threshold {
            pairs.append([a, b])
        }
    }
    return pairs
}

/// The reference's greedy clustering written out literally over a brute-force pair list.
func literalGreedy(_ patterns: PatternMatrix, metric: SimilarityMetric, threshold: Double) -> [[Int]] {
    var visited = Set<Int>()
    var clusters = [[Int]]()
    for a in 0..<patterns.rowCount where !visited.contains(a) {
        var cluster = [a]
        for b in (a + 1)..<max(a + 1, patterns.rowCount) where !visited.contains(b) {
            if PatternSimilarity.score(patterns, a, b, metric: metric) >= threshold { cluster.append(b) }
        }
        if cluster.count > 1 {
            clusters.append(cluster)
            visited.formUnion(cluster)
        }
    }
    return clusters
}

@Suite("Similarity join")
struct SimilarityJoinTests {
    @Test("canonical scores match the definitions")
    func canonicalScores() throws {
        // Row 0: {0: 10, 1: 5}; row 1: {0: 10, 1: 5}; row 2: {1: 0, 2: 3}; row 3: {}; row 4: {0: 2, 3: 0}.
        let patterns = try PatternMatrix(
            columnCount: 4, rowOffsets: [0, 2, 4, 6, 6, 8],
            columns: [0, 1, 1, 0, 1, 2, 3, 0], values: [10, 5, 5, 10, 0, 3, 0, 2])
        let identical = 10.0 / 15 * (10.0 / 15) + 5.0 / 15 * (5.0 / 15)
        #expect(PatternSimilarity.score(patterns, 0, 1, metric: .combined) == (1 + identical) / 2)
        #expect(PatternSimilarity.score(patterns, 0, 1, metric: .jaccard) == 1)
        #expect(abs(PatternSimilarity.score(patterns, 0, 1, metric: .cosine) - 1) < 1e-15)
        // Shared key 1 with counts 5 and 0: the shared sum of row 2 is 0, so the score is J = 1/3.
        #expect(PatternSimilarity.score(patterns, 0, 2, metric: .combined) == 1.0 / 3)
        #expect(PatternSimilarity.score(patterns, 0, 2, metric: .cosine) == 0)
        // An empty pattern scores 0 with everyone under every metric.
        for metric in SimilarityMetric.allCases {
            #expect(PatternSimilarity.score(patterns, 0, 3, metric: metric) == 0)
        }
        // Row 4 shares key 0 with row 0 (counts 10 and 2; key 3 has count 0 but is a key).
        #expect(PatternSimilarity.score(patterns, 0, 4, metric: .combined) == (1.0 / 3 + 1.0) / 2)
        #expect(PatternSimilarity.score(patterns, 0, 4, metric: .jaccard) == 1.0 / 3)
        // Symmetric to the bit.
        for metric in SimilarityMetric.allCases {
            for a in 0..<5 {
                for b in 0..<5 {
                    #expect(
                        PatternSimilarity.score(patterns, a, b, metric: metric)
                            == PatternSimilarity.score(patterns, b, a, metric: metric))
                }
            }
        }
    }

    /// Short rows at low thresholds: a partner of two or three keys needs a single shared
    /// prefix key (the overlap the sparse join derives from a posting's key count) even when
    /// the probing row needs two, which a join requiring two of every pair misses.
    @Test("short rows need one shared key", arguments: [0.2, 0.25, 0.3, 0.6, 0.8])
    func shortRows(threshold: Double) throws {
        let patterns = randomPatterns(rows: 400, columns: 30, maxKeys: 8, seed: 21, zeros: false, empties: false)
        for metric in [SimilarityMetric.jaccard, .combined] {
            let expected = bruteForcePairs(patterns, metric: metric, threshold: threshold)
            #expect(!expected.isEmpty)
            for threads in [1, 3] {
                var found = [[Int]]()
                try SimilarityJoin.pairs(
                    patterns, metric: metric, threshold: threshold, path: .sparse, threads: threads
                ) { a, b, _ in found.append([a, b]) }
                #expect(found == expected, "\(metric) at \(threshold), \(threads) threads")
            }
        }
    }

    /// Found by the `sybil` fuzz target: thresholds far above 1 or barely above 0 made the
    /// sparse join convert a huge Double to Int (a trap); both paths now agree with brute force.
    @Test("extreme thresholds neither trap nor disagree", arguments: [1e-300, 5e-324, 2, 1e300])
    func extremeThresholds(threshold: Double) throws {
        let patterns = randomPatterns(rows: 60, columns: 8, maxKeys: 5, seed: 11, negatives: false)
        for metric in SimilarityMetric.allCases {
            let expected = bruteForcePairs(patterns, metric: metric, threshold: threshold)
            for path in [SimilarityPath.dense, .sparse] {
                var found = [[Int]]()
                _ = try SimilarityJoin.pairs(patterns, metric: metric, threshold: threshold, path: path, threads: 2) {
                    a, b, _ in found.append([a, b])
                }
                #expect(found == expected, "\(metric) \(path) t=\(threshold)")
            }
        }
    }

    @Test("dense and sparse joins find exactly the brute-force pairs", arguments: SimilarityMetric.allCases)
    func pairsMatchBruteForce(metric: SimilarityMetric) throws {
        for (seed, negatives) in [(UInt64(1), false), (2, false), (3, true)] {
            let patterns = randomPatterns(rows: 150, columns: 12, maxKeys: 6, seed: seed, negatives: negatives)
            // Thresholds include 0 (pairs sharing nothing qualify), 1, and exact scores that occur.
            var thresholds = [0.0, 0.3, 0.5, 0.8, 1.0]
            thresholds.append(PatternSimilarity.score(patterns, 0, 1, metric: metric))
            for threshold in thresholds {
                let expected = bruteForcePairs(patterns, metric: metric, threshold: threshold)
                #expect(!expected.isEmpty, "the planted copies reach every threshold up to 1")
                for path in [SimilarityPath.dense, .sparse] {
                    var found = [[Int]]()
                    var scores = [Double]()
                    let statistics = try SimilarityJoin.pairs(
                        patterns, metric: metric, threshold: threshold,
                        path: path, threads: 2
                    ) { a, b, score in
                        found.append([a, b])
                        scores.append(score)
                    }
                    #expect(found == expected, "\(metric) \(path) t=\(threshold) seed \(seed)")
                    #expect(statistics.pairsFound == expected.count)
                    #expect(statistics.path == path)
                    for (pair, score) in zip(found, scores) {
                        #expect(score == PatternSimilarity.score(patterns, pair[0], pair[1], metric: metric))
                    }
                }
            }
        }
    }

    @Test("greedy clusters equal the reference rule; components are transitive", arguments: SimilarityMetric.allCases)
    func clustersMatchLiteralRules(metric: SimilarityMetric) throws {
        for seed in UInt64(10)..<14 {
            let patterns = randomPatterns(rows: 300, columns: 20, maxKeys: 8, seed: seed, negatives: seed == 13)
            for threshold in [0.0, 0.4, 0.7, 0.9] {
                let expected = literalGreedy(patterns, metric: metric, threshold: threshold)
                #expect(expected.count > (threshold == 0 ? 0 : 5))
                let pairs = bruteForcePairs(patterns, metric: metric, threshold: threshold)
                for path in [SimilarityPath.dense, .sparse] {
                    for threads in [1, 2] {
                        let greedy = try SimilarityJoin.clusters(
                            patterns, metric: metric, threshold: threshold,
                            rule: .greedy, path: path, threads: threads)
                        #expect(greedy.clusters == expected, "\(metric) \(path) t=\(threshold) seed \(seed)")
                        let components = try SimilarityJoin.clusters(
                            patterns, metric: metric, threshold: threshold,
                            rule: .connectedComponents, path: path,
                            threads: threads)
                        #expect(components.clusters == connectedComponents(pairs, rows: patterns.rowCount))
                    }
                }
            }
        }
    }

    @Test("dense join with several tiles per strip equals the sparse join")
    func denseTilesEqualSparse() throws {
        let patterns = randomPatterns(rows: 257, columns: 30, maxKeys: 10, seed: 99)
        for metric in SimilarityMetric.allCases {
            for threshold in [0.0, 0.55, 0.8] {
                var dense = DenseSimilarityJoin(
                    patterns, metric: metric, threshold: threshold, threads: 2, tileAgents: 16)
                var sparse = SparseSimilarityJoin(patterns, metric: metric, threshold: threshold, threads: 2)
                var start = 0
                while start < patterns.rowCount {
                    let rows = start..<min(patterns.rowCount, start + 16)
                    let d = dense.forwardNeighbors(rows: rows, excluded: nil)
                    let s = sparse.forwardNeighbors(rows: rows, excluded: nil)
                    #expect(
                        d.offsets == s.offsets && d.neighbors == s.neighbors, "\(metric) t=\(threshold) rows \(rows)")
                    start = rows.upperBound
                }
                #expect(dense.gemmFlops > 0)
            }
        }
    }

    @Test("real-valued counts: the rounding bound sends doubtful pairs to the exact score")
    func realValuedCounts() throws {
        var generator = FastRandom(seed: 5)
        // Rows that are scaled copies: their cosine is 1 up to rounding, right at threshold 1.
        var rows = [[Double]]()
        for _ in 0..<40 {
            let base = (0..<16).map { _ in generator.uniform(0, 1) }
            rows.append(base)
            rows.append(base.map { $0 * 3 })
        }
        let patterns = try PatternMatrix(denseCounts: try Matrix(rows))
        for metric in SimilarityMetric.allCases {
            for threshold in [1.0, 0.999_999_999_999, 0.9] {
                let expected = bruteForcePairs(patterns, metric: metric, threshold: threshold)
                var dense = [[Int]](), sparse = [[Int]]()
                let statistics = try SimilarityJoin.pairs(patterns, metric: metric, threshold: threshold, path: .dense) {
                    a, b, _ in dense.append([a, b])
                }
                try SimilarityJoin.pairs(patterns, metric: metric, threshold: threshold, path: .sparse) {
                    a, b, _ in sparse.append([a, b])
                }
                #expect(dense == expected && sparse == expected, "\(metric) t=\(threshold)")
                if metric == .cosine && threshold == 1.0 { #expect(statistics.pairsRescored > 0) }
            }
        }
    }

    @Test("automatic path follows density; bad input throws")
    func automaticAndValidation() throws {
        let sparse = randomPatterns(rows: 200, columns: 2_000, maxKeys: 5, seed: 7)
        #expect(SimilarityJoin.resolvedPath(.automatic, for: sparse, metric: .combined) == .sparse)
        let dense = randomPatterns(rows: 200, columns: 20, maxKeys: 10, seed: 7)
        #expect(SimilarityJoin.resolvedPath(.automatic, for: dense, metric: .combined) == .dense)
        #expect(throws: AgentEconomiesError.notFinite(field: "SimilarityJoin.threshold", value: .infinity)) {
            try SimilarityJoin.clusters(dense, threshold: .infinity)
        }
        #expect(throws: AgentEconomiesError.self) {
            try PatternMatrix(columnCount: 2, rowOffsets: [0, 1], columns: [0], values: [.nan])
        }
        #expect(throws: AgentEconomiesError.self) {
            try PatternMatrix(columnCount: 2, rowOffsets: [0, 2], columns: [1, 1], values: [1, 2])
        }
        // Unsorted rows are sorted on the way in.
        let unsorted = try PatternMatrix(columnCount: 3, rowOffsets: [0, 3], columns: [2, 0, 1], values: [3, 1, 2])
        #expect(unsorted.columns == [0, 1, 2] && unsorted.values == [1, 2, 3])
        // Empty input.
        let empty = try PatternMatrix(columnCount: 0, rowOffsets: [0], columns: [], values: [])
        #expect(try SimilarityJoin.clusters(empty, threshold: 0.5).clusters.isEmpty)
    }
}

/// Connected components (size >= 2) of a pair list, ascending, ordered by first member.
func connectedComponents(_ pairs: [[Int]], rows: Int) -> [[Int]] {
    var label = Array(0..<rows)
    var changed = true
    while changed {
        changed = false
        for pair in pairs {
            let low = min(label[pair[0]], label[pair[1]])
            if label[pair[0]] != low || label[pair[1]] != low {
                label[pair[0]] = low
                label[pair[1]] = low
                changed = true
            }
        }
    }
    var groups = [Int: [Int]]()
    for row in 0..<rows { groups[label[row], default: []].append(row) }
    return groups.keys.sorted().compactMap { groups[$0]!.count > 1 ? groups[$0] : nil }
}
