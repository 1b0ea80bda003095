import AgentEconomiesKernels
import Testing

/// The sparse join's marker words carry a per-worker generation that wraps after 4,095 rows
/// (the array is then cleared): with one worker over 4,600 rows, across the wrap it still finds exactly the dense join's pairs.
@Suite struct MarkerWrapTests {
    @Test(arguments: [1])
    func markerGenerationsWrap(threads: Int) throws {
        var random = FastRandom(seed: 21)
        var offsets = [0], columns: [Int32] = [], values: [Double] = []
        for row in 0..<4_600 {
            let keys: Set<Int32> =
                row % 7 == 0
                ? Set((0..<5).map { Int32((row / 70 * 5 + $0) % 300) })
                : Set((0..<(3 + Int(random.next() % 5))).map { _ in Int32(random.next() % 300) })
            for key in keys.sorted() {
                columns.append(key)
                values.append(Double(1 + random.next() % 3))
            }
            offsets.append(columns.count)
        }
        let patterns = try PatternMatrix(columnCount: 300, rowOffsets: offsets, columns: columns, values: values)
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
