import AgentEconomiesSIMD

/// An inverted index over counterparties for the sparse join: for every key (counterparty
/// rank), the rows that hold it within their indexed prefix, sorted by (key count, row), so
/// a probe reads only rows of the key counts it can still match and only rows after the
/// probing row.
///
/// A probe reads a key's head and then its postings, both at random places: a head carries
/// the list's size range and a posting its row's key count beside the row, so that a key
/// whose sizes cannot match costs one cache line and a posting one more.
struct PrefixIndex {
    /// One posting: a row and its key count.
    struct Posting {
        var row: Int32
        var size: Int32
    }

    /// Where a key's list starts, and the smallest and largest key count on it.
    struct Head {
        var start: Int
        var minimumSize: Int32
        var maximumSize: Int32
    }

    /// `keys + 1` heads; a list ends where the next key's starts.
    let heads: [Head]
    /// Postings by key, by (size, row) within each key.
    let postings: [Posting]

    /// Indexes the first `prefix[r]` rank-ordered keys of every row `r`, over the workers:
    /// the rows taken in `rowsBySize` order and grouped by key by `Parallel.grouped`, so
    /// every list is in (size, row) order and the index does not depend on `threads`.
    ///
    /// - Parameters:
    ///   - rankedKeys: every row's keys in rank order (CSR with `rowOffsets`).
    ///   - rowsBySize: all rows sorted by (key count, row).
    /// - Complexity: O(keys + indexed entries) over the workers.
    init(
        keyCount: Int, rankedKeys: [Int32], rowOffsets: [Int], prefix: [Int32], rowsBySize: [Int32],
        threads: Int
    ) {
        let n = prefix.count
        // The rows are read in `rowsBySize` order, so every list comes out in (size, row) order.
        let offsets: [Int]
        var rows: [Int32]
        // Rows in size order are rows at random places: their offsets and prefix lengths are
        // prefetched `prefetchRows` ahead, their keys half as far (at ten million rows each
        // such read otherwise waits on memory, twice: the scatter reads its sources twice).
        let distance = Self.prefetchRows
        (offsets, rows) = Parallel.grouped(keyCount: keyCount, sources: n, threads: threads) { sources, emit in
            rowOffsets.withUnsafeBufferPointer { rowOffsets in
                prefix.withUnsafeBufferPointer { prefix in
                    rankedKeys.withUnsafeBufferPointer { rankedKeys in
                        for position in sources {
                            if position + distance < sources.upperBound,
                                let offsetBase = rowOffsets.baseAddress, let prefixBase = prefix.baseAddress
                            {
                                let ahead = Int(rowsBySize[position + distance])
                                aek_prefetch(offsetBase + ahead)
                                aek_prefetch(prefixBase + ahead)
                            }
                            if position + distance / 2 < sources.upperBound, let keyBase = rankedKeys.baseAddress {
                                aek_prefetch(keyBase + rowOffsets[Int(rowsBySize[position + distance / 2])])
                            }
                            let row = Int(rowsBySize[position])
                            for index in rowOffsets[row]..<(rowOffsets[row] + Int(prefix[row])) {
                                emit(Int(rankedKeys[index]), Int32(row))
                            }
                        }
                    }
                }
            }
        }
        let total = offsets[keyCount]
        let postings = Parallel.makeArray(count: total, chunkSize: 1 << 14, threads: threads) { slots, output in
            rowOffsets.withUnsafeBufferPointer { rowOffsets in
                for (slot, index) in slots.enumerated() {
                    if index + distance < slots.upperBound, let offsetBase = rowOffsets.baseAddress {
                        aek_prefetch(offsetBase + Int(rows[index + distance]))
                    }
                    let row = Int(rows[index])
                    output[slot] = Posting(row: Int32(row), size: Int32(rowOffsets[row + 1] - rowOffsets[row]))
                }
            }
        }
        rows = []
        heads = Parallel.makeArray(count: keyCount + 1, chunkSize: 1 << 14, threads: threads) { keys, output in
            for (slot, key) in keys.enumerated() {
                let start = offsets[key]
                let empty = key == keyCount || start == offsets[key + 1]
                // An empty list matches no size range.
                output[slot] = Head(
                    start: start, minimumSize: empty ? .max : postings[start].size,
                    maximumSize: empty ? .min : postings[offsets[key + 1] - 1].size)
            }
        }
        self.postings = postings
    }

    /// Rows ahead whose offsets and prefix lengths the build prefetches (their keys, half as far).
    static let prefetchRows = 16

    /// Postings from the first of `minimumSize` keys on up to which a probe scans the list
    /// instead of searching each size group.
    static let scanLength = 48

    /// The postings of `key` (at most what a probe of it reads).
    @inline(__always)
    func count(key: Int) -> Int { heads[key + 1].start - heads[key].start }

    /// Calls `body(b, size of b)` for every posting `b > after` of `key` whose row has between
    /// `minimumSize` and `maximumSize` keys; returns the number of postings read.
    @inline(__always)
    func forEach(
        key: Int, after row: Int32, minimumSize: Int32, maximumSize: Int32,
        heads: UnsafePointer<Head>, postings: UnsafePointer<Posting>,
        _ body: (Int32, Int32) -> Void
    ) -> Int {
        let head = heads[key]
        if head.maximumSize < minimumSize || head.minimumSize > maximumSize { return 0 }
        var position = head.start
        let end = heads[key + 1].start
        // First posting of at least `minimumSize` keys.
        var high = head.minimumSize >= minimumSize ? position : end
        while position < high {
            let middle = (position + high) >> 1
            if postings[middle].size < minimumSize { position = middle + 1 } else { high = middle }
        }
        var visited = 0
        if end - position <= Self.scanLength {
            // A short list: one pass is cheaper than two binary searches per size group.
            while position < end {
                let posting = postings[position]
                if posting.size > maximumSize { break }
                if posting.row > row {
                    visited += 1
                    body(posting.row, posting.size)
                }
                position += 1
            }
            return visited
        }
        while position < end {
            let size = postings[position].size
            if size > maximumSize { break }
            // The end of this size group.
            var groupEnd = position, upper = end
            if head.maximumSize == size { groupEnd = end }
            while groupEnd < upper {
                let middle = (groupEnd + upper) >> 1
                if postings[middle].size <= size { groupEnd = middle + 1 } else { upper = middle }
            }
            // The first row after `row` within the group (rows ascend within a group).
            var start = position, limit = groupEnd
            while start < limit {
                let middle = (start + limit) >> 1
                if postings[middle].row <= row { start = middle + 1 } else { limit = middle }
            }
            visited += groupEnd - start
            for index in start..<groupEnd { body(postings[index].row, size) }
            position = groupEnd
        }
        return visited
    }
}
