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
                throw AgentEconomiesError.outOfRange(
                    field: "EquilibriumParameters.tolerance", value: "\(tolerance)",
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
    /// - Complexity: O(iterations x (agents x resources + splitting agents x resources^2) +
    ///   Newton steps x resources^3): a pass reads the agents not settled from the row cache
    ///   and forms the Hessian over those that split their budget, and each Newton step
    ///   solves an R x R system. Each pass also compares the prices with every earlier
    ///   pass's (O(iterations^2 x resources) in all); O(agents x resources) memory.
    public static func equilibrium(
        _ market: AuctionMarket, parameters: EquilibriumParameters = .init(),
        threads: Int? = nil
    ) throws -> EquilibriumOutcome {
        try equilibrium(market, parameters: parameters, threads: threads, exchange: LocalExchange())
    }

    /// The solver over `market`'s rows, with the rows of a solve's other processes reached
    /// through `exchange`: in an MPI job, each rank's `market` holds consecutive whole
    /// reduction groups (``equilibriumGroupRows`` agents) of the whole market, in rank order.
    /// Prices, counts, smoothing and certificate are the whole market's, the same on every
    /// process; `bundles` holds this process's rows.
    ///
    /// - Complexity: as ``equilibrium(_:parameters:threads:)`` over this process's agents, plus the
    ///   exchange's collectives: every pass gathers each reduction group's sums (O(resources^2)
    ///   values per group when it forms the Hessian).
    package static func equilibrium(
        _ market: AuctionMarket, parameters: EquilibriumParameters, threads: Int?,
        exchange: some EquilibriumExchange
    ) throws -> EquilibriumOutcome {
        try parameters.validate()
        // The Newton systems are R x R: BLAS threads would only spin beside the agent passes.
        return try BLAS.withThreads(1) {
            try solveEquilibrium(market, parameters: parameters, threads: threads, exchange: exchange)
        }
    }

    static func solveEquilibrium(
        _ market: AuctionMarket, parameters: EquilibriumParameters,
        threads: Int?, exchange: some EquilibriumExchange
    ) throws -> EquilibriumOutcome {
        let inPlay = try exchange.any(SmoothedDual.valuedGoods(market, threads: threads))
        var dual = SmoothedDual(market: market, inPlay: inPlay, threads: threads)
        dual.participantTotal = try exchange.sum(dual.agents.count)
        let resources = market.resourceCount
        let goods = dual.goods.count
        if goods == 0 || dual.participantTotal == 0 {
            let bundles = SparseRows(uncheckedRows: market.agentCount, columnCount: resources)
            let prices = [Double](repeating: 0, count: resources)
            let certificate = try self.certificate(
                market: market, prices: prices, bundles: bundles, threads: threads, exchange: exchange)
            return EquilibriumOutcome(
                prices: prices, bundles: bundles, iterations: 0, newtonSteps: 0,
                rowsReadFraction: 0, smoothing: 0,
                certificate: certificate, converged: true)
        }
        // Budgets summed per reduction group, the groups in group order.
        let totalBudget = try exchange.gather(dual.groupBudgets).reduce(0, +)
        var q = dual.supplies.map { log(totalBudget / (Double(goods) * $0)) }
        let finalSmoothing = parameters.tolerance / 10
        var mu = SmoothedDual.initialSmoothing
        var iterations = 0, newtonSteps = 0
        var cache = SmoothedDual.RowCache(rows: dual.agents.count)
        var point = try dual.evaluate(q: q, mu: mu, threads: threads, cache: &cache, exchange: exchange)
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
                    let candidate = try dual.evaluate(
                        q: trial, mu: mu, threads: threads, hessian: t == 1, cache: &cache, exchange: exchange)
                    iterations += 1
                    let accepted = candidate.objective <= point.objective + 1e-4 * t * slope + noise
                    if accepted || iterations >= parameters.maxIterations {
                        q = trial
                        point = candidate
                        if t < 1 && candidate.maxResidual >= target && iterations < parameters.maxIterations {
                            point = try dual.evaluate(q: q, mu: mu, threads: threads, cache: &cache, exchange: exchange)
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
            let tangent =
                point.hessian.isEmpty
                ? nil
                : LAPACK.solveSymmetricOrNil(point.hessian, point.gradientMuDerivative.map { -$0 }, n: goods)
            var next = point
            var nextMu = mu
            var nextQ = q
            for factor in [10.0, 3.0, 1.5] {
                nextMu = max(mu / factor, finalSmoothing)
                var tried = false
                if let tangent {
                    nextQ = zip(q, tangent).map { $0 + (nextMu - mu) * $1 }
                    next = try dual.evaluate(q: nextQ, mu: nextMu, threads: threads, cache: &cache, exchange: exchange)
                    iterations += 1
                    tried = true
                }
                if !tried || next.maxResidual > 0.25 {
                    let plain = try dual.evaluate(q: q, mu: nextMu, threads: threads, cache: &cache, exchange: exchange)
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
        let certificate = try self.certificate(
            market: market, prices: prices, bundles: bundles, threads: threads, exchange: exchange)
        let rowVisits = cache.settled + cache.scanned
        return EquilibriumOutcome(
            prices: prices, bundles: bundles, iterations: iterations, newtonSteps: newtonSteps,
            rowsReadFraction: rowVisits == 0 ? 0 : Double(cache.scanned) / Double(rowVisits),
            smoothing: mu, certificate: certificate,
            converged: certificate.maxExcess <= parameters.tolerance
                && certificate.equilibriumGap <= parameters.tolerance)
    }
}
