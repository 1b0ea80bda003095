import AgentEconomiesKernels
import Testing
import Workloads

/// The sparse join's marker words are reused by a worker from row to row and reset, word by
/// word, when a row is done: a word left over from an earlier row would hide a later row's
/// first meeting with that partner (it would never become a candidate). With one worker over
/// 4,600 rows, every row reusing the same words, the sparse join still finds exactly the dense
/// join's pairs (a build that skips the reset loses pairs here).
@Suite struct MarkerResetTests {
    @Test(arguments: [1, 3])
    func markerWordsAreResetBetweenRows(threads: Int) throws {
        let patterns = try PlantedPatterns.keyed(rows: 4_600, columns: 300, seed: 21, keyCounts: 3...7) { row in
            row % 7 == 0 ? Set((0..<5).map { Int32((row / 70 * 5 + $0) % 300) }) : nil
        }
        for (metric, threshold) in [(SimilarityMetric.jaccard, 0.7), (.combined, 0.45), (.cosine, 0.8)] {
            let pairs = try expectSparseMatchesDense(patterns, metric: metric, threshold: threshold, threads: threads)
            #expect(pairs > 0)
        }
    }

    /// Marker words are bytes that stop counting at `MarkerArrays.saturated`: rows that share
    /// hundreds of prefix keys (each row here holds 300 to 560 of 600 counterparties, every
    /// tenth row a copy of its neighbour) meet a partner more than 255 times. A byte that
    /// wrapped to 0 would take the partner for new and list it again (a pair found twice), or
    /// would fall below the filter's count and lose it; the sparse join must still give
    /// exactly the dense join's pairs, in every probing mode.
    @Test(arguments: [1, 3])
    func markerCountsSaturateInsteadOfWrapping(threads: Int) throws {
        let base = try PlantedPatterns.keyed(rows: 120, columns: 600, seed: 5, keyCounts: 300...560) { _ in nil }
        // Every tenth row repeats the row before it (same keys, same counts).
        var offsets = [0], keys = [Int32](), values = [Double]()
        for row in 0..<base.rowCount {
            let source = row % 10 == 9 ? row - 1 : row
            let range = base.rowOffsets[source]..<base.rowOffsets[source + 1]
            keys.append(contentsOf: base.columns[range])
            values.append(contentsOf: base.values[range])
            offsets.append(keys.count)
        }
        let patterns = try PatternMatrix(columnCount: 600, rowOffsets: offsets, columns: keys, values: values)
        let cases: [(SimilarityMetric, Double)] = [
            (.jaccard, 0.05), (.jaccard, 0.6), (.combined, 0.45), (.cosine, 0.9), (.cosine, 0.3), (.jaccard, 0),
        ]
        for (metric, threshold) in cases {
            let pairs = try expectSparseMatchesDense(patterns, metric: metric, threshold: threshold, threads: threads)
            #expect(pairs >= 12, "\(metric) \(threshold): the copies must pair")
        }
    }

    /// Expects the sparse join's pairs to be exactly the dense join's; returns how many.
    private func expectSparseMatchesDense(
        _ patterns: PatternMatrix, metric: SimilarityMetric, threshold: Double, threads: Int
    ) throws -> Int {
        var sparse: [[Int]] = [], dense: [[Int]] = []
        try SimilarityJoin.pairs(patterns, metric: metric, threshold: threshold, path: .sparse, threads: threads) {
            a, b, _ in sparse.append([a, b])
        }
        try SimilarityJoin.pairs(patterns, metric: metric, threshold: threshold, path: .dense, threads: threads) {
            a, b, _ in dense.append([a, b])
        }
        // A Bool, not the arrays: a failure names the counts instead of printing every pair.
        let same = sparse == dense
        #expect(same, "\(metric) \(threshold): \(sparse.count) pairs, the dense join \(dense.count)")
        return dense.count
    }
}
