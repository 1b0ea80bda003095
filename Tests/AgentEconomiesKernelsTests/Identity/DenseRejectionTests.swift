import Testing

@testable import AgentEconomiesKernels

/// The dense join's quick rejection of combined-metric pairs by their Jaccard part alone
/// (`DenseSimilarityJoin.combinedRejectBound`) keeps every pair that reaches the threshold:
/// pairs sharing one key (frequency part exactly 1) sit with their Jaccard part exactly at
/// `2t - 1` when the threshold is their own score: a bound without its margin drops one of
/// them (the threshold's rounding puts `2t - 1` an ulp above 1/3), and so does any larger
/// bound (both measured as failing this test).
@Suite struct DenseRejectionTests {
    /// Rows whose pairs share one key (frequency part 1) with Jaccard parts 1/2, 1/3, 1/4 and
    /// 2/5, and a few unrelated rows, all counts non-negative integers.
    static let rows: [[(Int32, Double)]] = [
        [(0, 3)],
        [(0, 5), (1, 2)],
        [(0, 1), (2, 1), (3, 4)],
        [(0, 2), (4, 1), (5, 1), (6, 3)],
        [(7, 2), (8, 1), (9, 1)],
        [(7, 1), (8, 6), (10, 2), (11, 1), (12, 2)],
        [(13, 1), (14, 1)],
    ]

    static func patterns() throws -> PatternMatrix {
        var offsets = [0], columns = [Int32](), values = [Double]()
        for row in rows {
            for (column, value) in row { columns.append(column); values.append(value) }
            offsets.append(columns.count)
        }
        return try PatternMatrix(columnCount: 16, rowOffsets: offsets, columns: columns, values: values)
    }

    @Test("pairs at exactly the threshold are kept, the rest are the brute-force pairs")
    func boundaryPairsKept() throws {
        let patterns = try Self.patterns()
        var thresholds = Set<Double>()
        for a in 0..<patterns.rowCount {
            for b in (a + 1)..<patterns.rowCount {
                let score = PatternSimilarity.score(patterns, a, b, metric: .combined)
                if score > 0.5 { thresholds.insert(score) }
            }
        }
        #expect(thresholds.contains(0.75), "a pair with Jaccard part 1/2 and frequency part 1")
        for threshold in thresholds.sorted() + [0.51, 0.99] {
            let expected = bruteForcePairs(patterns, metric: .combined, threshold: threshold)
            let join = DenseSimilarityJoin(patterns, metric: .combined, threshold: threshold, threads: 1)
            #expect(join.combinedRejectBound > 0, "integer counts: the quick rejection is on")
            var found = [[Int]]()
            _ = try SimilarityJoin.pairs(patterns, metric: .combined, threshold: threshold, path: .dense, threads: 2) {
                a, b, _ in found.append([a, b])
            }
            #expect(found == expected, "t = \(threshold)")
        }
    }

    @Test("no quick rejection where it would not be exact")
    func offWhereNotExact() throws {
        let patterns = try Self.patterns()
        #expect(DenseSimilarityJoin(patterns, metric: .combined, threshold: 0.5, threads: 1).combinedRejectBound == 0)
        #expect(DenseSimilarityJoin(patterns, metric: .jaccard, threshold: 0.8, threads: 1).combinedRejectBound == 0)
        let real = try PatternMatrix(columnCount: 2, rowOffsets: [0, 1, 2], columns: [0, 0], values: [0.5, 1])
        #expect(DenseSimilarityJoin(real, metric: .combined, threshold: 0.8, threads: 1).combinedRejectBound == 0)
    }
}
