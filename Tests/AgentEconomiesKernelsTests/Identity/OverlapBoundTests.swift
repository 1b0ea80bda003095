import Testing

@testable import AgentEconomiesKernels

/// The sparse join's early-stopping overlap test against brute force: the count it asks for
/// and the yes/no it gives, at the boundary where one shared key decides.
@Suite struct OverlapBoundTests {
    @Test("sharedKeysNeeded is the least count whose Jaccard term reaches the floor")
    func neededMatchesLinearSearch() {
        let floors = [
            -1, 0, .nan, 1e-300, 0.2, 1.0 / 3, 0.5, 0.6 - 1e-9, 0.6, 2.0 / 3, 0.8, 0.999, 1, 1.5,
        ]
        for floor in floors {
            for total in 0...400 {
                var expected = floor > 0 && total > 0 ? total / 2 + 1 : 0
                if floor > 0 && total > 0 {
                    for shared in 0...(total / 2) where Double(shared) / Double(total - shared) >= floor {
                        expected = shared
                        break
                    }
                }
                let needed = PatternSimilarity.sharedKeysNeeded(floor: floor, total: total)
                #expect(needed == expected, "floor \(floor) total \(total)")
                if needed != expected { return }
            }
        }
    }

    /// Two sorted rows of `lengthA` and `lengthB` distinct columns, sharing `shared` of them,
    /// laid out in one columns array (row a first).
    static func rowPair(lengthA: Int, lengthB: Int, shared: Int, generator: inout FastRandom) -> [Int32] {
        var pool = Array(Int32(0)..<Int32(lengthA + lengthB - shared))
        pool.shuffle(using: &generator)
        let common = pool[0..<shared]
        let onlyA = pool[shared..<lengthA]
        let onlyB = pool[lengthA..<(lengthA + lengthB - shared)]
        return (Array(common) + onlyA).sorted() + (Array(common) + onlyB).sorted()
    }

    @Test("sharesAtLeast agrees with a full count, one key either side of the boundary")
    func sharesAtLeastMatchesFullCount() {
        var generator = FastRandom(seed: 11)
        for _ in 0..<600 {
            let lengthA = Int.random(in: 0...2_000, using: &generator)
            let lengthB = Int.random(in: 0...2_000, using: &generator)
            let shared = Int.random(in: 0...min(lengthA, lengthB), using: &generator)
            let columns = Self.rowPair(lengthA: lengthA, lengthB: lengthB, shared: shared, generator: &generator)
            let a = 0..<lengthA, b = lengthA..<(lengthA + lengthB)
            columns.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                #expect(PatternSimilarity.sharedKeys(base, a, b) == shared)
                for needed in [0, 1, shared - 1, shared, shared + 1, shared + 7, lengthA, -3] {
                    let answer = PatternSimilarity.sharesAtLeast(base, a, b, needed: needed)
                    #expect(answer == (shared >= needed), "|a| \(lengthA) |b| \(lengthB) shared \(shared) needed \(needed)")
                    if answer != (shared >= needed) { return }
                }
            }
        }
    }

    @Test("the sparse join over hub rows finds exactly the brute-force pairs", arguments: SimilarityMetric.allCases)
    func hubRowsMatchBruteForce(metric: SimilarityMetric) throws {
        // Long rows over few columns: every pair shares many keys and overlaps sit near the
        // thresholds, where stopping one key early or late changes the answer.
        let patterns = randomPatterns(rows: 160, columns: 900, maxKeys: 700, seed: 5, zeros: false, empties: false)
        for threshold in [0.55, 0.6, 0.7, 0.8, 0.9] {
            let expected = bruteForcePairs(patterns, metric: metric, threshold: threshold)
            var found = [[Int]]()
            _ = try SimilarityJoin.pairs(patterns, metric: metric, threshold: threshold, path: .sparse, threads: 3) {
                a, b, _ in found.append([a, b])
            }
            #expect(found == expected, "\(metric) t=\(threshold)")
        }
    }

    @Test("mostKeysRequiringOne is the last key count requiring one shared prefix key")
    func onceKeysMatchLinearSearch() {
        for fraction in [1e-9, 0.05, 0.2, 0.25, 1.0 / 3, 0.4, 0.5, 0.6 - 1e-9, 2.0 / 3, 0.9, 1, 1.5] {
            let most = SparseSimilarityJoin.mostKeysRequiringOne(fraction)
            #expect(SparseSimilarityJoin.requiredOverlap(fraction, keys: most) == 1, "fraction \(fraction)")
            #expect(SparseSimilarityJoin.requiredOverlap(fraction, keys: most + 1) == 2, "fraction \(fraction)")
            // Below it, one key throughout (the count filter relies on the monotone order).
            for keys in 0...min(most, 5_000) {
                #expect(SparseSimilarityJoin.requiredOverlap(fraction, keys: keys) == 1, "fraction \(fraction) keys \(keys)")
            }
        }
    }

    @Test(
        "the sparse join over short rows, met on one prefix key, finds exactly the brute-force pairs",
        arguments: [SimilarityMetric.jaccard, .combined])
    func shortRowsMatchBruteForce(metric: SimilarityMetric) throws {
        // One to six keys over few columns: many partners are met on one prefix key, and rows
        // of one to five keys require only one (the count filter's limits at these
        // thresholds); a qualifying pair the filter drops shows here.
        let patterns = randomPatterns(rows: 500, columns: 14, maxKeys: 6, seed: 8, zeros: false, empties: false)
        for threshold in [0.2, 0.3, 0.4, 0.5, 0.65, 0.7] {
            let expected = bruteForcePairs(patterns, metric: metric, threshold: threshold)
            var found = [[Int]]()
            _ = try SimilarityJoin.pairs(patterns, metric: metric, threshold: threshold, path: .sparse, threads: 2) {
                a, b, _ in found.append([a, b])
            }
            #expect(found == expected, "\(metric) t=\(threshold)")
        }
    }
}
