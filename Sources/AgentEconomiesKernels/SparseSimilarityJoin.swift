/// The sparse similarity join: an inverted index over counterparties, so that only pairs
/// sharing a counterparty are ever scored, with prefix and length filtering so that popular
/// counterparties (hubs) do not make it quadratic.
///
/// Counterparties are ranked rarest first. A row's *index prefix* is the leading part of its
/// keys in that order that any row similar enough must share a key with:
/// - Jaccard at least `τ` needs `|shared| >= ⌈τ max(|a|, |b|)⌉`, so a prefix of
///   `|a| - ⌈τ |a|⌉ + 1` keys of each row must meet (symmetric prefix filter), and
///   `τ max(|a|, |b|) <= min(|a|, |b|)` (length filter). The Jaccard metric uses `τ = t`;
///   the combined metric with non-negative counts uses `τ = 2t - 1`, because its frequency
///   term is at most 1. Negative counts void that bound: every sharing pair is then scored.
/// - Cosine at least `t` needs a shared key in the prefix of `b` that leaves a suffix of norm
///   below `t |b|` (Cauchy-Schwarz); `a` probes with all its keys.
///
/// Each candidate is verified with ``PatternSimilarity`` (exact). Rows are processed in
/// strips; the rows of a strip are spread over threads, each with its own marker array.
/// Complexity: O(entries log entries) to build; the join's cost is the number of candidate
/// visits times the verification, O(keys of a + keys of b).
struct SparseSimilarityJoin: NeighborJoin {
    let patterns: PatternMatrix
    let metric: SimilarityMetric
    let threshold: Double
    let threads: Int
    /// Whether every pair (also pairs sharing nothing, whose score is 0) reaches the threshold
    /// unless it shares a key and scores below it: thresholds <= 0.
    let zeroQualifies: Bool
    /// The Jaccard bound used by the filters (`-inf` when there is none).
    let jaccardBound: Double
    /// Rank-ordered keys per row (same offsets as `patterns`).
    let rankedKeys: [Int32]
    /// How many of each row's ranked keys are indexed / probed.
    let indexPrefix: [Int32]
    let probePrefix: [Int32]
    /// Postings: for every rank, the rows whose index prefix holds it, ascending.
    let postingOffsets: [Int]
    let postings: [Int32]
    /// Cosine norms (canonical), empty for the other metrics.
    let norms: [Double]
    /// One marker array per worker: `markers[w * rows + b] == a` when `b` was seen for `a`.
    let markers: MarkerArrays
    private(set) var pairsScored = 0
    let pairsRescored = 0
    let gemmFlops = 0.0
    /// Candidate visits (postings entries read), a measure of the filter's work.
    private(set) var candidateVisits = 0

    var rowCount: Int { patterns.rowCount }
    var firstStripRows: Int { 1 }

    /// Pairs per strip the adaptive strip size aims at (memory for the strip's pairs).
    static let targetStripPairs = 1 << 20
    static let maxStripRows = 1 << 12

    func nextStripRows(after rows: Int, pairs: Int) -> Int {
        if pairs > Self.targetStripPairs { return max(1, rows / 4) }
        if pairs < Self.targetStripPairs / 4 { return min(Self.maxStripRows, rows * 2) }
        return rows
    }

    init(_ patterns: PatternMatrix, metric: SimilarityMetric, threshold: Double, threads: Int) {
        self.patterns = patterns
        self.metric = metric
        self.threshold = threshold
        self.threads = max(1, threads)
        self.zeroQualifies = threshold <= 0
        let n = patterns.rowCount
        let offsets = patterns.rowOffsets
        let slack = 1e-9
        switch metric {
        case .jaccard: jaccardBound = threshold - slack
        case .combined: jaccardBound = patterns.hasNegativeCounts ? -.infinity : 2 * threshold - 1 - slack
        case .cosine: jaccardBound = -.infinity
        }
        // Rank counterparties rarest first (ties by column).
        var frequency = [Int](repeating: 0, count: patterns.columnCount)
        for column in patterns.columns { frequency[Int(column)] += 1 }
        let order = (0..<patterns.columnCount).sorted { frequency[$0] != frequency[$1] ? frequency[$0] < frequency[$1] : $0 < $1 }
        var rank = [Int32](repeating: 0, count: patterns.columnCount)
        for (position, column) in order.enumerated() { rank[column] = Int32(position) }
        var norms = [Double]()
        if metric == .cosine {
            norms = patterns.values.withUnsafeBufferPointer { values in
                (0..<n).map { PatternSimilarity.norm(values, offsets[$0]..<offsets[$0 + 1]) }
            }
        }
        // Keys of every row in rank order, with the squared counts in the same order (cosine).
        var ranked = [Int32](repeating: 0, count: patterns.entryCount)
        var indexPrefix = [Int32](repeating: 0, count: n)
        var probePrefix = [Int32](repeating: 0, count: n)
        let bound = jaccardBound
        let cosineLimit = threshold * threshold * (1 - slack)
        var scratch = [(Int32, Double)]()
        for row in 0..<n {
            let range = offsets[row]..<offsets[row + 1]
            let keys = range.count
            scratch.removeAll(keepingCapacity: true)
            for index in range { scratch.append((rank[Int(patterns.columns[index])], patterns.values[index])) }
            scratch.sort { $0.0 < $1.0 }
            for (offset, entry) in scratch.enumerated() { ranked[range.lowerBound + offset] = entry.0 }
            var prefix = keys
            if keys == 0 {
                prefix = 0
            } else if metric == .cosine {
                let normSquared = norms[row] * norms[row]
                if normSquared == 0 {
                    prefix = 0  // a zero vector scores 0 with everyone
                } else if threshold > 0 {
                    // Shortest prefix whose suffix has squared norm below t^2 |b|^2.
                    var suffix = 0.0
                    var length = keys
                    while length > 0 {
                        let value = scratch[length - 1].1
                        if suffix + value * value >= cosineLimit * normSquared { break }
                        suffix += value * value
                        length -= 1
                    }
                    prefix = length
                }
            } else if bound > 0 {
                let overlap = max(1, Int((bound * Double(keys)).rounded(.up)))
                prefix = max(0, keys - overlap + 1)
            }
            indexPrefix[row] = Int32(prefix)
            probePrefix[row] = metric == .cosine ? Int32(keys) : Int32(prefix)
        }
        // Postings by counting sort: rows ascending within each rank.
        var postingOffsets = [Int](repeating: 0, count: patterns.columnCount + 1)
        for row in 0..<n {
            for index in offsets[row]..<(offsets[row] + Int(indexPrefix[row])) { postingOffsets[Int(ranked[index]) + 1] += 1 }
        }
        for index in 1..<postingOffsets.count { postingOffsets[index] += postingOffsets[index - 1] }
        var cursor = postingOffsets
        var postings = [Int32](repeating: 0, count: postingOffsets.last!)
        for row in 0..<n {
            for index in offsets[row]..<(offsets[row] + Int(indexPrefix[row])) {
                let key = Int(ranked[index])
                postings[cursor[key]] = Int32(row)
                cursor[key] += 1
            }
        }
        self.rankedKeys = ranked
        self.indexPrefix = indexPrefix
        self.probePrefix = probePrefix
        self.postingOffsets = postingOffsets
        self.postings = postings
        self.norms = norms
        self.markers = MarkerArrays(count: self.threads * n)
    }

    /// Rows per parallel chunk within a strip.
    static let chunkRows = 64

    mutating func forwardNeighbors(rows: Range<Int>, excluded: UnsafePointer<Bool>?) -> StripNeighbors {
        let chunks = Parallel.chunkCount(rows.count, chunkSize: Self.chunkRows)
        let workers = min(threads, max(1, chunks))
        var results = [[(Int32, Int32)]](repeating: [], count: chunks)
        var scored = [Int](repeating: 0, count: chunks)
        var visits = [Int](repeating: 0, count: chunks)
        let n = rowCount
        do {
            results.withUnsafeMutableBufferPointer { resultSlots in
                scored.withUnsafeMutableBufferPointer { scoredSlots in
                    visits.withUnsafeMutableBufferPointer { visitSlots in
                        let markerBase = SharedMutablePointer(markers.base)
                        let resultBase = SharedMutablePointer(resultSlots.baseAddress!)
                        let scoredBase = SharedMutablePointer(scoredSlots.baseAddress!)
                        let visitBase = SharedMutablePointer(visitSlots.baseAddress!)
                        let excludedRows = excluded.map { UncheckedSendable($0) }
                        Parallel.forEach(chunks: workers, threads: workers) { worker in
                            let marker = markerBase.base + worker * n
                            var chunk = worker
                            while chunk < chunks {
                                let chunkRange = Parallel.range(ofChunk: chunk, chunkSize: Self.chunkRows, count: rows.count)
                                var pairs = [(Int32, Int32)]()
                                var scoredCount = 0, visitCount = 0
                                for slot in chunkRange {
                                    let a = rows.lowerBound + slot
                                    if let excludedRows, excludedRows.value[a] { continue }
                                    self.neighbors(of: a, marker: marker, excluded: excludedRows?.value,
                                                   pairs: &pairs, scored: &scoredCount, visits: &visitCount)
                                }
                                resultBase[chunk] = pairs
                                scoredBase[chunk] = scoredCount
                                visitBase[chunk] = visitCount
                                chunk += workers
                            }
                        }
                    }
                }
            }
        }
        pairsScored += scored.reduce(0, +)
        candidateVisits += visits.reduce(0, +)
        return StripNeighbors(rows: rows, pairs: results)
    }

    /// Appends `(a, b)` for every qualifying `b > a`.
    private func neighbors(of a: Int, marker: UnsafeMutablePointer<Int32>, excluded: UnsafePointer<Bool>?,
                           pairs: inout [(Int32, Int32)], scored: inout Int, visits: inout Int) {
        let offsets = patterns.rowOffsets
        let rowA = offsets[a]..<offsets[a + 1]
        let keysA = rowA.count
        let n = rowCount
        let stamp = Int32(a)
        let bound = jaccardBound
        patterns.columns.withUnsafeBufferPointer { columns in
        patterns.values.withUnsafeBufferPointer { values in
        rankedKeys.withUnsafeBufferPointer { ranked in
        postings.withUnsafeBufferPointer { postings in
        postingOffsets.withUnsafeBufferPointer { postingOffsets in
            let normA = norms.isEmpty ? 0 : norms[a]
            func verify(_ b: Int) -> Bool {
                scored += 1
                let rowB = offsets[b]..<offsets[b + 1]
                let score = PatternSimilarity.score(metric, columns.baseAddress!, values.baseAddress!, rowA, rowB,
                                                    normA: normA, normB: norms.isEmpty ? 0 : norms[b])
                return score >= threshold
            }
            if zeroQualifies {
                // Every later row qualifies except sharing rows that score below the threshold.
                for index in rowA {
                    let key = Int(ranked[index])
                    for position in postingOffsets[key]..<postingOffsets[key + 1] {
                        let b = Int(postings[position])
                        visits += 1
                        if b <= a || marker[b] == stamp || marker[b] == -2 - stamp { continue }
                        marker[b] = stamp
                        if excluded?[b] == true { continue }
                        if !verify(b) { marker[b] = -2 - stamp }  // sharing and below: left out
                    }
                }
                for b in (a + 1)..<max(a + 1, n) where excluded?[b] != true && marker[b] != -2 - stamp {
                    pairs.append((stamp, Int32(b)))
                }
                return
            }
            for index in rowA.lowerBound..<(rowA.lowerBound + Int(probePrefix[a])) {
                let key = Int(ranked[index])
                var low = postingOffsets[key], high = postingOffsets[key + 1]
                // First posting after a (postings are ascending).
                while low < high {
                    let middle = (low + high) / 2
                    if Int(postings[middle]) <= a { low = middle + 1 } else { high = middle }
                }
                visits += postingOffsets[key + 1] - low
                for position in low..<postingOffsets[key + 1] {
                    let b = Int(postings[position])
                    if marker[b] == stamp { continue }
                    marker[b] = stamp
                    if excluded?[b] == true { continue }
                    if bound > 0 {
                        let keysB = offsets[b + 1] - offsets[b]
                        if Double(min(keysA, keysB)) < bound * Double(max(keysA, keysB)) { continue }
                    }
                    if verify(b) { pairs.append((stamp, Int32(b))) }
                }
            }
        }}}}}
    }
}

/// Scratch marker arrays owned by a join (one per worker), allocated once and filled with -1.
final class MarkerArrays {
    let base: UnsafeMutablePointer<Int32>
    let count: Int

    init(count: Int) {
        self.count = max(count, 1)
        base = .allocate(capacity: self.count)
        base.initialize(repeating: -1, count: self.count)
    }

    deinit { base.deallocate() }
}
