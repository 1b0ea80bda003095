extension Parallel {
    /// Elements per sorted run and per merged output piece of ``sorted(_:threads:)``; a
    /// power of two, fixed, so the runs, the merges and the result do not depend on the
    /// thread count.
    static let sortRun = 1 << 15

    /// `values` in ascending order, sorted over the workers: runs of ``sortRun`` elements
    /// sorted in parallel, then merged pairwise, each merge's output cut into pieces that
    /// workers fill independently (each piece's start in both runs found by binary search).
    /// The merges are stable, so the result is the same for any thread count.
    ///
    /// - Precondition: no element is unordered with another (no NaN); with one, the order is
    ///   unspecified but nothing traps.
    /// - Complexity: O(n log n) over the workers; one extra array of n elements.
    package static func sorted<Element: Comparable & BitwiseCopyable>(
        _ values: [Element], threads: Int? = nil
    ) -> [Element] {
        let n = values.count, run = sortRun
        if n <= run { return values.sorted() }
        let pieces = chunkCount(n, chunkSize: run)
        var source = values
        source.withUnsafeMutableBufferPointer { buffer in
            let buffer = UncheckedSendable(buffer)
            forEach(chunks: pieces, threads: threads) { piece in
                var slice = UnsafeMutableBufferPointer(rebasing: buffer.value[range(ofChunk: piece, chunkSize: run, count: n)])
                slice.sort()
            }
        }
        var target = [Element](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var width = run
        while width < n {
            source.withUnsafeBufferPointer { from in
                target.withUnsafeMutableBufferPointer { to in
                    let buffers = UncheckedSendable((from, to))
                    forEach(chunks: pieces, threads: threads) { piece in
                        let (from, to) = buffers.value
                        let output = range(ofChunk: piece, chunkSize: run, count: n)
                        let start = output.lowerBound / (2 * width) * (2 * width)
                        let middle = min(n, start + width), end = min(n, start + 2 * width)
                        mergePiece(
                            UnsafeBufferPointer(rebasing: from[start..<middle]),
                            UnsafeBufferPointer(rebasing: from[middle..<end]),
                            outputs: (output.lowerBound - start)..<(output.upperBound - start),
                            into: to.baseAddress! + output.lowerBound)
                    }
                }
            }
            swap(&source, &target)
            width *= 2
        }
        return source
    }

    /// Writes outputs `outputs` of the stable merge of sorted `a` and `b` (ties taken from
    /// `a` first) to `destination`.
    private static func mergePiece<Element: Comparable>(
        _ a: UnsafeBufferPointer<Element>, _ b: UnsafeBufferPointer<Element>, outputs: Range<Int>,
        into destination: UnsafeMutablePointer<Element>
    ) {
        // How many of the first `outputs.lowerBound` outputs come from `a`.
        let k = outputs.lowerBound
        var low = max(0, k - b.count), high = min(k, a.count)
        while low < high {
            let i = (low + high) / 2, j = k - i
            if j > 0 && a[i] <= b[j - 1] { low = i + 1 } else { high = i }
        }
        var i = low, j = k - low
        for slot in 0..<outputs.count {
            if j >= b.count || (i < a.count && !(b[j] < a[i])) {
                destination[slot] = a[i]
                i += 1
            } else {
                destination[slot] = b[j]
                j += 1
            }
        }
    }
}
