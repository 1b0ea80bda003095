import AgentEconomiesKernels
import Testing
import Workloads

/// The sparse join's marker words carry a per-worker generation that wraps after 4,095 rows
/// (the array is then cleared): with one worker over 4,600 rows, across the wrap it still finds exactly the dense join's pairs.
@Suite struct MarkerWrapTests {
    @Test(arguments: [1])
    func markerGenerationsWrap(threads: Int) throws {
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
            #expect(sparse == dense, "\(metric) \(threshold)")
            #expect(!sparse.isEmpty)
        }
    }
}
