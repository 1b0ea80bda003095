import CBLAS
#if canImport(Glibc)
import Glibc
#endif

/// Competitive equilibrium of a linear Fisher market: the Dworkin outcome (equal incomes,
/// market-clearing prices, no envy), computed to a requested precision.
///
/// The equilibrium prices minimise the convex dual of the Eisenberg-Gale program,
/// `f(q) = sum_j s_j e^{q_j} + sum_i B_i max_j (log v_ij - q_j)` over log-prices `q`, whose
/// gradient is supply value minus spending. The max makes `f` non-smooth, which is why
/// first-order dynamics (tatonnement, proportional response) approach the optimum slowly.
/// This solver replaces the max by its smoothed form `mu log sum_j exp(./mu)` (each agent
/// spends its budget in softmax shares over its goods) and minimises it by Newton's method
/// in the `R` log-prices, shrinking `mu` (tenfold per stage where the path allows) from 0.001 to `tolerance / 10`,
/// with a predictor step along the path's tangent between stages.
///
/// One *iteration* is one pass over the agents: log-value minus log-price, the row
/// maximum (SIMD), `exp` only for goods within `37 mu` of it (the rest underflow against
/// 1), and per-block sums of spending and of the Hessian, whose dense part is one `dsyrk`
/// per block over the agents that split their budget. A row whose best good led its
/// runner-up, at its last scan, by more than the window plus twice the largest price move
/// since, is settled from that one entry without being read again (``SmoothedDual/RowCache``);
/// late passes read few rows. The Newton system is `R x R`
/// (LAPACKE `dposv`). Spending, prices and allocations follow the rule of proportional
/// response at the fixed point: `b_ij = B_i sigma_ij`, `x_ij = b_ij / p_j`.
///
/// Goods nobody values (no positive valuation from an agent with a budget) and goods with
/// supply 0 get price 0 and stay unallocated; agents that value nothing, or have budget 0,
/// buy nothing and keep their budget; non-positive and unvalued entries are never bought.
extension AuctionKernels {
    /// Options of the equilibrium solver.
    public struct EquilibriumParameters: Equatable, Sendable {
        /// Target for both the relative excess demand and the equilibrium gap (in (0, 0.1]).
        public var tolerance: Double
        /// Largest number of passes over the agents (>= 1).
        public var maxIterations: Int

        /// Options; the defaults reach 1e-6 on both measures.
        public init(tolerance: Double = 1e-6, maxIterations: Int = 2_000) {
            self.tolerance = tolerance
            self.maxIterations = maxIterations
        }

        /// Throws ``AgentEconomiesError`` naming the field out of range.
        public func validate() throws {
            try Validate.positive(tolerance, "EquilibriumParameters.tolerance")
            if tolerance > 0.1 {
                throw AgentEconomiesError.outOfRange(field: "EquilibriumParameters.tolerance", value: "\(tolerance)",
                                                     requirement: "in (0, 0.1]")
            }
            try Validate.atLeast(maxIterations, 1, "EquilibriumParameters.maxIterations")
        }
    }

    /// What the equilibrium solver reached.
    public struct EquilibriumOutcome: Sendable {
        /// Price per unit of each resource (0 for goods nobody values or with no supply).
        public var prices: [Double]
        /// Each agent's bundle, entries in column order.
        public var bundles: SparseRows
        /// Passes over the agents.
        public var iterations: Int
        /// Newton steps taken.
        public var newtonSteps: Int
        /// Share of agent rows that passes actually read; the others were settled from the
        /// previous scan's margin (see the overview).
        public var rowsReadFraction: Double
        /// The smoothing of the last stage.
        public var smoothing: Double
        /// The certificate, computed from `prices` and `bundles` alone.
        public var certificate: EquilibriumCertificate
        /// Whether both certificate measures are within the tolerance.
        public var converged: Bool
    }

    /// Solves for the competitive equilibrium of `market` (see the extension's overview).
    ///
    /// - Throws: ``AgentEconomiesError`` for invalid parameters.
    /// - Complexity: O(iterations x agents x resources + stages x resources^3).
    public static func equilibrium(_ market: AuctionMarket, parameters: EquilibriumParameters = .init(),
                                   threads: Int? = nil) throws -> EquilibriumOutcome {
        try parameters.validate()
        // The Newton systems are R x R: BLAS threads would only spin beside the agent passes.
        return try BLAS.withThreads(1) { try solveEquilibrium(market, parameters: parameters, threads: threads) }
    }

    static func solveEquilibrium(_ market: AuctionMarket, parameters: EquilibriumParameters,
                                 threads: Int?) throws -> EquilibriumOutcome {
        let dual = SmoothedDual(market: market, threads: threads)
        let resources = market.resourceCount
        let goods = dual.goods.count
        if goods == 0 || dual.agents.isEmpty {
            let bundles = SparseRows(uncheckedRows: market.agentCount, columnCount: resources)
            let prices = [Double](repeating: 0, count: resources)
            let certificate = try self.certificate(market: market, prices: prices, bundles: bundles)
            return EquilibriumOutcome(prices: prices, bundles: bundles, iterations: 0, newtonSteps: 0,
                                      rowsReadFraction: 0, smoothing: 0,
                                      certificate: certificate, converged: true)
        }
        let totalBudget = dual.budgets.reduce(0, +)
        var q = dual.supplies.map { log(totalBudget / (Double(goods) * $0)) }
        let finalSmoothing = parameters.tolerance / 10
        var mu = SmoothedDual.initialSmoothing
        var iterations = 0, newtonSteps = 0
        var cache = SmoothedDual.RowCache(rows: dual.agents.count)
        var point = dual.evaluate(q: q, mu: mu, threads: threads, cache: &cache)
        iterations += 1
        stages: while true {
            let isFinal = mu <= finalSmoothing * (1 + 1e-12)
            let target = isFinal ? max(parameters.tolerance / 10, 100 * Double.ulpOfOne / mu) : 1e-6
            while point.maxResidual >= target {
                if iterations >= parameters.maxIterations { break stages }
                guard let step = LAPACK.solveSymmetricOrNil(point.hessian, point.gradient.map { -$0 }, n: goods) else {
                    break
                }
                newtonSteps += 1
                // Backtracking on the objective (Armijo); the full step's pass also forms the
                // Hessian, since it is usually taken. Below the objective's rounding noise
                // every step counts as a decrease.
                let slope = zip(point.gradient, step).reduce(0.0) { $0 + $1.0 * $1.1 }
                let noise = 1e-14 * abs(point.objective)
                var t = 1.0
                var stalled = false
                while true {
                    let trial = zip(q, step).map { $0 + t * $1 }
                    let candidate = dual.evaluate(q: trial, mu: mu, threads: threads, hessian: t == 1, cache: &cache)
                    iterations += 1
                    let accepted = candidate.objective <= point.objective + 1e-4 * t * slope + noise
                    if accepted || iterations >= parameters.maxIterations {
                        q = trial
                        point = candidate
                        if t < 1 && candidate.maxResidual >= target && iterations < parameters.maxIterations {
                            point = dual.evaluate(q: q, mu: mu, threads: threads, cache: &cache)
                            iterations += 1
                        }
                        break
                    }
                    t /= 2
                    if t < 1.0 / 1024 { stalled = true; break }
                }
                // No descent along the Newton direction: rounding has the last word at this
                // smoothing; the next stage starts from here.
                if stalled { break }
            }
            if isFinal || iterations >= parameters.maxIterations { break }
            // Shrink the smoothing tenfold when the current prices stay close to the next
            // stage's optimum, less when a tenfold cut moves the split agents' spending too
            // far for Newton's method (small markets, where one agent is a whole good's demand).
            // Predictor: follow the path's tangent, q(mu') ~ q + (mu' - mu) dq/dmu, so agents
            // that split their budget keep their shares; keep the plain start if it is better.
            let tangent = point.hessian.isEmpty ? nil
                : LAPACK.solveSymmetricOrNil(point.hessian, point.gradientMuDerivative.map { -$0 }, n: goods)
            var next = point
            var nextMu = mu
            var nextQ = q
            for factor in [10.0, 3.0, 1.5] {
                nextMu = max(mu / factor, finalSmoothing)
                var tried = false
                if let tangent {
                    nextQ = zip(q, tangent).map { $0 + (nextMu - mu) * $1 }
                    next = dual.evaluate(q: nextQ, mu: nextMu, threads: threads, cache: &cache)
                    iterations += 1
                    tried = true
                }
                if !tried || next.maxResidual > 0.25 {
                    let plain = dual.evaluate(q: q, mu: nextMu, threads: threads, cache: &cache)
                    iterations += 1
                    if !tried || plain.residualNorm < next.residualNorm {
                        next = plain
                        nextQ = q
                    }
                }
                if next.maxResidual <= 0.25 || nextMu == finalSmoothing { break }
            }
            q = nextQ
            mu = nextMu
            point = next
        }
        var prices = [Double](repeating: 0, count: resources)
        for (g, column) in dual.goods.enumerated() { prices[column] = exp(q[g]) }
        let bundles = dual.allocation(q: q, mu: mu, threads: threads)
        let certificate = try self.certificate(market: market, prices: prices, bundles: bundles)
        let rowVisits = cache.settled + cache.scanned
        return EquilibriumOutcome(prices: prices, bundles: bundles, iterations: iterations, newtonSteps: newtonSteps,
                                  rowsReadFraction: rowVisits == 0 ? 0 : Double(cache.scanned) / Double(rowVisits),
                                  smoothing: mu, certificate: certificate,
                                  converged: certificate.maxExcess <= parameters.tolerance
                                      && certificate.equilibriumGap <= parameters.tolerance)
    }
}

extension LAPACK {
    /// ``solveSymmetric(_:_:n:)`` for sizes known to be consistent.
    static func solveSymmetricOrNil(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
        (try? solveSymmetric(a, b, n: n)) ?? nil
    }
}

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

    /// Goods within this many smoothing units of an agent's best contribute `exp(-37)`,
    /// below half an ulp of the best's share: they are left out.
    static let window = 37.0
    /// The first stage's smoothing, in log-value units: at 0.001 an agent already spends
    /// almost all on goods within a fraction of a percent of its best value per price, and
    /// Newton's method (with backtracking and the predictor between stages) still converges
    /// from the equal-spending prices. Measured on the benchmark markets at 100,000 agents:
    /// starting at 1, 0.1, 0.01, 0.001 took 0.80, 0.55, 0.37, 0.29 s for the same answer.
    static let initialSmoothing = 0.001

    init(market: AuctionMarket, threads: Int?) {
        let resources = market.resourceCount, agentTotal = market.agentCount
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(agentTotal, chunkSize: blockRows)
        // Pass 1 (parallel): which goods someone with a budget values positively.
        var valuedBy = [Bool](repeating: false, count: max(blocks, 1) * resources)
        market.valuations.withUnsafeBufferPointer { values in
            valuedBy.withUnsafeMutableBufferPointer { flags in
                let shared = SharedMutablePointer(flags.baseAddress!)
                Parallel.forEach(chunks: blocks, threads: threads) { block in
                    for i in Parallel.range(ofChunk: block, chunkSize: blockRows, count: agentTotal)
                    where market.budgets[i] > 0 {
                        for j in 0..<resources where values[i * resources + j] > 0 && market.supplies[j] > 0
                            && (market.valued?[i * resources + j] ?? true) {
                            shared[block * resources + j] = true
                        }
                    }
                }
            }
        }
        let goodColumns = (0..<resources).filter { j in (0..<blocks).contains { valuedBy[$0 * resources + j] } }
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
        /// The log-prices of every pass so far.
        var history: [[Double]] = []
        /// Rows settled from the cache, and rows scanned, over all passes.
        var settled = 0, scanned = 0

        init(rows: Int) {
            best = [Int32](repeating: 0, count: rows)
            margin = [Double](repeating: -.infinity, count: rows)
            reference = [Int32](repeating: 0, count: rows)
        }
    }

    /// One pass over the agents at log-prices `q` and smoothing `mu` (see ``RowCache``).
    func evaluate(q: [Double], mu: Double, threads: Int?, hessian withHessian: Bool = true,
                  cache: inout RowCache) -> Point {
        let n = goods.count
        let rows = agents.count
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(rows, chunkSize: blockRows)
        let passIndex = Int32(cache.history.count)
        let drift = cache.history.map { old in zip(q, old).reduce(0.0) { max($0, abs($1.0 - $1.1)) } }
        cache.history.append(q)
        var settledCounts = [Int](repeating: 0, count: blocks)
        // Per block: spending, Hessian diagonal, split-row Gram matrix, objective, d(gradient)/d(mu).
        let stride = 3 * n + n * n + 1
        var partials = [Double](repeating: 0, count: blocks * stride)
        var splitCountStorage = [Int](repeating: 0, count: blocks)
        cache.best.withUnsafeMutableBufferPointer { bestBuffer in
        cache.margin.withUnsafeMutableBufferPointer { marginBuffer in
        cache.reference.withUnsafeMutableBufferPointer { referenceBuffer in
        settledCounts.withUnsafeMutableBufferPointer { settledBuffer in
        drift.withUnsafeBufferPointer { driftBuffer in
        let hint = SharedMutablePointer(bestBuffer.baseAddress!)
        let margins = SharedMutablePointer(marginBuffer.baseAddress!)
        let references = SharedMutablePointer(referenceBuffer.baseAddress!)
        let settledCount = SharedMutablePointer(settledBuffer.baseAddress!)
        let drifts = driftBuffer.baseAddress!
        splitCountStorage.withUnsafeMutableBufferPointer { splitBuffer in
        partials.withUnsafeMutableBufferPointer { partialBuffer in
            let shared = SharedMutablePointer(partialBuffer.baseAddress!)
            let splitCounts = SharedMutablePointer(splitBuffer.baseAddress!)
            logValues.withUnsafeBufferPointer { logBuffer in
                q.withUnsafeBufferPointer { qBuffer in
                    budgets.withUnsafeBufferPointer { budgetBuffer in
                        let logs = logBuffer.baseAddress!, prices = qBuffer.baseAddress!
                        let budget = budgetBuffer.baseAddress!
                        do {
                            Parallel.forEach(chunks: blocks, threads: threads) { block in
                                let spend = shared.base + block * stride
                                let diagonal = spend + n
                                let gram = diagonal + n
                                let objective = gram + n * n
                                let muDerivative = objective + 1
                                let shifted = UnsafeMutablePointer<Double>.allocate(capacity: n)
                                let hits = UnsafeMutablePointer<Int>.allocate(capacity: n)
                                let scaled = UnsafeMutablePointer<Double>.allocate(capacity: n)
                                var weights = UnsafeMutablePointer<Double>.allocate(capacity: 16 * n)
                                var weightCapacity = 16
                                defer { shifted.deallocate(); hits.deallocate(); scaled.deallocate(); weights.deallocate() }
                                var splitRows = 0, settled = 0
                                let window = Self.window * mu
                                for row in Parallel.range(ofChunk: block, chunkSize: blockRows, count: rows) {
                                    let b = budget[row]
                                    let hinted = Int(hint[row])
                                    let hintedValue = logs[row * n + hinted] - prices[hinted]
                                    if margins[row] - 2 * drifts[Int(references[row])]
                                        >= window + 1e-12 * (1 + abs(hintedValue)) {
                                        // Still the only good within the window: no need to read the row.
                                        objective.pointee += b * hintedValue
                                        spend[hinted] += b
                                        settled += 1
                                        continue
                                    }
                                    let (largest, best) = shiftedArgmax(logs + row * n, prices, into: shifted,
                                                                        count: n)
                                    let second = largestExcept(best, shifted, count: n)
                                    hint[row] = Int32(best)
                                    margins[row] = largest - second
                                    references[row] = passIndex
                                    let floor = largest - window
                                    objective.pointee += b * largest
                                    if second < floor {
                                        // One good within the window: the agent spends everything on it.
                                        spend[best] += b
                                        continue
                                    }
                                    let hitCount = indices(atLeast: floor, shifted, count: n, into: hits)
                                    if withHessian {
                                        for k in 0..<hitCount { scaled[k] = (shifted[hits[k]] - largest) / mu }
                                    }
                                    let total = softmaxWeights(shifted, count: n, hits: hits, hitCount: hitCount,
                                                               largest: largest, mu: mu)
                                    objective.pointee += b * mu * log(total)
                                    if !withHessian {
                                        for k in 0..<hitCount { spend[hits[k]] += b * (shifted[hits[k]] / total) }
                                        continue
                                    }
                                    if splitRows == weightCapacity {
                                        let grown = UnsafeMutablePointer<Double>.allocate(capacity: 2 * weightCapacity * n)
                                        grown.update(from: weights, count: weightCapacity * n)
                                        weights.deallocate()
                                        weights = grown
                                        weightCapacity *= 2
                                    }
                                    let root = b.squareRoot()
                                    let weightRow = weights + splitRows * n
                                    weightRow.update(repeating: 0, count: n)
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
                                    splitRows += 1
                                }
                                splitCounts[block] = splitRows
                                settledCount[block] = settled
                                if splitRows > 0 {
                                    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(splitRows), 1,
                                                weights, Int32(n), 0, gram, Int32(n))
                                }
                            }
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        let settledRows = settledCounts.reduce(0, +)
        cache.settled += settledRows
        cache.scanned += rows - settledRows
        var spend = [Double](repeating: 0, count: n)
        var diagonal = [Double](repeating: 0, count: n)
        var gram = [Double](repeating: 0, count: n * n)
        var objective = 0.0
        var muDerivative = [Double](repeating: 0, count: n)
        for block in 0..<blocks {
            let base = block * stride
            objective += partials[base + 2 * n + n * n]
            for g in 0..<n { muDerivative[g] += partials[base + 2 * n + n * n + 1 + g] }
            for g in 0..<n {
                spend[g] += partials[base + g]
                diagonal[g] += partials[base + n + g]
            }
            if splitCountStorage[block] > 0 {
                for index in 0..<(n * n) { gram[index] += partials[base + 2 * n + index] }
            }
        }
        var gradient = [Double](repeating: 0, count: n)
        var hessian = [Double](repeating: 0, count: n * n)
        var maxResidual = 0.0, squares = 0.0
        for g in 0..<n {
            let value = supplies[g] * exp(q[g])
            objective += value
            gradient[g] = value - spend[g]
            let residual = abs(gradient[g]) / value
            maxResidual = max(maxResidual, residual)
            squares += residual * residual
            hessian[g * n + g] = value + diagonal[g] / mu
            for h in (g + 1)..<max(n, g + 1) {
                let entry = -gram[g * n + h] / mu   // dsyrk filled the upper triangle
                hessian[g * n + h] = entry
                hessian[h * n + g] = entry
            }
        }
        return Point(gradient: gradient, hessian: withHessian ? hessian : [], objective: objective,
                     gradientMuDerivative: muDerivative,
                     maxResidual: maxResidual, residualNorm: squares.squareRoot())
    }

    /// The bundles at log-prices `q` and smoothing `mu`: `x_ij = B_i sigma_ij / p_j`, in the
    /// market's agent rows and resource columns (entries in column order).
    func allocation(q: [Double], mu: Double, threads: Int?) -> SparseRows {
        let n = goods.count
        let prices = q.map { exp($0) }
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(agents.count, chunkSize: blockRows)
        var pieces = [(counts: [Int], columns: [Int32], values: [Double])](repeating: ([], [], []), count: blocks)
        pieces.withUnsafeMutableBufferPointer { slots in
            let shared = SharedMutablePointer(slots.baseAddress!)
            logValues.withUnsafeBufferPointer { logBuffer in
                q.withUnsafeBufferPointer { qBuffer in
                    Parallel.forEach(chunks: blocks, threads: threads) { block in
                        let shifted = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
                        let hits = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))
                        defer { shifted.deallocate(); hits.deallocate() }
                        var piece: (counts: [Int], columns: [Int32], values: [Double]) = ([], [], [])
                        for row in Parallel.range(ofChunk: block, chunkSize: blockRows, count: agents.count) {
                            let largest = shiftedMaximum(logBuffer.baseAddress! + row * n, qBuffer.baseAddress!,
                                                         into: shifted, count: n)
                            let hitCount = indices(atLeast: largest - Self.window * mu, shifted, count: n, into: hits)
                            let total = softmaxWeights(shifted, count: n, hits: hits, hitCount: hitCount,
                                                       largest: largest, mu: mu)
                            for k in 0..<hitCount {
                                let g = hits[k]
                                piece.columns.append(Int32(goods[g]))
                                piece.values.append(budgets[row] * (shifted[g] / total) / prices[g])
                            }
                            piece.counts.append(hitCount)
                        }
                        shared[block] = piece
                    }
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

/// Replaces `values[g]` at the hit indices by `exp((values[g] - largest) / mu)` and returns
/// their sum (in index order). Many hits go through ``vectorExp(_:)`` over the whole row;
/// a few through scalar `exp`. Entries that are not hits are left as they are.
@inline(__always)
func softmaxWeights(_ values: UnsafeMutablePointer<Double>, count: Int, hits: UnsafePointer<Int>, hitCount: Int,
                    largest: Double, mu: Double) -> Double {
    var total = 0.0
    if hitCount >= 8 && count >= 4 {
        let top = SIMD4<Double>(repeating: largest), scale = SIMD4<Double>(repeating: 1 / mu)
        var g = 0
        while g + 4 <= count {
            let chunk = UnsafeRawPointer(values + g).loadUnaligned(as: SIMD4<Double>.self)
            let weights = vectorExp((chunk - top) * scale)
            UnsafeMutableRawPointer(values + g).storeBytes(of: weights, as: SIMD4<Double>.self)
            g += 4
        }
        while g < count { values[g] = exp((values[g] - largest) / mu); g += 1 }
        for k in 0..<hitCount { total += values[hits[k]] }
    } else {
        for k in 0..<hitCount {
            let e = exp((values[hits[k]] - largest) / mu)
            values[hits[k]] = e
            total += e
        }
    }
    return total
}

/// Writes the indices `g < count` with `values[g] >= floor` into `out` and returns how many;
/// four lanes are tested at once, so rows with a single such entry cost one pass of compares.
@inline(__always)
func indices(atLeast floor: Double, _ values: UnsafePointer<Double>, count: Int,
             into out: UnsafeMutablePointer<Int>) -> Int {
    let threshold = SIMD4<Double>(repeating: floor)
    var found = 0
    var g = 0
    while g + 4 <= count {
        if any(UnsafeRawPointer(values + g).loadUnaligned(as: SIMD4<Double>.self) .>= threshold) {
            for lane in g..<(g + 4) where values[lane] >= floor { out[found] = lane; found += 1 }
        }
        g += 4
    }
    while g < count {
        if values[g] >= floor { out[found] = g; found += 1 }
        g += 1
    }
    return found
}

/// Stores `logs[g] - q[g]` into `out` and returns the largest and where it is (for equal
/// largest values, any of their indices), tracked per SIMD lane in one pass.
@inline(__always)
func shiftedArgmax(_ logs: UnsafePointer<Double>, _ q: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                   count: Int) -> (largest: Double, index: Int) {
    var first = SIMD4<Double>(repeating: -.infinity)
    var firstIndex = SIMD4<Int64>(repeating: 0)
    var laneIndex = SIMD4<Int64>(0, 1, 2, 3)
    let step = SIMD4<Int64>(repeating: 4)
    var g = 0
    while g + 4 <= count {
        let value = UnsafeRawPointer(logs + g).loadUnaligned(as: SIMD4<Double>.self)
            - UnsafeRawPointer(q + g).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(out + g).storeBytes(of: value, as: SIMD4<Double>.self)
        let better = value .> first
        first = first.replacing(with: value, where: better)
        firstIndex = firstIndex.replacing(with: laneIndex, where: better)
        laneIndex &+= step
        g += 4
    }
    var top = -Double.infinity, topIndex = 0
    for lane in 0..<4 where first[lane] > top {
        top = first[lane]
        topIndex = Int(firstIndex[lane])
    }
    while g < count {
        let value = logs[g] - q[g]
        out[g] = value
        if value > top { top = value; topIndex = g }
        g += 1
    }
    return (top, topIndex)
}

/// The largest of the first `count` values other than the one at `excluded`
/// (`-infinity` when there is no other); four lanes per step.
@inline(__always)
func largestExcept(_ excluded: Int, _ values: UnsafeMutablePointer<Double>, count: Int) -> Double {
    let saved = values[excluded]
    values[excluded] = -.infinity
    defer { values[excluded] = saved }
    var lanes = SIMD4<Double>(repeating: -.infinity)
    var g = 0
    while g + 4 <= count {
        let chunk = UnsafeRawPointer(values + g).loadUnaligned(as: SIMD4<Double>.self)
        lanes = lanes.replacing(with: chunk, where: chunk .> lanes)
        g += 4
    }
    var largest = lanes.max()
    while g < count { largest = max(largest, values[g]); g += 1 }
    return largest
}

/// Stores `logs[g] - q[g]` into `out` and returns the largest (SIMD over four lanes).
@inline(__always)
func shiftedMaximum(_ logs: UnsafePointer<Double>, _ q: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                    count: Int) -> Double {
    var lanes = SIMD4<Double>(repeating: -.infinity)
    var g = 0
    while g + 4 <= count {
        let value = UnsafeRawPointer(logs + g).loadUnaligned(as: SIMD4<Double>.self)
            - UnsafeRawPointer(q + g).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(out + g).storeBytes(of: value, as: SIMD4<Double>.self)
        lanes = lanes.replacing(with: value, where: value .> lanes)
        g += 4
    }
    var largest = lanes.max()
    while g < count {
        let value = logs[g] - q[g]
        out[g] = value
        largest = value > largest ? value : largest
        g += 1
    }
    return largest
}
