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
            #expect(!sparse.isEmpty)
        }
    }
}
