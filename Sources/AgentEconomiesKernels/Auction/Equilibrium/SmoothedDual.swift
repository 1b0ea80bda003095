import CBLAS

#if canImport(Glibc)
    import Glibc
#endif

/// The smoothed dual restricted to the agents and goods that take part: log-valuations,
/// budgets and supplies in compact form, and one evaluation pass.
struct SmoothedDual: Sendable {
    /// Rows of the agents that take part (budget > 0 and a positive valuation of a good in play).
    let agents: [Int]
    /// Columns of the goods in play (supply > 0 and valued positively by an agent with a budget).
    let goods: [Int]
    /// `log v` per (participating agent, good in play), `-infinity` where never bought.
    let logValues: [Double]
    let budgets: [Double]
    let supplies: [Double]
    let agentCount: Int
    let resourceCount: Int
    /// Per block of ``AuctionKernels/blockRows`` market rows, the index of its first row
    /// among ``agents`` (and the count at the end): evaluation passes sum blocks of market
    /// rows, so the blocks do not depend on which rows take part elsewhere.
    let blockStarts: [Int]
    /// Rows taking part over every process of the solve (this process's count until the
    /// solver sets it).
    var participantTotal: Int

    /// Market-row blocks per reduction group.
    static var groupBlocks: Int { AuctionKernels.equilibriumGroupRows / AuctionKernels.blockRows }

    /// The participants' budgets summed per reduction group (in row order within a group).
    var groupBudgets: [Double] {
        let groups = Parallel.chunkCount(blockStarts.count - 1, chunkSize: Self.groupBlocks)
        return (0..<groups).map { group in
            let first = blockStarts[group * Self.groupBlocks]
            let last = blockStarts[min(blockStarts.count - 1, (group + 1) * Self.groupBlocks)]
            return budgets[first..<last].reduce(0, +)
        }
    }

    /// Goods within this many smoothing units of an agent's best contribute `exp(-37)`,
    /// below half an ulp of the best's share: they are left out.
    static let window = 37.0
    /// The first stage's smoothing, in log-value units: at 0.001 an agent already spends
    /// almost all on goods within a fraction of a percent of its best value per price, and
    /// Newton's method (with backtracking and the predictor between stages) still converges
    /// from the equal-spending prices. Measured on the benchmark markets at 100,000 agents:
    /// starting at 1, 0.1, 0.01, 0.001 took 0.80, 0.55, 0.37, 0.29 s for the same answer.
    static let initialSmoothing = 0.001

    /// Per resource, whether an agent of `market` with a budget values it positively and its
    /// supply is positive (the goods in play, before or-ing over processes).
    static func valuedGoods(_ market: AuctionMarket, threads: Int?) -> [Bool] {
        let resources = market.resourceCount, agentTotal = market.agentCount
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(agentTotal, chunkSize: blockRows)
        let valuedBy = market.valuations.withUnsafeBufferPointer { values in
            Parallel.map(chunks: blocks, threads: threads) { block, _ in
                var flags = [Bool](repeating: false, count: resources)
                for i in Parallel.range(ofChunk: block, chunkSize: blockRows, count: agentTotal)
                where market.budgets[i] > 0 {
                    for j in 0..<resources
                    where values[i * resources + j] > 0 && market.supplies[j] > 0
                        && (market.valued?[i * resources + j] ?? true)
                    {
                        flags[j] = true
                    }
                }
                return flags
            }
        }
        return (0..<resources).map { j in valuedBy.contains { $0[j] } }
    }

    /// The dual of `market`'s rows over the goods `inPlay` flags (``valuedGoods(_:threads:)``
    /// of the whole market, which may hold more rows than this process).
    init(market: AuctionMarket, inPlay: [Bool], threads: Int?) {
        let resources = market.resourceCount, agentTotal = market.agentCount
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(agentTotal, chunkSize: blockRows)
        let goodColumns = (0..<resources).filter { inPlay[$0] }
        let n = goodColumns.count
        // Pass 2 (parallel): log-valuations of the goods in play for every row; a row takes
        // part when it has a budget and at least one finite log-valuation. Rows that do not
        // take part are squeezed out afterwards (none in most markets, so no copy).
        var allLogs = [Double](repeating: -.infinity, count: agentTotal * n)
        var takesPart = [Bool](repeating: false, count: agentTotal)
        market.valuations.withUnsafeBufferPointer { values in
            allLogs.withUnsafeMutableBufferPointer { logBuffer in
                takesPart.withUnsafeMutableBufferPointer { partBuffer in
                    let logShared = SharedMutablePointer(logBuffer.baseAddress!)
                    let partShared = SharedMutablePointer(partBuffer.baseAddress!)
                    Parallel.forEach(chunks: blocks, threads: threads) { block in
                        for i in Parallel.range(ofChunk: block, chunkSize: blockRows, count: agentTotal)
                        where market.budgets[i] > 0 {
                            var any = false
                            for (g, j) in goodColumns.enumerated() {
                                let value = values[i * resources + j]
                                if value > 0 && (market.valued?[i * resources + j] ?? true) {
                                    logShared[i * n + g] = log(value)
                                    any = true
                                }
                            }
                            partShared[i] = any
                        }
                    }
                }
            }
        }
        goods = goodColumns
        let participants = (0..<agentTotal).filter { takesPart[$0] }
        if participants.count == agentTotal {
            logValues = allLogs
        } else {
            var compact = [Double]()
            compact.reserveCapacity(participants.count * n)
            for i in participants { compact.append(contentsOf: allLogs[(i * n)..<((i + 1) * n)]) }
            logValues = compact
        }
        agents = participants
        budgets = agents.map { market.budgets[$0] }
        // Where each block of market rows starts among the participants.
        var starts = [0]
        starts.reserveCapacity(blocks + 1)
        var position = 0
        for block in 0..<blocks {
            let end = min(agentTotal, (block + 1) * blockRows)
            while position < participants.count && participants[position] < end { position += 1 }
            starts.append(position)
        }
        blockStarts = starts
        participantTotal = participants.count
        supplies = goodColumns.map { market.supplies[$0] }
        agentCount = agentTotal
        resourceCount = resources
    }

    /// Gradient, Hessian and residuals of the smoothed dual at `q`.
    struct Point {
        var gradient: [Double]
        /// Empty when the pass was asked for no Hessian.
        var hessian: [Double]
        /// The smoothed dual's value.
        var objective: Double
        /// d(gradient)/d(mu) at fixed prices (with the Hessian only): the path's tangent is
        /// `dq/dmu = -H^{-1} d(gradient)/d(mu)`.
        var gradientMuDerivative: [Double]
        var maxResidual: Double
        var residualNorm: Double
    }

    /// What the last full scan of each row found, so that later passes can settle most rows
    /// without reading them.
    ///
    /// A row's best good leads its runner-up by `margin` (in log value per price) at the
    /// prices of pass `reference`. Prices that have moved by at most `drift` (largest
    /// |change| of a log-price) since then move every log value per price by at most `drift`,
    /// so while `margin - 2 drift` exceeds the smoothing window the same good is still the
    /// row's only one within the window, and the row is settled from that one entry. The
    /// cache only chooses the path: results are the same bits as a full scan.
    struct RowCache {
        var best: [Int32]
        var margin: [Double]
        var reference: [Int32]
        /// The row's log value of its best good (`logs[row, best]`), kept so that a settled
        /// row is decided from these columns alone, read in order, without touching its
        /// row of the log values (one cache line at a random place per row, which costs
        /// more than the rest of the pass).
        var bestLog: [Double]
        /// The log-prices of every pass so far.
        var history: [[Double]] = []
        /// Rows settled from the cache, and rows scanned, over all passes.
        var settled = 0, scanned = 0
        /// Scratch of each worker of the evaluation passes, allocated once per solve.
        var scratches: [DualScratch] = []

        init(rows: Int) {
            best = [Int32](repeating: 0, count: rows)
            margin = [Double](repeating: -.infinity, count: rows)
            reference = [Int32](repeating: 0, count: rows)
            bestLog = [Double](repeating: 0, count: rows)
        }

        /// Runs `body` with the four per-row columns' storage (best, margin, reference,
        /// bestLog; each worker of a pass writes only its own rows).
        mutating func withRows<R>(
            _ body: (
                UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>,
                UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Double>
            ) -> R
        ) -> R {
            best.withUnsafeMutableBufferPointer { best in
                margin.withUnsafeMutableBufferPointer { margin in
                    reference.withUnsafeMutableBufferPointer { reference in
                        bestLog.withUnsafeMutableBufferPointer { bestLog in
                            // Empty markets have no rows: any non-nil pointer will do, it is never read.
                            let fallbackInt = UnsafeMutablePointer<Int32>(bitPattern: MemoryLayout<Int32>.alignment)!
                            let fallbackDouble = UnsafeMutablePointer<Double>(bitPattern: MemoryLayout<Double>.alignment)!
                            return body(
                                best.baseAddress ?? fallbackInt, margin.baseAddress ?? fallbackDouble,
                                reference.baseAddress ?? fallbackInt, bestLog.baseAddress ?? fallbackDouble)
                        }
                    }
                }
            }
        }
    }

    /// One pass over the agents at log-prices `q` and smoothing `mu` (see ``RowCache``):
    /// each block of market rows is summed by ``DualPass/sumBlock(_:scratch:)`` into its own
    /// ``DualBlockSums``; blocks are added in block order within their reduction group, and
    /// the groups (every process's, through `exchange`) in group order, so the result does not
    /// depend on the thread or process count.
    func evaluate(
        q: [Double], mu: Double, threads: Int?, hessian withHessian: Bool = true,
        cache: inout RowCache, exchange: some EquilibriumExchange
    ) throws -> Point {
        let n = goods.count
        let blocks = blockStarts.count - 1
        let passIndex = Int32(cache.history.count)
        let drift = cache.history.map { old in zip(q, old).reduce(0.0) { max($0, abs($1.0 - $1.1)) } }
        cache.history.append(q)
        // One scratch per worker, kept in the cache for the whole solve.
        let workers = min(max(blocks, 1), max(1, threads ?? Parallel.defaultThreadCount))
        while cache.scratches.count < workers { cache.scratches.append(DualScratch(goods: n)) }
        let scratches = cache.scratches
        let starts = blockStarts
        let sums = withPass(
            q: q, mu: mu, passIndex: passIndex, drift: drift, hessian: withHessian,
            cache: &cache
        ) { pass in
            Parallel.map(chunks: blocks, threads: workers) { block, worker in
                pass.sumBlock(starts[block]..<starts[block + 1], scratch: scratches[worker])
            }
        }
        var groups: [DualBlockSums] = []
        for group in stride(from: 0, to: blocks, by: Self.groupBlocks) {
            var groupSums = DualBlockSums(goods: n, gram: false)
            for block in sums[group..<min(blocks, group + Self.groupBlocks)] { groupSums.add(block) }
            groups.append(groupSums)
        }
        var total = DualBlockSums(goods: n, gram: false)
        if exchange.isSingleProcess {
            for group in groups { total.add(group) }
        } else {
            var buffer = [Double]()
            for group in groups { group.append(to: &buffer) }
            let gathered = try exchange.gather(buffer)
            var position = 0
            while position < gathered.count {
                total.add(DualBlockSums(goods: n, reading: gathered, at: &position))
            }
        }
        cache.settled += total.settled
        cache.scanned += participantTotal - total.settled
        var objective = total.objective
        var gradient = [Double](repeating: 0, count: n)
        var hessian = [Double](repeating: 0, count: n * n)
        var maxResidual = 0.0, squares = 0.0
        for g in 0..<n {
            let value = supplies[g] * exp(q[g])
            objective += value
            gradient[g] = value - total.spend[g]
            let residual = abs(gradient[g]) / value
            maxResidual = max(maxResidual, residual)
            squares += residual * residual
            hessian[g * n + g] = value + total.diagonal[g] / mu
            for h in (g + 1)..<max(n, g + 1) {
                // dsyrk filled the upper triangle; no split row at all: no Gram matrix.
                let entry = -(total.gram.isEmpty ? 0 : total.gram[g * n + h]) / mu
                hessian[g * n + h] = entry
                hessian[h * n + g] = entry
            }
        }
        return Point(
            gradient: gradient, hessian: withHessian ? hessian : [], objective: objective,
            gradientMuDerivative: total.muDerivative,
            maxResidual: maxResidual, residualNorm: squares.squareRoot())
    }

    /// Runs `body` with a ``DualPass`` over this dual's columns and `cache`'s rows.
    private func withPass<R>(
        q: [Double], mu: Double, passIndex: Int32, drift: [Double], hessian: Bool,
        cache: inout RowCache, _ body: (DualPass) -> R
    ) -> R {
        logValues.withUnsafeBufferPointer { logs in
            q.withUnsafeBufferPointer { prices in
                budgets.withUnsafeBufferPointer { budgets in
                    drift.withUnsafeBufferPointer { drifts in
                        cache.withRows { best, margin, reference, bestLog in
                            body(
                                DualPass(
                                    logs: logs.baseAddress!, prices: prices.baseAddress!,
                                    budgets: budgets.baseAddress!, drifts: drifts.baseAddress!, best: best,
                                    margin: margin, reference: reference, bestLog: bestLog, goods: goods.count, mu: mu,
                                    window: Self.window * mu,
                                    passIndex: passIndex, hessian: hessian))
                        }
                    }
                }
            }
        }
    }

    /// The bundles at log-prices `q` and smoothing `mu`: `x_ij = B_i sigma_ij / p_j`, in the
    /// market's agent rows and resource columns (entries in column order).
    func allocation(q: [Double], mu: Double, threads: Int?) -> SparseRows {
        let n = goods.count
        let prices = q.map { exp($0) }
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(agents.count, chunkSize: blockRows)
        let pieces = logValues.withUnsafeBufferPointer { logBuffer in
            q.withUnsafeBufferPointer { qBuffer in
                Parallel.map(chunks: blocks, threads: threads) { block, _ in
                    let scratch = DualScratch(goods: n)
                    let shifted = scratch.shifted, hits = scratch.hits
                    var piece: (counts: [Int], columns: [Int32], values: [Double]) = ([], [], [])
                    for row in Parallel.range(ofChunk: block, chunkSize: blockRows, count: agents.count) {
                        let largest = shiftedMaximum(
                            logBuffer.baseAddress! + row * n, qBuffer.baseAddress!,
                            into: shifted, count: n)
                        let hitCount = indices(atLeast: largest - Self.window * mu, shifted, count: n, into: hits)
                        let total = softmaxWeights(
                            shifted, count: n, hits: hits, hitCount: hitCount,
                            largest: largest, mu: mu)
                        for k in 0..<hitCount {
                            let g = hits[k]
                            piece.columns.append(Int32(goods[g]))
                            piece.values.append(budgets[row] * (shifted[g] / total) / prices[g])
                        }
                        piece.counts.append(hitCount)
                    }
                    return piece
                }
            }
        }
        var offsets = [0], columns: [Int32] = [], values: [Double] = []
        offsets.reserveCapacity(agentCount + 1)
        var next = 0, row = 0
        for piece in pieces {
            columns.append(contentsOf: piece.columns)
            values.append(contentsOf: piece.values)
            for count in piece.counts {
                let agent = agents[row]
                while next < agent { offsets.append(offsets.last!); next += 1 }
                offsets.append(offsets.last! + count)
                next = agent + 1
                row += 1
            }
        }
        while next < agentCount { offsets.append(offsets.last!); next += 1 }
        return SparseRows(columnCount: resourceCount, uncheckedOffsets: offsets, columns: columns, values: values)
    }
}
