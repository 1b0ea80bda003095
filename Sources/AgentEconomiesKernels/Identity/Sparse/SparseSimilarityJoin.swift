/// The sparse similarity join: an inverted index over counterparties, so that only pairs
/// sharing a counterparty are ever scored, with prefix, length and overlap filtering so that
/// popular counterparties (hubs) do not make it quadratic.
///
/// Counterparties are ranked rarest first and every row's keys are taken in that order.
/// - Jaccard at least `τ` (the Jaccard metric with `τ = t`; the combined metric with
///   non-negative counts, `τ = 2t - 1`, because its frequency term is at most 1) needs
///   `|shared| >= ⌈τ |x|⌉` for both rows and, when `|y| <= |x|`,
///   `|shared| >= ⌈2τ/(1+τ) |y|⌉`. If two rows share `o >= k` keys, the `k` rarest shared
///   keys lie within the first `|x| - o + k` keys of each row. So every row is indexed twice:
///   by a *long* prefix (`|x| - ⌈τ|x|⌉ + k` keys) and by a *mid* prefix
///   (`|x| - ⌈2τ/(1+τ)|x|⌉ + k` keys). A row probes the mid lists with its long prefix for
///   partners no longer than itself, and the long lists with its mid prefix for longer ones
///   (AllPairs/PPJoin, made order-free for the greedy rule); a key's two lists lie side by
///   side in one ``PrefixIndex``. A partner is verified only when
///   it was met `k` times (here `k = 2`, or less for very short rows) and its length is
///   within `[τ |x|, |x| / τ]`.
/// - Cosine at least `t` needs a shared key within the prefix of `y` that leaves a suffix of
///   norm below `t |y|` (Cauchy-Schwarz); rows probe that index with all their keys.
/// - Negative counts void the combined metric's bound, and thresholds <= 0 admit pairs
///   sharing nothing: then every pair sharing a key is scored.
///
/// Every candidate is verified with ``PatternSimilarity`` (exact). Rows are processed in
/// strips whose size adapts to the pairs found; a strip's rows are spread over threads, each
/// with its own marker and counter arrays. Complexity: O(entries log entries) to build; then
/// the postings read (``SimilarityJoin/Statistics/candidatesVisited``) plus
/// O(keys of a + keys of b) per verified pair.
struct SparseSimilarityJoin: NeighborJoin {
    /// How candidates are generated.
    enum Mode {
        /// Jaccard bound `τ > 0`: long and mid prefixes, size and overlap filters.
        case filtered
        /// Cosine prefixes, probed with every key.
        case cosine
        /// Every pair sharing a key is a candidate.
        case allSharing
    }

    let patterns: PatternMatrix
    let metric: SimilarityMetric
    let threshold: Double
    let threads: Int
    let mode: Mode
    /// Thresholds <= 0: pairs sharing nothing (score 0) qualify too.
    let zeroQualifies: Bool
    /// The Jaccard bound `τ` (filtered mode).
    let jaccardBound: Double
    /// Every row's keys in rank order, as far as the index and the probes read them: in
    /// filtered mode the longer of the row's two prefixes (a function of its key count), in
    /// the other modes every key. Row `r`'s are at `rankedOffsets[r] ..< rankedOffsets[r + 1]`.
    let rankedKeys: [Int32]
    let rankedOffsets: [Int]
    /// Long and mid prefix lengths, and the shared prefix keys each requires (filtered mode);
    /// in the other modes `longPrefix` is the indexed prefix and `midPrefix` the probed one.
    let longPrefix: [Int32], midPrefix: [Int32]
    let longOverlap: [Int32], midOverlap: [Int32]
    /// Filtered mode: the most keys a partner may have and still require only one shared prefix
    /// key, at the mid fraction (partners no longer than the probing row) and at the Jaccard
    /// bound (longer ones): `requiredOverlap(f, keys: k) == 1` exactly for `k <=` these.
    let onceKeys: (mid: Int32, jaccard: Int32)
    /// Index of the long prefixes (every mode; list 0 of each key) and of the mid prefixes
    /// (filtered mode; list 1).
    let index: PrefixIndex
    /// Cosine norms (canonical), empty for the other metrics.
    let norms: [Double]
    /// Per worker and row `b`: the last row `a` that met `b` and how often it did, side by
    /// side so that a posting read touches one cache line.
    let markers: MarkerArrays
    private(set) var pairsScored = 0
    let pairsRescored = 0
    let gemmFlops = 0.0
    /// Postings read so far: the filter's work.
    private(set) var candidatesVisited = 0
    /// Rows the combined metric's frequency bound leaves without any possible partner
    /// (``frequencyTermCannotReach(_:_:bound:scratch:)``): neither indexed nor probed.
    let rowsWithoutPartner: Int

    var rowCount: Int { patterns.rowCount }
    var firstStripRows: Int { 1 }

    /// Shared prefix keys a pair needs before it is verified (see the type's documentation).
    /// `k = 2` measured fastest on the `sybil.sparse_clusters` population (k = 1 verifies
    /// 150x more pairs, k = 3 reads 1.6x more postings).
    static let prefixOverlaps = 2
    /// Pairs per strip the adaptive strip size aims at (memory for the strip's pairs).
    static let targetStripPairs = 1 << 20
    static let maxStripRows = 1 << 12
    /// Rows per parallel chunk within a strip.
    static let chunkRows = 64

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
        var bound = -Double.infinity
        switch metric {
        case .jaccard: bound = threshold - slack
        case .combined: bound = patterns.hasNegativeCounts ? -.infinity : 2 * threshold - 1 - slack
        case .cosine: break
        }
        jaccardBound = bound
        onceKeys =
            bound > 0
            ? (Self.mostKeysRequiringOne(2 * bound / (1 + bound)), Self.mostKeysRequiringOne(bound)) : (0, 0)
        let mode: Mode = bound > 0 ? .filtered : (metric == .cosine && threshold > 0 ? .cosine : .allSharing)
        self.mode = mode
        // Rank counterparties rarest first (ties by column).
        // Counterparties that occur, as dense keys: a huge column count with few entries must
        // not allocate per column (keys are ranked among the columns that occur; unused columns
        // would only shift every rank, so the join is the same).
        let compact = patterns.columnCount > 2 * patterns.entryCount + 1_024
        let used = compact ? Array(Set(patterns.columns)).sorted() : []
        let keyCount = compact ? used.count : patterns.columnCount
        func key(_ column: Int32) -> Int {
            guard compact else { return Int(column) }
            var low = 0, high = used.count
            while low < high {
                let middle = (low + high) / 2
                if used[middle] < column { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let workers = self.threads
        // The combined metric's frequency term must reach the bound too (see
        // ``frequencyTermCannotReach(_:_:bound:scratch:)``): rows whose counts rule that out with every
        // partner are neither indexed nor probed. Only where every count is positive and
        // finite: a pair whose shared counts sum to 0 (or are not finite) scores its Jaccard
        // term alone.
        let counts = patterns.values
        let frequencyFiltered =
            mode == .filtered && metric == .combined
            && Parallel.firstIndex(count: counts.count, threads: workers) { !(counts[$0] > 0 && counts[$0].isFinite) } == nil
        let hopeless: [Bool] =
            frequencyFiltered
            ? patterns.values.withUnsafeBufferPointer { values in
                let values = UncheckedSendable(values)
                return Parallel.makeArray(count: n, chunkSize: Self.setupChunkRows, threads: workers) { rows, output in
                    var scratch = [Double]()
                    for (slot, row) in rows.enumerated() {
                        output[slot] = Self.frequencyTermCannotReach(
                            values.value, offsets[row]..<offsets[row + 1], bound: bound, scratch: &scratch)
                    }
                }
            } : []
        rowsWithoutPartner =
            hopeless.isEmpty
            ? 0
            : Parallel.map(chunks: Parallel.chunkCount(n, chunkSize: 1 << 16), threads: workers) { chunk, _ in
                Parallel.range(ofChunk: chunk, chunkSize: 1 << 16, count: n).reduce(0) { $0 + (hopeless[$1] ? 1 : 0) }
            }.reduce(0, +)
        // Keys ranked by their frequency among the rows that may have partners (any order of
        // the keys is a correct prefix order; the rarest first reads the fewest postings).
        let rank = Self.ranks(patterns, keyCount: keyCount, key: key, skipping: hopeless, threads: workers)
        var norms = [Double]()
        if metric == .cosine {
            norms = patterns.values.withUnsafeBufferPointer { values in
                let values = UncheckedSendable(values)
                return Parallel.makeArray(count: n, chunkSize: Self.setupChunkRows, threads: workers) { rows, output in
                    for (slot, row) in rows.enumerated() {
                        output[slot] = PatternSimilarity.norm(values.value, offsets[row]..<offsets[row + 1])
                    }
                }
            }
        }
        let setup = RowSetup(mode: mode, bound: bound, cosineLimit: threshold * threshold * (1 - slack))
        // Every row's keys in rank order (those read later) and its prefix lengths, rows over
        // the workers. Filtered mode keeps only the prefixes: at ten million agents on
        // `baseline` about 45% of the keys, 0.8 GB less.
        let rankedOffsets =
            mode == .filtered
            ? Parallel.prefixSums(count: n, threads: workers) {
                hopeless.isEmpty || !hopeless[$0] ? setup.storedKeys(offsets[$0 + 1] - offsets[$0]) : 0
            }
            : offsets
        // Every row's prefixes are written by the pass (none filled ahead, on one core).
        var ranked = [Int32]()
        var prefixes = [RowPrefix](unsafeUninitializedCapacity: n) { prefixBuffer, prefixCount in
            ranked = [Int32](unsafeUninitializedCapacity: rankedOffsets[n]) { rankedBuffer, initialized in
                let outputs = UncheckedSendable((rankedBuffer, prefixBuffer))
                Parallel.forEach(chunks: Parallel.chunkCount(n, chunkSize: Self.setupChunkRows), threads: workers) {
                    chunk in
                    var scratch = [(Int32, Double)]()
                    for row in Parallel.range(ofChunk: chunk, chunkSize: Self.setupChunkRows, count: n) {
                        if !hopeless.isEmpty && hopeless[row] {
                            // Neither indexed nor probed: no keys kept, empty prefixes.
                            outputs.value.1[row] = RowPrefix(long: 0, mid: 0)
                            continue
                        }
                        let range = offsets[row]..<offsets[row + 1]
                        scratch.removeAll(keepingCapacity: true)
                        for index in range { scratch.append((rank[key(patterns.columns[index])], patterns.values[index])) }
                        scratch.sort { $0.0 < $1.0 }
                        let stored = rankedOffsets[row]
                        for offset in 0..<(rankedOffsets[row + 1] - stored) {
                            outputs.value.0[stored + offset] = scratch[offset].0
                        }
                        outputs.value.1[row] = setup.prefix(sortedEntries: scratch, norm: norms.isEmpty ? 0 : norms[row])
                    }
                }
                initialized = rankedOffsets[n]
            }
            prefixCount = n
        }
        func field(_ value: @escaping (RowPrefix) -> Int32) -> [Int32] {
            prefixes.withUnsafeBufferPointer { buffer in
                let rows = UncheckedSendable(buffer)
                return Parallel.makeArray(count: n, chunkSize: 1 << 16, threads: workers) { range, output in
                    for (slot, row) in range.enumerated() { output[slot] = value(rows.value[row]) }
                }
            }
        }
        let longPrefix = field(\.long), midPrefix = field(\.mid)
        let longOverlap = field(\.longOverlap), midOverlap = field(\.midOverlap)
        prefixes = []
        // Rows with an empty prefix (rows without a partner among them) are not indexed.
        let rowsBySize = Self.rowsBySize(offsets, threads: workers) { longPrefix[$0] > 0 || midPrefix[$0] > 0 }
        index = PrefixIndex(
            keyCount: keyCount, rankedKeys: ranked, keyOffsets: rankedOffsets, rowOffsets: offsets,
            prefix: mode == .filtered ? [longPrefix, midPrefix] : [longPrefix], rowsBySize: rowsBySize,
            threads: workers)
        self.rankedKeys = ranked
        self.rankedOffsets = rankedOffsets
        self.longPrefix = longPrefix
        self.midPrefix = midPrefix
        self.longOverlap = longOverlap
        self.midOverlap = midOverlap
        self.norms = norms
        self.markers = MarkerArrays(workers: self.threads, rows: n)
    }

    /// A row's indexed prefixes: how many of its rank-ordered keys the long and the mid index
    /// hold, and how many shared prefix keys each requires (see the type's documentation).
    struct RowPrefix {
        var long: Int32 = 0, mid: Int32 = 0
        var longOverlap: Int32 = 1, midOverlap: Int32 = 1
    }

    /// The rule that turns a row's rank-ordered entries into its ``RowPrefix``.
    struct RowSetup {
        let mode: Mode
        /// The Jaccard bound `τ` (filtered mode).
        let bound: Double
        /// `t² (1 - slack)`: the cosine suffix limit, as a share of the row's squared norm.
        let cosineLimit: Double

        /// The keys of a row of `keys` keys that the join stores in rank order: in filtered
        /// mode the longer of its two prefixes, in the others every key.
        func storedKeys(_ keys: Int) -> Int {
            guard mode == .filtered else { return keys }
            return Int(max(Self.prefix(bound, keys: keys).length, Self.prefix(2 * bound / (1 + bound), keys: keys).length))
        }

        /// Filtered mode: the prefix length of a row of `keys` keys at Jaccard fraction
        /// `fraction`, and the shared prefix keys it requires.
        static func prefix(_ fraction: Double, keys: Int) -> (length: Int32, required: Int32) {
            if keys == 0 { return (0, 1) }
            let overlap = SparseSimilarityJoin.overlap(fraction, keys: keys)
            let required = min(SparseSimilarityJoin.prefixOverlaps, overlap)
            return (Int32(max(0, min(keys, keys - overlap + required))), Int32(required))
        }

        /// The prefixes of a row whose entries (rank, count) are sorted by rank.
        func prefix(sortedEntries entries: [(Int32, Double)], norm: Double) -> RowPrefix {
            let keys = entries.count
            switch mode {
            case .filtered:
                let (long, longOverlap) = Self.prefix(bound, keys: keys)
                let (mid, midOverlap) = Self.prefix(2 * bound / (1 + bound), keys: keys)
                return RowPrefix(long: long, mid: mid, longOverlap: longOverlap, midOverlap: midOverlap)
            case .cosine:
                // Index the shortest prefix whose suffix has squared norm below t^2 |y|^2
                // (nothing for a zero vector, which scores 0); probe with every key.
                let normSquared = norm * norm
                var length = normSquared == 0 ? 0 : keys
                var suffix = 0.0
                while length > 0 {
                    let value = entries[length - 1].1
                    if suffix + value * value >= cosineLimit * normSquared { break }
                    suffix += value * value
                    length -= 1
                }
                return RowPrefix(long: Int32(length), mid: Int32(keys))
            case .allSharing:
                return RowPrefix(long: Int32(keys), mid: Int32(keys))
            }
        }
    }

    /// Combined metric, every count positive: whether row `row`'s counts keep its frequency
    /// term below `bound` with every partner it can share enough keys with, so that no pair
    /// with it reaches the threshold.
    ///
    /// The score `(J + F) / 2` reaches `t` only if both terms reach `2t - 1` (each is at most
    /// 1). `F = Σ p_k q_k` over the `s` shared keys, `p` and `q` the two rows' counts on them
    /// divided by their sums, so `F <= max_k p_k`, and a pair with `J >= 2t - 1` shares `s >=
    /// ⌈(2t - 1) |a|⌉` keys. Over every such set of keys, `max_k p_k` is largest for the
    /// row's largest count with the `s - 1` smallest others: `c_max / (c_max + Σ smallest)`.
    /// Where that is below `bound` (which leaves `1e-9` for rounding) the row can have no
    /// partner. Checked first with `(s - 1) ×` the smallest other count (no sort), then
    /// exactly.
    static func frequencyTermCannotReach(
        _ values: UnsafeBufferPointer<Double>, _ row: Range<Int>, bound: Double, scratch: inout [Double]
    ) -> Bool {
        let shared = overlap(bound, keys: row.count)
        // One shared key can give F = 1; more than the row holds is the prefixes' concern.
        if row.count == 0 || shared <= 1 || shared > row.count { return false }
        var largestAt = row.lowerBound
        for index in row where values[index] > values[largestAt] { largestAt = index }
        let largest = values[largestAt]
        var smallest = Double.infinity
        for index in row where index != largestAt { smallest = min(smallest, values[index]) }
        if largest / (largest + Double(shared - 1) * smallest) < bound { return true }
        scratch.removeAll(keepingCapacity: true)
        for index in row where index != largestAt { scratch.append(values[index]) }
        scratch.sort()
        var others = 0.0
        for index in 0..<(shared - 1) { others += scratch[index] }
        return largest / (largest + others) < bound
    }

    /// The shared keys a row of `keys` keys needs at Jaccard fraction `fraction`:
    /// `⌈fraction × keys⌉`, at least 1; a fraction above 1 (a threshold above 1) needs more
    /// than the row holds (`keys + 1`: no partner, and no conversion of a huge Double).
    @inline(__always)
    static func overlap(_ fraction: Double, keys: Int) -> Int {
        let needed = (fraction * Double(keys)).rounded(.up)
        return needed > Double(keys) ? keys + 1 : max(1, Int(needed))
    }

    /// The shared prefix keys a partner of `keys` keys requires for `fraction` (the
    /// ``RowPrefix`` overlap of such a row), from the key count its posting carries rather
    /// than from a per-row array read at a random place.
    @inline(__always)
    static func requiredOverlap(_ fraction: Double, keys: Int32) -> Int32 {
        keys == 0 ? 1 : Int32(min(prefixOverlaps, overlap(fraction, keys: Int(keys))))
    }

    /// The largest key count `k` with `requiredOverlap(fraction, keys: k) == 1` (0 when only an
    /// empty row): a binary search, as the required overlap does not fall as `k` grows.
    static func mostKeysRequiringOne(_ fraction: Double) -> Int32 {
        var low: Int32 = 0, high = Int32.max
        while low < high {
            let middle = low + (high - low) / 2 + 1
            if requiredOverlap(fraction, keys: middle) == 1 { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Rows per chunk of the parallel setup passes.
    static let setupChunkRows = 1_024

    /// Each key's rank, rarest first (ties by key): keys counted over the workers (in the rows
    /// not `skipped`, every row when it is empty), then ranked by a counting sort on their
    /// frequency.
    ///
    /// - Complexity: O(entries) over the workers, plus O(keys + rows) to rank.
    static func ranks(
        _ patterns: PatternMatrix, keyCount: Int, key: (Int32) -> Int, skipping skipped: [Bool] = [], threads: Int
    ) -> [Int32] {
        let frequency = AtomicCounters(count: keyCount)
        let chunk = 1 << 16
        patterns.columns.withUnsafeBufferPointer { columns in
            let columns = UncheckedSendable(columns)
            if skipped.isEmpty {
                Parallel.forEach(chunks: Parallel.chunkCount(columns.value.count, chunkSize: chunk), threads: threads) {
                    for index in Parallel.range(ofChunk: $0, chunkSize: chunk, count: columns.value.count) {
                        _ = frequency.add(key(columns.value[index]))
                    }
                }
                return
            }
            let offsets = patterns.rowOffsets
            Parallel.forEach(chunks: Parallel.chunkCount(patterns.rowCount, chunkSize: setupChunkRows), threads: threads) {
                for row in Parallel.range(ofChunk: $0, chunkSize: setupChunkRows, count: patterns.rowCount)
                where !skipped[row] {
                    for index in offsets[row]..<offsets[row + 1] { _ = frequency.add(key(columns.value[index])) }
                }
            }
        }
        // Frequencies are at most the row count: the keys grouped by frequency, in key order
        // within one (a counting sort over the workers), then each key's place is its rank.
        let byFrequency = Parallel.grouped(keyCount: patterns.rowCount + 1, sources: keyCount, threads: threads) {
            keys, emit in
            for key in keys { emit(frequency.load(key), Int32(key)) }
        }.values
        var rank = [Int32](repeating: 0, count: keyCount)
        rank.withUnsafeMutableBufferPointer { buffer in
            let ranks = UncheckedSendable(buffer)
            Parallel.forEach(chunks: Parallel.chunkCount(keyCount, chunkSize: chunk), threads: threads) {
                for place in Parallel.range(ofChunk: $0, chunkSize: chunk, count: keyCount) {
                    ranks.value[Int(byFrequency[place])] = Int32(place)
                }
            }
        }
        return rank
    }

    /// The rows where `included` holds, sorted by (key count, row): grouped by key count over
    /// the workers (``Parallel/grouped(keyCount:sources:threads:_:)`` keeps each count's rows
    /// in row order).
    ///
    /// - Complexity: O(rows + longest row) over the workers.
    static func rowsBySize(_ offsets: [Int], threads: Int, including included: (Int) -> Bool = { _ in true }) -> [Int32] {
        let n = offsets.count - 1
        let chunk = 1 << 16
        let longest =
            Parallel.map(chunks: Parallel.chunkCount(n, chunkSize: chunk), threads: threads) { index, _ in
                Parallel.range(ofChunk: index, chunkSize: chunk, count: n).reduce(0) { max($0, offsets[$1 + 1] - offsets[$1]) }
            }.max() ?? 0
        return Parallel.grouped(keyCount: longest + 1, sources: n, threads: threads) { rows, emit in
            for row in rows where included(row) { emit(offsets[row + 1] - offsets[row], Int32(row)) }
        }.values
    }

    mutating func forwardNeighbors(rows: Range<Int>, excluded: UnsafePointer<Bool>?) -> StripNeighbors {
        let chunks = Parallel.chunkCount(rows.count, chunkSize: Self.chunkRows)
        let workers = min(threads, max(1, chunks))
        let n = rowCount
        let markerBase = UncheckedSendable(markers.base)
        let excludedRows = excluded.map { UncheckedSendable($0) }
        let filtered = mode == .filtered
        // Each worker owns its marker array, whichever chunks it takes.
        let results = Parallel.map(chunks: chunks, threads: workers) { chunk, worker in
            var scratch = Scratch(marker: markerBase.value + worker * n)
            for slot in Parallel.range(ofChunk: chunk, chunkSize: Self.chunkRows, count: rows.count) {
                let a = rows.lowerBound + slot
                if let excludedRows, excludedRows.value[a] { continue }
                // Filtered mode: a row with empty prefixes (no partner possible) probes nothing.
                // Skipped before the call, whose array accesses retain and release buffers
                // every worker shares: with most rows ruled out that contention was the join's
                // time (300,000 rows: 0.11 s on one thread, 0.22 s on two).
                if filtered && longPrefix[a] == 0 && midPrefix[a] == 0 { continue }
                self.neighbors(of: a, excluded: excludedRows?.value, scratch: &scratch)
            }
            return (pairs: scratch.pairs, scored: scratch.scored, visited: scratch.visited)
        }
        for result in results {
            pairsScored += result.scored
            candidatesVisited += result.visited
        }
        return StripNeighbors(rows: rows, pairs: results.map(\.pairs))
    }

    /// A worker's markers (``MarkerArrays``: `marker[b]` holds how many of the current row's
    /// keys met `b`, reset when the row is done), candidate list and output.
    struct Scratch {
        let marker: UnsafeMutablePointer<MarkerArrays.Word>
        /// Rows met for the current row, with their key counts.
        var candidates = CandidateBuffer()
        var pairs = [(Int32, Int32)]()
        var scored = 0
        var visited = 0
        /// A sum of the postings read ahead of a probe, kept so that the reads stay.
        var touched: Int32 = 0
    }

    /// A growable list of (row, key count) that a probe writes without a branch: every
    /// posting is stored at `count`, and `count` advances only for a row met the first time.
    final class CandidateBuffer {
        private(set) var rows: UnsafeMutablePointer<Int32>
        private(set) var sizes: UnsafeMutablePointer<Int32>
        private var capacity: Int
        var count = 0

        init() {
            capacity = 256
            rows = .allocate(capacity: capacity)
            sizes = .allocate(capacity: capacity)
        }

        deinit {
            rows.deallocate()
            sizes.deallocate()
        }

        /// Room for `extra` more postings after `count`.
        @inline(__always)
        func reserve(_ extra: Int) {
            if count + extra <= capacity { return }
            grow(to: count + extra)
        }

        private func grow(to needed: Int) {
            var newCapacity = capacity
            while newCapacity < needed { newCapacity *= 2 }
            let newRows = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
            let newSizes = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
            newRows.moveInitialize(from: rows, count: count)
            newSizes.moveInitialize(from: sizes, count: count)
            rows.deallocate()
            sizes.deallocate()
            rows = newRows
            sizes = newSizes
            capacity = newCapacity
        }
    }

    /// A key count from a rounded bound, clamped to `0...Int32.max` (never trapping).
    static func clampedCount(_ value: Double) -> Int32 {
        value >= Double(Int32.max) ? .max : value <= 0 ? 0 : Int32(value)
    }

    /// Appends `(a, b)` for every qualifying `b > a` not excluded.
    private func neighbors(of a: Int, excluded: UnsafePointer<Bool>?, scratch: inout Scratch) {
        let offsets = patterns.rowOffsets
        let rowA = offsets[a]..<offsets[a + 1]
        let keysA = Int32(rowA.count)
        let row = Int32(a)
        let marker = scratch.marker
        let candidates = scratch.candidates
        candidates.count = 0
        // The lists a reads: each key's long-prefix list (0) or mid-prefix list (1), with which
        // of a's keys, for partners of which sizes.
        typealias Lookup = (prefix: Int, keys: Range<Int>, minimumSize: Int32, maximumSize: Int32)
        // Meets every posting row after a, counting the keys met. Without a branch on the
        // marker word, so that the random reads of many postings overlap.
        func probe(_ lookup: Lookup, _ ranked: UnsafeBufferPointer<Int32>) -> Int {
            let (keys, minimumSize, maximumSize) = (lookup.keys, lookup.minimumSize, lookup.maximumSize)
            return index.heads.withUnsafeBufferPointer { heads in
                index.postings.withUnsafeBufferPointer { postings in
                    var visited = 0
                    for position in keys {
                        let list = index.list(key: Int(ranked[position]), prefix: lookup.prefix)
                        candidates.reserve(index.count(list: list))
                        let foundRows = candidates.rows, foundSizes = candidates.sizes
                        var found = candidates.count
                        visited += index.forEach(
                            list: list, after: row, minimumSize: minimumSize,
                            maximumSize: maximumSize, heads: heads.baseAddress!,
                            postings: postings.baseAddress!
                        ) { b, size in
                            let word = marker[Int(b)]
                            marker[Int(b)] = word &+ (word < MarkerArrays.saturated ? 1 : 0)
                            foundRows[found] = b
                            foundSizes[found] = size
                            found &+= word == 0 ? 1 : 0
                        }
                        candidates.count = found
                    }
                    return visited
                }
            }
        }
        // Every key's head and first posting read before the walks: loads that do not depend
        // on one another, so the core has them in flight together where a walk would wait
        // for each list in turn (a list that cannot match reads posting 0, without a branch).
        func touch(_ lookup: Lookup, _ ranked: UnsafeBufferPointer<Int32>) {
            let (keys, minimumSize, maximumSize) = (lookup.keys, lookup.minimumSize, lookup.maximumSize)
            if index.postings.isEmpty { return }
            index.heads.withUnsafeBufferPointer { heads in
                index.postings.withUnsafeBufferPointer { postings in
                    var touched: Int32 = 0
                    for position in keys {
                        let list = index.list(key: Int(ranked[position]), prefix: lookup.prefix)
                        let head = heads[list]
                        let matches = head.maximumSize >= minimumSize && head.minimumSize <= maximumSize
                        touched &+= postings[matches ? head.start : 0].size
                        // And the list's second line, where it reaches one (the first line holds
                        // eight postings or fewer, by where the list starts).
                        let next = min(head.start &+ 7, heads[list + 1].start &- 1)
                        touched &+= postings[matches && next > head.start ? next : 0].size
                    }
                    scratch.touched &+= touched
                }
            }
        }
        // Every word this row touched back to 0 when it is done (by the candidate loop below,
        // as it reads each one, unless the row returns before it).
        var wordsReset = false
        defer {
            if !wordsReset { for slot in 0..<candidates.count { marker[Int(candidates.rows[slot])] = 0 } }
        }
        // Where a's keys in rank order start.
        let keysStart = rankedOffsets[a]
        let lookups: (Lookup, Lookup?)
        switch mode {
        case .filtered:
            let bound = jaccardBound
            // Partners no longer than a: a's long prefix against the mid index.
            let shortest = Self.clampedCount(max(1, (bound * Double(keysA) - 1e-9).rounded(.up)))
            let mid: Lookup = (1, keysStart..<(keysStart + Int(longPrefix[a])), shortest, keysA)
            // Longer partners: a's mid prefix against the long index.
            // A tiny bound admits partners of any length (the quotient may pass Int.max).
            let longest = Self.clampedCount((Double(keysA) / bound + 1e-9).rounded(.down))
            let long: Lookup = (0, keysStart..<(keysStart + Int(midPrefix[a])), keysA + 1, longest)
            lookups = (mid, longest > keysA ? long : nil)
        case .cosine, .allSharing:
            lookups = ((0, keysStart..<(keysStart + Int(midPrefix[a])), 0, .max), nil)
        }
        rankedKeys.withUnsafeBufferPointer { ranked in
            touch(lookups.0, ranked)
            if let second = lookups.1 { touch(second, ranked) }
            scratch.visited += probe(lookups.0, ranked)
            if let second = lookups.1 { scratch.visited += probe(second, ranked) }
        }
        patterns.columns.withUnsafeBufferPointer { columns in
            patterns.values.withUnsafeBufferPointer { values in
                let normA = norms.isEmpty ? 0 : norms[a]
                // Filtered mode: a pair below the Jaccard bound fails whatever its frequency term.
                let floor = mode == .filtered ? jaccardBound : -.infinity
                func qualifies(_ b: Int) -> Bool {
                    scratch.scored += 1
                    let rowB = offsets[b]..<offsets[b + 1]
                    // Filtered mode: count the shared keys first, stopping once too few can be
                    // left (a pair of hubs reads a few hundred keys, not both rows).
                    if floor > 0 {
                        let needed = PatternSimilarity.sharedKeysNeeded(floor: floor, total: rowA.count + rowB.count)
                        if !PatternSimilarity.sharesAtLeast(columns.baseAddress!, rowA, rowB, needed: needed) {
                            return false
                        }
                    }
                    let score = PatternSimilarity.score(
                        metric, columns.baseAddress!, values.baseAddress!, rowA,
                        rowB, normA: normA,
                        normB: norms.isEmpty ? 0 : norms[b], jaccardFloor: floor)
                    return score >= threshold
                }
                if zeroQualifies {
                    // Every later row qualifies except sharing rows that score below the threshold.
                    for slot in 0..<candidates.count where excluded?[Int(candidates.rows[slot])] != true {
                        let b = Int(candidates.rows[slot])
                        if !qualifies(b) { marker[b] = MarkerArrays.rejected }
                    }
                    for b in (a + 1)..<max(a + 1, rowCount) where excluded?[b] != true {
                        if marker[b] == MarkerArrays.rejected { continue }
                        scratch.pairs.append((row, Int32(b)))
                    }
                    return
                }
                let midFraction = 2 * jaccardBound / (1 + jaccardBound)
                let (longOverlapA, midOverlapA) = mode == .filtered ? (longOverlap[a], midOverlap[a]) : (1, 1)
                wordsReset = true
                for slot in 0..<candidates.count {
                    let b = Int(candidates.rows[slot])
                    let met = marker[b]
                    marker[b] = 0
                    if mode == .filtered {
                        let keysB = candidates.sizes[slot]
                        if Self.prefixOverlaps == 2 {
                            // Met on two keys: enough for any pair. Met once (most candidates):
                            // enough only where the pair requires one, which the key counts
                            // decide (integer compares, as ``onceKeys`` holds them).
                            if met < 2 {
                                let once =
                                    keysB <= keysA
                                    ? longOverlapA == 1 || keysB <= onceKeys.mid
                                    : midOverlapA == 1 || keysB <= onceKeys.jaccard
                                if !once { continue }
                            }
                        } else {
                            // b's overlaps from its key count, as its ``RowPrefix`` holds them.
                            let required =
                                keysB <= keysA
                                ? min(longOverlapA, Self.requiredOverlap(midFraction, keys: keysB))
                                : min(midOverlapA, Self.requiredOverlap(jaccardBound, keys: keysB))
                            // A saturated count passes (the filter is only a necessary condition).
                            if met < MarkerArrays.Word(min(required, Int32(MarkerArrays.saturated))) { continue }
                        }
                    }
                    // After the count filter: `excluded[b]` is a read at a random place.
                    if excluded?[b] == true { continue }
                    if qualifies(b) { scratch.pairs.append((row, Int32(b))) }
                }
            }
        }
    }
}
