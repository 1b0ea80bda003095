import Testing

@testable import AgentEconomiesKernels

/// The combined metric's frequency bound, which lets the sparse join drop rows that cannot
/// reach the threshold with any partner: the per-row rule against its definition by
/// enumeration, and the join with it against brute force on populations where it rules out
/// some rows and not others, and where zero counts must turn it off.
@Suite struct FrequencyBoundTests {
    /// The largest `max_k a_k / Σ_S a` over every set `S` of at least `shared` of the row's
    /// keys: what the frequency term can reach at most, by definition.
    static func largestShare(_ values: [Double], atLeast shared: Int) -> Double {
        var best = 0.0
        for mask in 1..<(1 << values.count) where mask.nonzeroBitCount >= shared {
            let chosen = values.indices.filter { mask & (1 << $0) != 0 }.map { values[$0] }
            best = max(best, chosen.max()! / chosen.reduce(0, +))
        }
        return best
    }

    @Test("a row is ruled out exactly when no large enough set of its keys gives one key the needed share")
    func ruleMatchesEnumeration() {
        var generator = FastRandom(seed: 41)
        var outcomes = [false: 0, true: 0]
        for _ in 0..<3_000 {
            let keys = Int.random(in: 1...9, using: &generator)
            let values = (0..<keys).map { _ in
                Int.random(in: 0..<4, using: &generator) == 0
                    ? Double(Int.random(in: 5...60, using: &generator))
                    : Double(Int.random(in: 1...4, using: &generator)) * (Bool.random(using: &generator) ? 1 : 0.37)
            }
            let threshold = [0.55, 0.6, 0.7, 0.75, 0.8, 0.9][Int.random(in: 0..<6, using: &generator)]
            let bound = 2 * threshold - 1 - 1e-9
            let shared = SparseSimilarityJoin.overlap(bound, keys: keys)
            let expected = shared > 1 && shared <= keys && Self.largestShare(values, atLeast: shared) < bound
            var scratch = [Double]()
            let ruledOut = values.withUnsafeBufferPointer {
                SparseSimilarityJoin.frequencyTermCannotReach($0, 0..<keys, bound: bound, scratch: &scratch)
            }
            #expect(ruledOut == expected, "values \(values) t=\(threshold)")
            if ruledOut != expected { return }
            outcomes[ruledOut, default: 0] += 1
        }
        #expect(outcomes[true]! > 300 && outcomes[false]! > 300, "both answers occur: \(outcomes)")
    }

    /// Rows that spread their counts (ruled out at high thresholds), rows with one dominant
    /// partner, and near-copies of those (the pairs that qualify). Every count positive.
    static func focusedPatterns(rows: Int, seed: UInt64) -> PatternMatrix {
        var generator = FastRandom(seed: seed)
        var list = [[(Int32, Double)]]()
        for _ in 0..<rows {
            let kind = Int.random(in: 0..<3, using: &generator)
            if kind == 0, let source = list.last(where: { ($0.map(\.1).max() ?? 0) >= 15 }) {
                // A near-copy of a focused row: one count moved, sometimes one key swapped.
                var copy = source
                let index = Int.random(in: 0..<copy.count, using: &generator)
                copy[index].1 += Double(Int.random(in: 0...3, using: &generator))
                if Bool.random(using: &generator) {
                    let column = Int32.random(in: 0..<80, using: &generator)
                    if !copy.contains(where: { $0.0 == column }) { copy[Int.random(in: 0..<copy.count, using: &generator)].0 = column }
                }
                list.append(copy)
                continue
            }
            let keys = Int.random(in: 2...12, using: &generator)
            var chosen = Set<Int32>()
            while chosen.count < keys { chosen.insert(Int32.random(in: 0..<80, using: &generator)) }
            let columns = chosen.sorted()
            let dominant = kind == 1 ? Int.random(in: 0..<keys, using: &generator) : -1
            list.append(
                columns.enumerated().map { index, column in
                    (
                        column,
                        index == dominant
                            ? Double(Int.random(in: 15...60, using: &generator))
                            : Double(Int.random(in: 1...3, using: &generator))
                    )
                })
        }
        var offsets = [0], columns = [Int32](), values = [Double]()
        for row in list {
            for (column, value) in row { columns.append(column); values.append(value) }
            offsets.append(columns.count)
        }
        return try! PatternMatrix(columnCount: 80, rowOffsets: offsets, columns: columns, values: values)
    }

    @Test("the join with the bound finds every pair brute force finds, and the bound rules out some rows")
    func joinMatchesBruteForce() throws {
        for seed in UInt64(1)...3 {
            let patterns = Self.focusedPatterns(rows: 500, seed: seed)
            for threshold in [0.6, 0.7, 0.8, 0.85, 0.9] {
                let expected = bruteForcePairs(patterns, metric: .combined, threshold: threshold)
                #expect(!expected.isEmpty, "seed \(seed) t=\(threshold): pairs to find")
                let join = SparseSimilarityJoin(patterns, metric: .combined, threshold: threshold, threads: 2)
                // At 0.6 and 0.7 (a frequency term of 0.2 or 0.4) the spread rows can still get
                // there; from 0.8 on many cannot.
                #expect(join.rowsWithoutPartner < patterns.rowCount)
                if threshold >= 0.8 {
                    #expect(join.rowsWithoutPartner > patterns.rowCount / 5, "seed \(seed) t=\(threshold)")
                }
                for path in [SimilarityPath.sparse, .dense] {
                    for threads in [1, 2] {
                        var found = [[Int]]()
                        try SimilarityJoin.pairs(
                            patterns, metric: .combined, threshold: threshold, path: path, threads: threads
                        ) { a, b, _ in found.append([a, b]) }
                        #expect(found == expected, "seed \(seed) t=\(threshold) \(path) \(threads) threads")
                    }
                }
                let greedy = try SimilarityJoin.clusters(
                    patterns, metric: .combined, threshold: threshold, rule: .greedy, path: .sparse, threads: 2)
                #expect(greedy.clusters == literalGreedy(patterns, metric: .combined, threshold: threshold))
            }
        }
    }

    @Test("a zero count turns the bound off: a pair whose shared counts sum to 0 scores its Jaccard term")
    func zeroCountsTurnItOff() throws {
        // Row 0 holds keys 0-4 at count 0 and key 5; row 1 keys 0-4 at count 1. Their shared
        // counts on row 0's side sum to 0, so the score is the Jaccard term, 5/6. Row 1 alone
        // (five equal counts) would be ruled out at 0.8 were zeros ignored.
        let patterns = try PatternMatrix(
            columnCount: 6, rowOffsets: [0, 6, 11], columns: [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4],
            values: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
        #expect(bruteForcePairs(patterns, metric: .combined, threshold: 0.8) == [[0, 1]])
        let join = SparseSimilarityJoin(patterns, metric: .combined, threshold: 0.8, threads: 1)
        #expect(join.rowsWithoutPartner == 0)
        var found = [[Int]]()
        try SimilarityJoin.pairs(patterns, metric: .combined, threshold: 0.8, path: .sparse) { a, b, _ in
            found.append([a, b])
        }
        #expect(found == [[0, 1]])
    }
}
