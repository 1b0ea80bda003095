import AgentEconomiesKernels
import Testing

/// `Parallel.forEach` visits each chunk exactly once on any thread count; the chunk helpers
/// cut `0..<count` into contiguous, non-overlapping ranges.
@Suite("Parallel")
struct ParallelTests {
    @Test("forEach visits every chunk exactly once", arguments: [0, 1, 7, 1000], [1, 2, 8])
    func visitsEveryChunk(_ chunks: Int, _ threads: Int) {
        var visits = [Int](repeating: 0, count: chunks)
        visits.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                var called = false
                Parallel.forEach(chunks: chunks, threads: threads) { _ in called = true }
                #expect(!called)
                return
            }
            let shared = SharedMutablePointer(base)
            Parallel.forEach(chunks: chunks, threads: threads) { chunk in
                shared[chunk] += 1
            }
        }
        #expect(visits == [Int](repeating: 1, count: chunks))
    }

    @Test("forEach with the default thread count and with negative or zero chunks")
    func defaults() {
        var visits = [Int](repeating: 0, count: 37)
        visits.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedMutablePointer(buffer.baseAddress!)
            Parallel.forEach(chunks: 37) { shared[$0] += 1 }
        }
        #expect(visits == [Int](repeating: 1, count: 37))
        var calls = 0
        Parallel.forEach(chunks: -3, threads: 4) { _ in calls += 1 }
        Parallel.forEach(chunks: 0) { _ in calls += 1 }
        #expect(calls == 0)
        #expect(Parallel.defaultThreadCount >= 1)
    }

    @Test("a thread count of 0 or below still runs every chunk")
    func nonPositiveThreads() {
        var order: [Int] = []
        Parallel.forEach(chunks: 5, threads: 0) { order.append($0) }  // one thread: inline, in order
        Parallel.forEach(chunks: 3, threads: -2) { order.append($0) }
        #expect(order == [0, 1, 2, 3, 4, 0, 1, 2])
    }

    @Test(
        "chunkCount",
        arguments: [
            (0, 4, 0), (-3, 4, 0), (1, 4, 1), (4, 4, 1), (5, 4, 2), (1000, 7, 143), (1024, 1024, 1), (1025, 1024, 2),
        ])
    func chunkCount(_ count: Int, _ chunkSize: Int, _ expected: Int) {
        #expect(Parallel.chunkCount(count, chunkSize: chunkSize) == expected)
    }

    @Test(
        "range(ofChunk:) covers 0..<count in order without overlap",
        arguments: [(10, 4), (12, 4), (1, 1), (1000, 7), (5, 100)])
    func ranges(_ count: Int, _ chunkSize: Int) {
        var next = 0
        for chunk in 0..<Parallel.chunkCount(count, chunkSize: chunkSize) {
            let range = Parallel.range(ofChunk: chunk, chunkSize: chunkSize, count: count)
            #expect(range.lowerBound == next)
            #expect(!range.isEmpty && range.count <= chunkSize)
            next = range.upperBound
        }
        #expect(next == count)
        #expect(Parallel.range(ofChunk: 2, chunkSize: 4, count: 10) == 8..<10)
    }

    @Test(
        "map returns each chunk's result in chunk order, from workers numbered 0..<threads",
        arguments: [0, 1, 7, 1000], [1, 2, 8])
    func mapKeepsChunkOrder(_ chunks: Int, _ threads: Int) {
        let results = Parallel.map(chunks: chunks, threads: threads) { chunk, worker in (chunk, worker) }
        #expect(results.map(\.0) == Array(0..<chunks))
        let workers = min(max(chunks, 1), threads)
        // Chunks are taken dynamically, so which worker ran a chunk is not fixed; its index is
        // always one of the region's workers (what per-worker scratch needs).
        for (_, worker) in results { #expect(worker >= 0 && worker < workers) }
    }

    @Test("fill writes every element once through its chunk's slice", arguments: [0, 1, 5, 1000], [1, 3])
    func fillCoversTheArray(_ count: Int, _ threads: Int) {
        var values = [Int](repeating: -1, count: count)
        Parallel.fill(&values, chunkSize: 7, threads: threads) { range, output in
            #expect(output.count == range.count)
            for (slot, index) in range.enumerated() { output[slot] = index * 2 }
        }
        #expect(values == (0..<count).map { $0 * 2 })
    }

    @Test("the process-wide default worker count can be set and reset")
    func defaultThreadCount() throws {
        let before = Parallel.defaultThreadCount
        try Parallel.setDefaultThreadCount(3)
        #expect(Parallel.defaultThreadCount == 3)
        try Parallel.setDefaultThreadCount(nil)
        #expect(Parallel.defaultThreadCount == before)
        #expect(throws: AgentEconomiesError.self) { try Parallel.setDefaultThreadCount(0) }
    }
}
