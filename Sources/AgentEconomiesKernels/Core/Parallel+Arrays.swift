extension Parallel {
    /// A new array of `count` elements whose chunks of `chunkSize` are initialized by
    /// `body(range, output)` on up to `threads` workers: every element is first written by the
    /// worker that computes it (no serial zero fill, and the pages land where they are used).
    ///
    /// `body` must initialize every element of its `output` (the chunk's slice, indexed from 0).
    ///
    /// - Precondition: `chunkSize > 0`.
    /// - Complexity: `body`'s cost over the chunks, divided over the workers.
    package static func makeArray<Element: BitwiseCopyable>(
        count: Int, chunkSize: Int, threads: Int? = nil,
        _ body: (_ range: Range<Int>, _ output: UnsafeMutableBufferPointer<Element>) -> Void
    ) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let start = buffer.baseAddress {
                let base = UncheckedSendable(start)
                forEach(chunks: chunkCount(count, chunkSize: chunkSize), threads: threads) { chunk in
                    let range = range(ofChunk: chunk, chunkSize: chunkSize, count: count)
                    body(range, UnsafeMutableBufferPointer(start: base.value + range.lowerBound, count: range.count))
                }
            }
            initialized = count
        }
    }

    /// The exclusive prefix sums of `count` values `value(i)`: `count + 1` entries from 0,
    /// entry `i + 1` the sum of the first `i + 1` values. Chunk sums are taken in parallel,
    /// then each chunk writes its own entries from its chunk's start.
    ///
    /// - Complexity: O(count) over the workers, plus O(count / chunkSize) to combine.
    package static func prefixSums(
        count: Int, chunkSize: Int = 1 << 14, threads: Int? = nil, _ value: (Int) -> Int
    ) -> [Int] {
        let chunks = chunkCount(count, chunkSize: chunkSize)
        let sums = map(chunks: chunks, threads: threads) { chunk, _ in
            range(ofChunk: chunk, chunkSize: chunkSize, count: count).reduce(0) { $0 + value($1) }
        }
        var starts = [Int](repeating: 0, count: chunks + 1)
        for chunk in 0..<chunks { starts[chunk + 1] = starts[chunk] + sums[chunk] }
        let total = starts[chunks]
        return makeArray(count: count + 1, chunkSize: chunkSize, threads: threads) { range, output in
            // Entry i is the sum of values 0..<i; chunk k's entries start from starts[k].
            var running = range.lowerBound < count ? starts[range.lowerBound / chunkSize] : total
            for (slot, index) in range.enumerated() {
                output[slot] = running
                if index < count { running += value(index) }
            }
        }
    }
}
