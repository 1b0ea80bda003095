import CBLAS

#if canImport(Glibc)
    import Glibc
#endif

/// Borrowed pointers to one evaluation pass of the smoothed dual: the compact log values,
/// log-prices, budgets, the row cache, and the pass's smoothing (as ``DemandContext`` is for
/// the demand walk). Workers share it; each writes the cache only at its own rows.
struct DualPass: @unchecked Sendable {
    let logs: UnsafePointer<Double>
    let prices: UnsafePointer<Double>
    let budgets: UnsafePointer<Double>
    /// Largest log-price move since each earlier pass.
    let drifts: UnsafePointer<Double>
    /// The row cache: best good, margin over the runner-up, pass of the last scan, and the
    /// best good's log value.
    let best: UnsafeMutablePointer<Int32>
    let margin: UnsafeMutablePointer<Double>
    let reference: UnsafeMutablePointer<Int32>
    let bestLog: UnsafeMutablePointer<Double>
    let goods: Int
    let mu: Double
    /// The smoothing window of the pass, `SmoothedDual.window * mu` (read once per pass).
    let window: Double
    let passIndex: Int32
    /// Whether the pass also sums the Hessian and the smoothing derivative.
    let hessian: Bool

    /// Sums the rows `rows` (see ``SmoothedDual/evaluate(q:mu:threads:hessian:cache:exchange:)``).
    func sumBlock(_ rows: Range<Int>, scratch: DualScratch) -> DualBlockSums {
        var sums = DualBlockSums(goods: goods, gram: false)
        var counts = RowCounts()
        sums.spend.withUnsafeMutableBufferPointer { spend in
            sums.diagonal.withUnsafeMutableBufferPointer { diagonal in
                sums.muDerivative.withUnsafeMutableBufferPointer { muDerivative in
                    for row in rows {
                        sumRow(
                            row, scratch: scratch, counts: &counts, spend: spend.baseAddress!,
                            diagonal: diagonal.baseAddress!, muDerivative: muDerivative.baseAddress!)
                    }
                }
            }
        }
        (sums.objective, sums.splitRows, sums.settled) = (counts.objective, counts.splitRows, counts.settled)
        if sums.splitRows > 0 {
            // The Gram matrix only for blocks that have split rows (late passes have few).
            sums.gram = [Double](repeating: 0, count: goods * goods)
            cblas_dsyrk(
                CblasRowMajor, CblasUpper, CblasTrans, Int32(goods), Int32(sums.splitRows), 1,
                scratch.weights, Int32(goods), 0, &sums.gram, Int32(goods))
        }
        return sums
    }

    /// The scalar sums of a block while its rows are read.
    struct RowCounts {
        var objective = 0.0
        var splitRows = 0
        var settled = 0
    }

    /// Adds one row: settled from the cache when its best good still leads by more than the
    /// window plus twice the price drift; else scanned, with its softmax spending and, for
    /// split rows, its Hessian terms.
    @inline(__always)
    private func sumRow(
        _ row: Int, scratch: DualScratch, counts sums: inout RowCounts, spend: UnsafeMutablePointer<Double>,
        diagonal: UnsafeMutablePointer<Double>, muDerivative: UnsafeMutablePointer<Double>
    ) {
        let n = goods
        let b = budgets[row]
        let hinted = Int(best[row])
        // bestLog[row] is logs[row * n + hinted], stored when the row was last scanned.
        let hintedValue = bestLog[row] - prices[hinted]
        if margin[row] - 2 * drifts[Int(reference[row])] >= window + 1e-12 * (1 + abs(hintedValue)) {
            // Still the only good within the window: no need to read the row.
            sums.objective += b * hintedValue
            spend[hinted] += b
            sums.settled += 1
            return
        }
        let shifted = scratch.shifted, hits = scratch.hits, scaled = scratch.scaled
        let (largest, top) = shiftedArgmax(logs + row * n, prices, into: shifted, count: n)
        let second = largestExcept(top, shifted, count: n)
        best[row] = Int32(top)
        bestLog[row] = logs[row * n + top]
        margin[row] = largest - second
        reference[row] = passIndex
        let floor = largest - window
        sums.objective += b * largest
        if second < floor {
            // One good within the window: the agent spends everything on it.
            spend[top] += b
            return
        }
        let hitCount = indices(atLeast: floor, shifted, count: n, into: hits)
        if hessian {
            for k in 0..<hitCount { scaled[k] = (shifted[hits[k]] - largest) / mu }
        }
        let total = softmaxWeights(shifted, count: n, hits: hits, hitCount: hitCount, largest: largest, mu: mu)
        sums.objective += b * mu * log(total)
        if !hessian {
            for k in 0..<hitCount { spend[hits[k]] += b * (shifted[hits[k]] / total) }
            return
        }
        let root = b.squareRoot()
        let weightRow = scratch.weightRow(sums.splitRows)
        var meanScaled = 0.0
        for k in 0..<hitCount { meanScaled += (shifted[hits[k]] / total) * scaled[k] }
        for k in 0..<hitCount {
            let g = hits[k]
            let share = shifted[g] / total
            weightRow[g] = root * share
            spend[g] += b * share
            diagonal[g] += b * share * ((total - shifted[g]) / total)
            muDerivative[g] += b * share * (scaled[k] - meanScaled) / mu
        }
        sums.splitRows += 1
    }
}
