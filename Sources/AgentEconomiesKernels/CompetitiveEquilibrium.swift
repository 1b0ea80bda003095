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
/// in the `R` log-prices, shrinking `mu` tenfold per stage from 1 to `tolerance / 10`.
///
/// One *iteration* is one pass over the agents: log-value minus log-price, the row
/// maximum (SIMD), `exp` only for goods within `37 mu` of it (the rest underflow against
/// 1), and per-block sums of spending and of the Hessian, whose dense part is one `dsyrk`
/// per block over the agents that split their budget. The Newton system is `R x R`
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
        let dual = SmoothedDual(market: market)
        let resources = market.resourceCount
        let goods = dual.goods.count
        if goods == 0 || dual.agents.isEmpty {
            let bundles = SparseRows(uncheckedRows: market.agentCount, columnCount: resources)
            let prices = [Double](repeating: 0, count: resources)
            let certificate = try self.certificate(market: market, prices: prices, bundles: bundles)
            return EquilibriumOutcome(prices: prices, bundles: bundles, iterations: 0, newtonSteps: 0, smoothing: 0,
                                      certificate: certificate, converged: true)
        }
        let totalBudget = dual.budgets.reduce(0, +)
        var q = dual.supplies.map { log(totalBudget / (Double(goods) * $0)) }
        let finalSmoothing = parameters.tolerance / 10
        var mu = 1.0
        var iterations = 0, newtonSteps = 0
        var point = dual.evaluate(q: q, mu: mu, threads: threads)
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
                var t = 1.0
                while true {
                    let trial = zip(q, step).map { $0 + t * $1 }
                    let candidate = dual.evaluate(q: trial, mu: mu, threads: threads)
                    iterations += 1
                    if candidate.residualNorm < (1 - t / 4) * point.residualNorm || t < 1.0 / 1024
                        || iterations >= parameters.maxIterations {
                        q = trial
                        point = candidate
                        break
                    }
                    t /= 2
                }
            }
            if isFinal || iterations >= parameters.maxIterations { break }
            mu = max(mu / 10, finalSmoothing)
            point = dual.evaluate(q: q, mu: mu, threads: threads)
            iterations += 1
        }
        var prices = [Double](repeating: 0, count: resources)
        for (g, column) in dual.goods.enumerated() { prices[column] = exp(q[g]) }
        let bundles = dual.allocation(q: q, mu: mu)
        let certificate = try self.certificate(market: market, prices: prices, bundles: bundles)
        return EquilibriumOutcome(prices: prices, bundles: bundles, iterations: iterations, newtonSteps: newtonSteps,
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

    init(market: AuctionMarket) {
        let resources = market.resourceCount
        let values = market.valuations.storage
        func bought(_ i: Int, _ j: Int) -> Bool {
            (market.valued?[i * resources + j] ?? true) && values[i * resources + j] > 0 && market.supplies[j] > 0
        }
        var inPlay = [Bool](repeating: false, count: resources)
        for i in 0..<market.agentCount where market.budgets[i] > 0 {
            for j in 0..<resources where bought(i, j) { inPlay[j] = true }
        }
        let goodColumns = (0..<resources).filter { inPlay[$0] }
        let agentRows = (0..<market.agentCount).filter { i in
            market.budgets[i] > 0 && goodColumns.contains { bought(i, $0) }
        }
        var logs = [Double](repeating: -.infinity, count: agentRows.count * goodColumns.count)
        for (row, i) in agentRows.enumerated() {
            for (g, j) in goodColumns.enumerated() where bought(i, j) {
                logs[row * goodColumns.count + g] = log(values[i * resources + j])
            }
        }
        goods = goodColumns
        agents = agentRows
        logValues = logs
        budgets = agents.map { market.budgets[$0] }
        supplies = goods.map { market.supplies[$0] }
        agentCount = market.agentCount
        resourceCount = resources
    }

    /// Gradient, Hessian and residuals of the smoothed dual at `q`.
    struct Point {
        var gradient: [Double]
        var hessian: [Double]
        var maxResidual: Double
        var residualNorm: Double
    }

    /// One pass over the agents at log-prices `q` and smoothing `mu`.
    func evaluate(q: [Double], mu: Double, threads: Int?) -> Point {
        let n = goods.count
        let rows = agents.count
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(rows, chunkSize: blockRows)
        // Per block: spending (n), Hessian diagonal (n), split-row Gram matrix (n x n).
        let stride = 2 * n + n * n
        var partials = [Double](repeating: 0, count: blocks * stride)
        var splitCountStorage = [Int](repeating: 0, count: blocks)
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
                                let shifted = UnsafeMutablePointer<Double>.allocate(capacity: n)
                                let hits = UnsafeMutablePointer<Int>.allocate(capacity: n)
                                var weights = UnsafeMutablePointer<Double>.allocate(capacity: 16 * n)
                                var weightCapacity = 16
                                defer { shifted.deallocate(); hits.deallocate(); weights.deallocate() }
                                var splitRows = 0
                                for row in Parallel.range(ofChunk: block, chunkSize: blockRows, count: rows) {
                                    let (largest, second) = shiftedTopTwo(logs + row * n, prices, into: shifted,
                                                                          count: n)
                                    let floor = largest - Self.window * mu
                                    let b = budget[row]
                                    if second < floor {
                                        // One good within the window: the agent spends everything on it.
                                        var best = 0
                                        while shifted[best] != largest { best += 1 }
                                        spend[best] += b
                                        continue
                                    }
                                    let hitCount = indices(atLeast: floor, shifted, count: n, into: hits)
                                    let total = softmaxWeights(shifted, count: n, hits: hits, hitCount: hitCount,
                                                               largest: largest, mu: mu)
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
                                    for k in 0..<hitCount {
                                        let g = hits[k]
                                        let share = shifted[g] / total
                                        weightRow[g] = root * share
                                        spend[g] += b * share
                                        diagonal[g] += b * share * ((total - shifted[g]) / total)
                                    }
                                    splitRows += 1
                                }
                                splitCounts[block] = splitRows
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
        var spend = [Double](repeating: 0, count: n)
        var diagonal = [Double](repeating: 0, count: n)
        var gram = [Double](repeating: 0, count: n * n)
        for block in 0..<blocks {
            let base = block * stride
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
        return Point(gradient: gradient, hessian: hessian, maxResidual: maxResidual, residualNorm: squares.squareRoot())
    }

    /// The bundles at log-prices `q` and smoothing `mu`: `x_ij = B_i sigma_ij / p_j`, in the
    /// market's agent rows and resource columns (entries in column order).
    func allocation(q: [Double], mu: Double) -> SparseRows {
        let n = goods.count
        let prices = q.map { exp($0) }
        var offsets = [0], columns: [Int32] = [], values: [Double] = []
        offsets.reserveCapacity(agentCount + 1)
        let shifted = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        defer { shifted.deallocate() }
        var next = 0
        logValues.withUnsafeBufferPointer { logBuffer in
            q.withUnsafeBufferPointer { qBuffer in
                for (row, agent) in agents.enumerated() {
                    while next < agent { offsets.append(columns.count); next += 1 }
                    let largest = shiftedMaximum(logBuffer.baseAddress! + row * n, qBuffer.baseAddress!, into: shifted,
                                                 count: n)
                    let floor = largest - Self.window * mu
                    var total = 0.0
                    for g in 0..<n {
                        shifted[g] = shifted[g] >= floor ? exp((shifted[g] - largest) / mu) : 0
                        total += shifted[g]
                    }
                    for g in 0..<n where shifted[g] != 0 {
                        columns.append(Int32(goods[g]))
                        values.append(budgets[row] * (shifted[g] / total) / prices[g])
                    }
                    offsets.append(columns.count)
                    next = agent + 1
                }
            }
        }
        while next < agentCount { offsets.append(columns.count); next += 1 }
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

/// Stores `logs[g] - q[g]` into `out` and returns the largest and the second largest (a
/// repeated largest counts twice), tracked per SIMD lane in one pass.
@inline(__always)
func shiftedTopTwo(_ logs: UnsafePointer<Double>, _ q: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                   count: Int) -> (Double, Double) {
    var first = SIMD4<Double>(repeating: -.infinity)
    var second = first
    var g = 0
    while g + 4 <= count {
        let value = UnsafeRawPointer(logs + g).loadUnaligned(as: SIMD4<Double>.self)
            - UnsafeRawPointer(q + g).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(out + g).storeBytes(of: value, as: SIMD4<Double>.self)
        let smaller = first.replacing(with: value, where: value .< first)
        second = second.replacing(with: smaller, where: smaller .> second)
        first = first.replacing(with: value, where: value .> first)
        g += 4
    }
    var top = -Double.infinity, runnerUp = -Double.infinity
    func offer(_ value: Double) {
        if value > top { runnerUp = top; top = value } else if value > runnerUp { runnerUp = value }
    }
    for lane in 0..<4 { offer(first[lane]); runnerUp = max(runnerUp, second[lane]) }
    while g < count {
        let value = logs[g] - q[g]
        out[g] = value
        offer(value)
        g += 1
    }
    return (top, runnerUp)
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
