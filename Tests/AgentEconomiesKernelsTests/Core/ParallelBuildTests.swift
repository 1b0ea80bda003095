import AgentEconomiesKernels
import Testing

/// The parallel building blocks of the serial phases removed for issue 25: the stable merge
/// sort, prefix sums, chunked compensated sums, atomic counters and the bucketed scatter,
/// each equal to its serial counterpart at every thread count.
@Suite("Parallel building blocks")
struct ParallelBuildTests {
    /// Deterministic values with many ties (the merge's tie rule matters).
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var random = FastRandom(seed: seed, stream: 0)
        return (0..<count).map { _ in (random.random() * 1_000).rounded() / 8 - 40 }
    }

    @Test("sorted equals the standard sort at 1, 2, 3 and 8 threads", arguments: [0, 1, 1_000, 32_768, 32_769, 100_003, 262_144])
    func sorted(count: Int) {
        let input = Self.values(count, seed: UInt64(count))
        let expected = input.sorted()
        for threads in [1, 2, 3, 8] {
            #expect(Parallel.sorted(input, threads: threads) == expected, "threads \(threads)")
        }
        #expect(Parallel.sorted(input.map { Int32($0 * 8) }, threads: 4) == input.map { Int32($0 * 8) }.sorted())
    }

    @Test("the parallel Gini is the serial one, bit for bit")
    func gini() {
        let input = Self.values(150_001, seed: 9).map { abs($0) }
        let serial = giniCoefficient(input)
        for threads in [1, 2, 5] { #expect(giniCoefficient(input, threads: threads).bitPattern == serial.bitPattern) }
        #expect(giniCoefficient([], threads: 2) == 0)
    }

    @Test("prefix sums start at 0 and match a running sum", arguments: [0, 1, 16_384, 16_385, 70_000])
    func prefixSums(count: Int) {
        let values = (0..<count).map { ($0 * 7919) % 13 }
        var expected = [0]
        for value in values { expected.append(expected.last! + value) }
        for threads in [1, 3] {
            #expect(Parallel.prefixSums(count: count, threads: threads) { values[$0] } == expected)
        }
    }

    @Test("chunked compensated sums do not depend on the thread count and stay exact")
    func compensatedSums() {
        // 1e16 + many ones - 1e16: a plain left-to-right sum loses every one.
        let count = 300_000
        let term = { (index: Int) -> Double in index == 0 ? 1e16 : index == count - 1 ? -1e16 : 1 }
        let one = CompensatedSum.sum(count: count, threads: 1, term)
        #expect(one == Double(count - 2))
        for threads in [2, 7] { #expect(CompensatedSum.sum(count: count, threads: threads, term).bitPattern == one.bitPattern) }
    }

    @Test("atomic counters count every add from 8 threads")
    func atomicCounters() {
        let counters = AtomicCounters(count: 10) { $0 * 100 }
        Parallel.forEach(chunks: 64, threads: 8) { chunk in
            for index in 0..<1_000 { _ = counters.add((chunk + index) % 10) }
        }
        #expect((0..<10).map(counters.load) == (0..<10).map { $0 * 100 + 6_400 })
    }

    /// A serial scatter: every source's (key, value) pairs appended to their keys' lists in
    /// source order, each list at `firstSlot` of its key (three free slots between lists).
    static func scatterCase(keyCount: Int, sources: Int) -> (firstSlots: [Int], pairs: (Int) -> [(Int, Int32)], expected: [Int32]) {
        // Source s emits 0...5 values; keys spread over the range with many repeats.
        let pairs = { (source: Int) -> [(Int, Int32)] in
            (0..<((source * 7_919) % 6)).map { step in
                ((source * 104_729 + step * 1_299_709) % keyCount, Int32(truncatingIfNeeded: source * 31 + step))
            }
        }
        var lists = [[Int32]](repeating: [], count: keyCount)
        for source in 0..<sources { for (key, value) in pairs(source) { lists[key].append(value) } }
        var firstSlots = [Int](), expected = [Int32]()
        for list in lists {
            expected += [-1, -1, -1]
            firstSlots.append(expected.count)
            expected += list
        }
        return (firstSlots, pairs, expected)
    }

    @Test(
        "the bucketed scatter writes each list in source order at every thread count",
        arguments: [(1, 1), (7, 1_500), (2_048, 3_000), (2_049, 70_000), (300_001, 600_000), (5, 0)])
    func scatter(keyCount: Int, sources: Int) {
        let (firstSlots, pairs, expected) = Self.scatterCase(keyCount: keyCount, sources: sources)
        for threads in [1, 2, 3, 8] {
            var output = [Int32](repeating: -1, count: expected.count)
            output.withUnsafeMutableBufferPointer { buffer in
                Parallel.scatter(
                    keyCount: keyCount, sources: sources, firstSlot: { firstSlots[$0] }, into: buffer.baseAddress!,
                    threads: threads
                ) { range, emit in
                    for source in range { for (key, value) in pairs(source) { emit(key, value) } }
                }
            }
            // The first wrong slot, not the arrays (a diff of a million entries takes minutes).
            let wrong = output.indices.first { output[$0] != expected[$0] }
            #expect(wrong == nil, "keys \(keyCount), sources \(sources), threads \(threads)")
        }
    }

    @Test(
        "grouping by key gives the serial lists and offsets at every thread count",
        arguments: [(1, 1), (7, 1_500), (2_048, 3_000), (2_049, 70_000), (300_001, 600_000), (5, 0), (0, 4)])
    func grouped(keyCount: Int, sources: Int) {
        let pairs = { (source: Int) -> [(Int, Int32)] in
            (0..<((source * 7_919) % 6)).map { step in
                ((source * 104_729 + step * 1_299_709) % max(1, keyCount), Int32(truncatingIfNeeded: source * 31 + step))
            }
        }
        var lists = [[Int32]](repeating: [], count: keyCount)
        if keyCount > 0 { for source in 0..<sources { for (key, value) in pairs(source) { lists[key].append(value) } } }
        var expectedOffsets = [0]
        for list in lists { expectedOffsets.append(expectedOffsets.last! + list.count) }
        let expectedValues = lists.flatMap { $0 }
        for threads in [1, 2, 3, 8] {
            let (offsets, values) = Parallel.grouped(keyCount: keyCount, sources: sources, threads: threads) { range, emit in
                for source in range { for (key, value) in pairs(source) { emit(key, value) } }
            }
            // The first wrong entry, not the arrays (a diff of a million entries takes minutes).
            #expect(offsets.count == expectedOffsets.count && values.count == expectedValues.count)
            let wrongOffset = zip(offsets, expectedOffsets).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            let wrongValue = zip(values, expectedValues).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(wrongOffset == nil && wrongValue == nil, "keys \(keyCount), sources \(sources), threads \(threads)")
        }
    }

    @Test("firstIndex names a serial scan's first match at every thread count", arguments: [0, 1, 65_536, 65_537, 400_000])
    func firstIndex(count: Int) throws {
        // Matches in several chunks, the earliest not in the first chunk.
        let marked = Set([count / 2, count - 1, count / 3 + 70_000].filter { $0 >= 0 && $0 < count })
        let expected = (0..<count).first { marked.contains($0) }
        for threads in [1, 2, 3, 8] {
            #expect(Parallel.firstIndex(count: count, threads: threads) { marked.contains($0) } == expected)
            #expect(Parallel.firstIndex(count: count, chunkSize: 1_000, threads: threads) { marked.contains($0) } == expected)
        }
        // A bad p in two places: the error names the first.
        if count > 2 {
            var p = [Double](repeating: 0.5, count: count)
            p[count - 1] = .nan
            p[count / 2] = 1.5
            #expect(throws: AgentEconomiesError.outOfRange(field: "p[\(count / 2)]", value: "1.5", requirement: "in [0, 1]")) {
                try SoftPayoffKernels.payoffs(p: p, threads: 3)
            }
        }
    }
}
