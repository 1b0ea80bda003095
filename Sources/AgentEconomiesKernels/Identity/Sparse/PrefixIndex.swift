import AgentEconomiesSIMD

/// An inverted index over counterparties for the sparse join: for every key (counterparty
/// rank) and every indexed prefix of the rows (the join's long and mid prefixes), the rows that
/// hold the key within that prefix, sorted by (key count, row), so a probe reads only rows of
/// the key counts it can still match and only rows after the probing row.
///
/// A probe reads a list's head and then its postings, both at random places: a head carries
/// the list's size range and a posting its row's key count beside the row, so that a list
/// whose sizes cannot match costs one cache line and a posting one more. A key's lists (one
/// per prefix) are numbered `key × prefixes + prefix` and lie side by side, heads and
/// postings: a row probes its first keys in both prefixes' lists, and the second list's head
/// and first postings are then on the lines the first one's brought in, not at another
/// random place.
struct PrefixIndex {
    /// One posting: a row and its key count.
    struct Posting {
        var row: Int32
        var size: Int32
    }

    /// Where a list starts, and the smallest and largest key count on it.
    struct Head {
        var start: Int
        var minimumSize: Int32
        var maximumSize: Int32
    }

    /// The indexed prefixes per key (lists per key).
    let prefixes: Int
    /// `keys × prefixes + 1` heads; a list ends where the next one starts.
    let heads: [Head]
    /// Postings by list, by (size, row) within each list.
    let postings: [Posting]

    /// Indexes, for each `p`, the first `prefix[p][r]` rank-ordered keys of every row `r`,
    /// over the workers: the rows taken in `rowsBySize` order and grouped by list by
    /// `Parallel.grouped`, so every list is in (size, row) order and the index does not depend
    /// on `threads`.
    ///
    /// - Parameters:
    ///   - rankedKeys: every row's keys in rank order, at least its longest prefix (CSR with
    ///     `keyOffsets`).
    ///   - rowOffsets: the rows' offsets in the pattern matrix (their key counts).
    ///   - prefix: one or two prefix lengths per row (the lists of key `k` are
    ///     `k × prefix.count + p`).
    ///   - rowsBySize: all rows sorted by (key count, row).
    /// - Complexity: O(keys + indexed entries) over the workers.
    init(
        keyCount: Int, rankedKeys: [Int32], keyOffsets: [Int], rowOffsets: [Int], prefix: [[Int32]],
        rowsBySize: [Int32],
        threads: Int
    ) {
        precondition(prefix.count == 1 || prefix.count == 2, "one or two prefixes")
        let n = rowsBySize.count
        let lists = prefix.count
        prefixes = lists
        let listCount = keyCount * lists
        // The rows are read in `rowsBySize` order, so every list comes out in (size, row) order.
        let offsets: [Int]
        var rows: [Int32]
        // Rows in size order are rows at random places: their offsets and prefix lengths are
        // prefetched `prefetchRows` ahead, their keys half as far (at ten million rows each
        // such read otherwise waits on memory, twice: the scatter reads its sources twice).
        let distance = Self.prefetchRows
        // The first prefix, and the second (the first again when there is one).
        let first = prefix[0], second = prefix[lists - 1]
        (offsets, rows) = Parallel.grouped(keyCount: listCount, sources: n, threads: threads) { sources, emit in
            keyOffsets.withUnsafeBufferPointer { keyOffsets in
                first.withUnsafeBufferPointer { first in
                    second.withUnsafeBufferPointer { second in
                        rankedKeys.withUnsafeBufferPointer { rankedKeys in
                            for position in sources {
                                if position + distance < sources.upperBound, let offsetBase = keyOffsets.baseAddress,
                                    let firstBase = first.baseAddress, let secondBase = second.baseAddress
                                {
                                    let ahead = Int(rowsBySize[position + distance])
                                    aek_prefetch(offsetBase + ahead)
                                    aek_prefetch(firstBase + ahead)
                                    aek_prefetch(secondBase + ahead)
                                }
                                if position + distance / 2 < sources.upperBound, let keyBase = rankedKeys.baseAddress {
                                    aek_prefetch(keyBase + keyOffsets[Int(rowsBySize[position + distance / 2])])
                                }
                                let row = Int(rowsBySize[position])
                                let start = keyOffsets[row]
                                let firstLength = Int(first[row]), secondLength = Int(second[row])
                                for offset in 0..<max(firstLength, secondLength) {
                                    let key = Int(rankedKeys[start + offset]) &* lists
                                    if offset < firstLength { emit(key, Int32(row)) }
                                    if lists == 2 && offset < secondLength { emit(key + 1, Int32(row)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        let total = offsets[listCount]
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
        heads = Parallel.makeArray(count: listCount + 1, chunkSize: 1 << 14, threads: threads) { keys, output in
            for (slot, list) in keys.enumerated() {
                let start = offsets[list]
                let empty = list == listCount || start == offsets[list + 1]
                // An empty list matches no size range.
                output[slot] = Head(
                    start: start, minimumSize: empty ? .max : postings[start].size,
                    maximumSize: empty ? .min : postings[offsets[list + 1] - 1].size)
            }
        }
        self.postings = postings
    }

    /// Rows ahead whose offsets and prefix lengths the build prefetches (their keys, half as far).
    static let prefetchRows = 16

    /// Postings from the first of `minimumSize` keys on up to which a probe scans the list
    /// instead of searching each size group.
    static let scanLength = 48

    /// List `prefix` of `key`.
    @inline(__always)
    func list(key: Int, prefix: Int) -> Int { key &* prefixes &+ prefix }

    /// The postings of `list` (at most what a probe of it reads).
    @inline(__always)
    func count(list: Int) -> Int { heads[list + 1].start - heads[list].start }

    /// Calls `body(b, size of b)` for every posting `b > after` of `list` whose row has between
    /// `minimumSize` and `maximumSize` keys; returns the number of postings read.
    @inline(__always)
    func forEach(
        list key: Int, after row: Int32, minimumSize: Int32, maximumSize: Int32,
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
