/// An inverted index over counterparties for the sparse join: for every key (counterparty
/// rank), the rows that hold it within their indexed prefix, sorted by (key count, row), so
/// a probe reads only rows of the key counts it can still match and only rows after the
/// probing row.
struct PrefixIndex {
    /// `keys + 1` offsets into `rows` / `sizes`.
    let offsets: [Int]
    /// Posting rows, by (size, row) within each key.
    let rows: [Int32]
    /// The key count of each posting's row.
    let sizes: [Int32]

    /// Indexes the first `prefix[r]` rank-ordered keys of every row `r`, over the workers:
    /// keys counted and rows scattered into their lists through atomic cursors, then each
    /// list sorted into `rowsBySize` order, so the index does not depend on `threads`.
    ///
    /// - Parameters:
    ///   - rankedKeys: every row's keys in rank order (CSR with `rowOffsets`).
    ///   - rowsBySize: all rows sorted by (key count, row).
    /// - Complexity: O(keys + indexed entries log(longest list)) over the workers.
    init(
        keyCount: Int, rankedKeys: [Int32], rowOffsets: [Int], prefix: [Int32], rowsBySize: [Int32],
        threads: Int
    ) {
        let n = prefix.count, rowChunk = 2_048, keyChunk = 1_024
        let rowChunks = Parallel.chunkCount(n, chunkSize: rowChunk)
        let counts = AtomicCounters(count: keyCount)
        Parallel.forEach(chunks: rowChunks, threads: threads) { chunk in
            for row in Parallel.range(ofChunk: chunk, chunkSize: rowChunk, count: n) {
                for index in rowOffsets[row]..<(rowOffsets[row] + Int(prefix[row])) { _ = counts.add(Int(rankedKeys[index])) }
            }
        }
        let offsets = Parallel.prefixSums(count: keyCount, threads: threads) { counts.load($0) }
        let cursors = AtomicCounters(count: keyCount) { offsets[$0] }
        // Each row's position in `rowsBySize`: sorting a list by it gives (size, row) order.
        var order = [Int32](repeating: 0, count: n)
        for (position, row) in rowsBySize.enumerated() { order[Int(row)] = Int32(position) }
        let total = offsets[keyCount]
        var positions = [Int32](unsafeUninitializedCapacity: total) { buffer, initialized in
            let base = UncheckedSendable(buffer)
            Parallel.forEach(chunks: rowChunks, threads: threads) { chunk in
                for row in Parallel.range(ofChunk: chunk, chunkSize: rowChunk, count: n) {
                    for index in rowOffsets[row]..<(rowOffsets[row] + Int(prefix[row])) {
                        base.value[cursors.add(Int(rankedKeys[index]))] = order[row]
                    }
                }
            }
            initialized = total
        }
        var rows = [Int32](unsafeUninitializedCapacity: total) { _, initialized in initialized = total }
        var sizes = [Int32](unsafeUninitializedCapacity: total) { _, initialized in initialized = total }
        positions.withUnsafeMutableBufferPointer { positions in
            rows.withUnsafeMutableBufferPointer { rowBuffer in
                sizes.withUnsafeMutableBufferPointer { sizeBuffer in
                    let buffers = UncheckedSendable((positions, rowBuffer, sizeBuffer))
                    Parallel.forEach(chunks: Parallel.chunkCount(keyCount, chunkSize: keyChunk), threads: threads) { chunk in
                        let (positions, rows, sizes) = buffers.value
                        for key in Parallel.range(ofChunk: chunk, chunkSize: keyChunk, count: keyCount) {
                            var list = UnsafeMutableBufferPointer(rebasing: positions[offsets[key]..<offsets[key + 1]])
                            list.sort()
                            for (slot, position) in list.enumerated() {
                                let row = Int(rowsBySize[Int(position)])
                                rows[offsets[key] + slot] = Int32(row)
                                sizes[offsets[key] + slot] = Int32(rowOffsets[row + 1] - rowOffsets[row])
                            }
                        }
                    }
                }
            }
        }
        positions = []
        self.offsets = offsets
        self.rows = rows
        self.sizes = sizes
    }

    /// Postings from the first of `minimumSize` keys on up to which a probe scans the list
    /// instead of searching each size group.
    static let scanLength = 48

    /// Calls `body(b, size of b)` for every posting `b > after` of `key` whose row has between
    /// `minimumSize` and `maximumSize` keys; returns the number of postings read.
    @inline(__always)
    func forEach(
        key: Int, after row: Int32, minimumSize: Int32, maximumSize: Int32,
        rows postingRows: UnsafePointer<Int32>, sizes postingSizes: UnsafePointer<Int32>,
        _ body: (Int32, Int32) -> Void
    ) -> Int {
        var position = offsets[key]
        let end = offsets[key + 1]
        if position == end || postingSizes[end - 1] < minimumSize || postingSizes[position] > maximumSize { return 0 }
        // First posting of at least `minimumSize` keys.
        var high = postingSizes[position] >= minimumSize ? position : end
        while position < high {
            let middle = (position + high) >> 1
            if postingSizes[middle] < minimumSize { position = middle + 1 } else { high = middle }
        }
        var visited = 0
        if end - position <= Self.scanLength {
            // A short list: one pass is cheaper than two binary searches per size group.
            while position < end {
                let size = postingSizes[position]
                if size > maximumSize { break }
                let b = postingRows[position]
                if b > row {
                    visited += 1
                    body(b, size)
                }
                position += 1
            }
            return visited
        }
        while position < end {
            let size = postingSizes[position]
            if size > maximumSize { break }
            // The end of this size group.
            var groupEnd = position, upper = end
            if postingSizes[end - 1] == size { groupEnd = end }
            while groupEnd < upper {
                let middle = (groupEnd + upper) >> 1
                if postingSizes[middle] <= size { groupEnd = middle + 1 } else { upper = middle }
            }
            // The first row after `row` within the group (rows ascend within a group).
            var start = position, limit = groupEnd
            while start < limit {
                let middle = (start + limit) >> 1
                if postingRows[middle] <= row { start = middle + 1 } else { limit = middle }
            }
            visited += groupEnd - start
            for index in start..<groupEnd { body(postingRows[index], size) }
            position = groupEnd
        }
        return visited
    }
}
