/// The dense similarity join: every pair is scored from GEMM tiles, and only pairs at or
/// above the threshold leave the tile.
///
/// Each agent contributes one packed row per term the metric needs: its counts `A_i`
/// (combined, cosine) and its key indicators `B_i` (combined, Jaccard), interleaved so that a
/// tile of agents is a contiguous block of rows. One GEMM of two such blocks gives every term
/// of every pair of the tile at once: for the combined metric, `A_a·A_b` (the numerator),
/// `A_a·B_b` and `B_a·A_b` (each side's sum over the shared keys) and `B_a·B_b` (the number
/// of shared keys).
///
/// ```
/// for strip I of tileAgents rows (in order)
///     for tile J >= I (parallel, one BLAS thread per worker)
///         C = P[I] * P[J]^T              // one GEMM, (s |I|) x (s |J|), s = terms per agent
///         for each pair a in I, b in J, b > a
///             decide from C with a rigorous rounding bound; if the bound straddles the
///             threshold, score the pair exactly (PatternSimilarity)
/// ```
///
/// The shared-key count is exact (sums of 0/1 products), so the Jaccard part equals the
/// reference's; when all counts are integers small enough, every sum is exact too. The fast
/// score is compared with the threshold only when its error bound cannot cross it; the pairs
/// it cannot decide are scored with the canonical routine, so the pairs found are exactly the
/// sparse join's. Memory: the packed matrix (`s x rows x columns` doubles) plus one tile per
/// worker; never `rows x rows`.
struct DenseSimilarityJoin: NeighborJoin {
    let patterns: PatternMatrix
    let metric: SimilarityMetric
    let threshold: Double
    let threads: Int
    let tileAgents: Int
    /// Packed rows per agent (2 for the combined metric, else 1).
    let termsPerAgent: Int
    /// `rows x termsPerAgent` packed rows of `columnCount` doubles.
    let packed: [Double]
    /// Per row: key count, canonical norm (cosine), sum of absolute counts, non-negative flag.
    let keyCounts: [Int]
    let norms: [Double]
    let absoluteSums: [Double]
    let nonNegative: [Bool]
    /// Whether every GEMM sum is exact (integer counts, small enough rows).
    let exactSums: Bool
    /// Relative rounding bound of a sum of up to `columnCount` products.
    let sumErrorBound: Double
    private(set) var pairsScored = 0
    private(set) var pairsRescored = 0
    private(set) var gemmFlops = 0.0
    let candidatesVisited = 0

    var rowCount: Int { patterns.rowCount }
    var firstStripRows: Int { tileAgents }
    func nextStripRows(after rows: Int, pairs: Int) -> Int { tileAgents }

    /// The packed matrix's size in bytes for `patterns` under `metric`.
    static func packedBytes(_ patterns: PatternMatrix, metric: SimilarityMetric) -> Double {
        Double(patterns.rowCount) * Double(metric == .combined ? 2 : 1) * Double(patterns.columnCount) * 8
    }

    init(_ patterns: PatternMatrix, metric: SimilarityMetric, threshold: Double, threads: Int, tileAgents: Int = 256) {
        self.patterns = patterns
        self.metric = metric
        self.threshold = threshold
        self.threads = max(1, threads)
        self.tileAgents = max(1, tileAgents)
        let n = patterns.rowCount, k = patterns.columnCount
        let terms = metric == .combined ? 2 : 1
        self.termsPerAgent = terms
        var packed = [Double](repeating: 0, count: n * terms * k)
        var keyCounts = [Int](repeating: 0, count: n)
        var norms = [Double](repeating: 0, count: n)
        var absoluteSums = [Double](repeating: 0, count: n)
        var nonNegative = [Bool](repeating: true, count: n)
        var integral = true
        var largestAbsoluteSum = 0.0, largestNorm = 0.0
        patterns.values.withUnsafeBufferPointer { values in
            for row in 0..<n {
                let range = patterns.rowOffsets[row]..<patterns.rowOffsets[row + 1]
                keyCounts[row] = range.count
                norms[row] = PatternSimilarity.norm(values, range)
                var absolute = 0.0
                for index in range {
                    let column = Int(patterns.columns[index])
                    let value = values[index]
                    absolute += abs(value)
                    if value < 0 { nonNegative[row] = false }
                    if value != value.rounded() { integral = false }
                    switch metric {
                    case .combined:
                        packed[(2 * row) * k + column] = value
                        packed[(2 * row + 1) * k + column] = 1
                    case .cosine:
                        packed[row * k + column] = value
                    case .jaccard:
                        packed[row * k + column] = 1
                    }
                }
                absoluteSums[row] = absolute
                largestAbsoluteSum = max(largestAbsoluteSum, absolute)
                largestNorm = max(largestNorm, norms[row])
            }
        }
        self.packed = packed
        self.keyCounts = keyCounts
        self.norms = norms
        self.absoluteSums = absoluteSums
        self.nonNegative = nonNegative
        self.exactSums = integral && largestAbsoluteSum < 0x1p52 && largestNorm < 0x1p26
        self.sumErrorBound = Double(k + 8) * 0x1p-53
    }

    mutating func forwardNeighbors(rows: Range<Int>, excluded: UnsafePointer<Bool>?) -> StripNeighbors {
        let n = rowCount, k = patterns.columnCount, terms = termsPerAgent, tile = tileAgents
        let firstTile = rows.lowerBound / tile
        let tiles = Parallel.chunkCount(n, chunkSize: tile) - firstTile
        if tiles <= 0 || rows.isEmpty { return StripNeighbors(rows: rows, pairs: []) }
        if let excluded, rows.allSatisfy({ excluded[$0] }) { return StripNeighbors(rows: rows, pairs: []) }
        /// One block of later agents: its pairs and what deciding them cost.
        struct BlockResult {
            var pairs: [(Int32, Int32)] = []
            var scored = 0, rescored = 0
            var flops = 0.0
        }
        let excludedRows = excluded.map { UncheckedSendable($0) }
        // The strip's packed rows against each block of later agents' packed rows: one unit
        // (and one GEMM) per block, blocks spread over the workers.
        let results = packed.withUnsafeBufferPointer { packedBuffer in
            TiledProduct(
                a: packedBuffer.baseAddress, b: packedBuffer.baseAddress, depth: k,
                tileColumns: terms * tile
            )
            .run(
                units: tiles, rows: { _ in (terms * rows.lowerBound)..<(terms * rows.upperBound) },
                columns: { unit in
                    let agents = Parallel.range(ofChunk: firstTile + unit, chunkSize: tile, count: n)
                    return (terms * agents.lowerBound)..<(terms * agents.upperBound)
                },
                threads: min(threads, tiles),
                needed: { _, block in
                    guard let excludedRows else { return true }
                    return !(block.lowerBound / terms..<block.upperBound / terms)
                        .allSatisfy { excludedRows.value[$0] }
                },
                initial: { _ in BlockResult() }
            ) { result, product in
                let columns = (product.columnStart / terms)..<((product.columnStart + product.columnCount) / terms)
                self.reduceTile(
                    product.values.baseAddress!, width: product.columnCount, rows: rows,
                    columns: columns, excluded: excludedRows?.value, pairs: &result.pairs,
                    scored: &result.scored, rescored: &result.rescored)
                result.flops += 2 * Double(product.rowCount) * Double(product.columnCount) * Double(k)
            }
        }
        for result in results {
            pairsScored += result.scored
            pairsRescored += result.rescored
            gemmFlops += result.flops
        }
        return StripNeighbors(rows: rows, pairs: results.map(\.pairs))
    }

    /// Folds one product tile into `pairs`: the pairs `a < b` of the tile that reach the threshold.
    private func reduceTile(
        _ product: UnsafeMutablePointer<Double>, width: Int, rows: Range<Int>, columns: Range<Int>,
        excluded: UnsafePointer<Bool>?, pairs: inout [(Int32, Int32)],
        scored: inout Int, rescored: inout Int
    ) {
        let terms = termsPerAgent
        let t = threshold
        let reject = combinedRejectBound
        for a in rows {
            if excluded?[a] == true { continue }
            let p = a - rows.lowerBound
            let firstB = max(columns.lowerBound, a + 1)
            if firstB >= columns.upperBound { continue }
            let rowA = product + (terms * p) * width
            let rowB = terms == 2 ? rowA + width : rowA
            let keysA = Double(keyCounts[a]), rejectA = reject > 0 && nonNegative[a]
            for b in firstB..<columns.upperBound {
                if excluded?[b] == true { continue }
                let q = b - columns.lowerBound
                scored += 1
                // Most pairs of the combined metric: their Jaccard part alone keeps them below
                // the threshold, decided without a division (see `combinedRejectBound`).
                if rejectA && nonNegative[b] {
                    let shared = rowB[2 * q + 1]
                    if shared < reject * (keysA + Double(keyCounts[b]) - shared) { continue }
                }
                let decision: Int
                switch metric {
                case .jaccard:
                    decision = jaccardDecision(a, b, shared: rowA[q])
                case .cosine:
                    decision = cosineDecision(a, b, dot: rowA[q])
                case .combined:
                    decision = combinedDecision(
                        a, b, numerator: rowA[2 * q], sumA: rowA[2 * q + 1],
                        sumB: rowB[2 * q], shared: rowB[2 * q + 1])
                }
                let keep: Bool
                if decision >= 0 {
                    keep = decision == 1
                } else {
                    rescored += 1
                    keep = PatternSimilarity.score(patterns, a, b, metric: metric) >= t
                }
                if keep { pairs.append((Int32(a), Int32(b))) }
            }
        }
    }

    /// The combined metric's quick rejection: a pair of rows with non-negative counts whose
    /// shared keys `s` satisfy `s < r (|a| + |b| - s)` is below the threshold, with
    /// `r = 2t - 1 - 1e-6` (0: no quick rejection). Its Jaccard part is then below `2t - 1`
    /// by more than any rounding, and its frequency part is at most 1 (non-negative counts),
    /// so the score is below `t`. Only where every GEMM sum is exact (``exactSums``): there
    /// ``combinedDecision(_:_:numerator:sumA:sumB:shared:)`` decides such a pair 0 as well,
    /// never "undecided", so the pairs found and the rescoring count are the same.
    var combinedRejectBound: Double {
        metric == .combined && exactSums && threshold > 0.5 ? max(0, 2 * threshold - 1 - 1e-6) : 0
    }

    /// 1 (at or above), 0 (below) or -1 (undecided) for a score known to lie in `low...high`.
    @inline(__always)
    private func decide(low: Double, high: Double) -> Int {
        if low >= threshold { return 1 }
        if high < threshold { return 0 }
        return -1
    }

    @inline(__always)
    private func jaccardDecision(_ a: Int, _ b: Int, shared: Double) -> Int {
        let union = keyCounts[a] + keyCounts[b] - Int(shared)
        let score = keyCounts[a] == 0 || keyCounts[b] == 0 ? 0 : Double(Int(shared)) / Double(union)
        return score >= threshold ? 1 : 0
    }

    @inline(__always)
    private func cosineDecision(_ a: Int, _ b: Int, dot: Double) -> Int {
        let normA = norms[a], normB = norms[b]
        if keyCounts[a] == 0 || keyCounts[b] == 0 || normA == 0 || normB == 0 { return 0 >= threshold ? 1 : 0 }
        let scale = normA * normB
        let score = dot / scale
        // |dot - canonical dot| <= (GEMM error + canonical error) <= 2 u_k |a| |b| (Cauchy-Schwarz).
        let error = (exactSums ? 1 : 2) * sumErrorBound * 1.000001 + 8 * 0x1p-53 * (abs(score) + 1)
        return decide(low: score - error, high: score + error)
    }

    @inline(__always)
    private func combinedDecision(
        _ a: Int, _ b: Int, numerator: Double, sumA: Double, sumB: Double,
        shared: Double
    ) -> Int {
        let keysA = keyCounts[a], keysB = keyCounts[b]
        if keysA == 0 || keysB == 0 { return 0 >= threshold ? 1 : 0 }
        let sharedKeys = Int(shared)
        let jaccard = Double(sharedKeys) / Double(keysA + keysB - sharedKeys)
        if sharedKeys == 0 { return jaccard >= threshold ? 1 : 0 }
        let u = sumErrorBound
        let errorA = exactSums ? 0 : u * absoluteSums[a] * 1.000001
        let errorB = exactSums ? 0 : u * absoluteSums[b] * 1.000001
        if sumA > errorA && sumB > errorB {
            // Bound on sum |a_k b_k| over the shared keys.
            let products =
                nonNegative[a] && nonNegative[b]
                ? abs(numerator) * (1 + 2 * u) + 0x1p-1000 : norms[a] * norms[b] * (1 + 2 * u)
            let errorS = exactSums ? 0 : u * products
            let ulp = 8 * 0x1p-53
            let lowDenominator = (sumA - errorA) * (sumB - errorB) * (1 - ulp)
            let highDenominator = (sumA + errorA) * (sumB + errorB) * (1 + ulp)
            let lowS = numerator - errorS, highS = numerator + errorS
            var low = lowS >= 0 ? lowS / highDenominator : lowS / lowDenominator
            var high = highS >= 0 ? highS / lowDenominator : highS / highDenominator
            // The canonical sum's own rounding, and ours in the bound arithmetic.
            let canonical = u * products / lowDenominator
            low -= canonical + ulp * (abs(low) + 1)
            high += canonical + ulp * (abs(high) + 1)
            return decide(low: (jaccard + low) / 2 - ulp, high: (jaccard + high) / 2 + ulp)
        }
        if sumA < -errorA || sumB < -errorB || (exactSums && (sumA <= 0 || sumB <= 0)) {
            return jaccard >= threshold ? 1 : 0
        }
        return -1
    }
}
