extension AuctionKernels {
    /// How a run finds prices and bundles.
    public enum Solver: Equatable, Sendable {
        /// The reference's tatonnement with corner demands, then final demands normalised to
        /// supply; bit for bit the reference's numbers.
        case tatonnement(TatonnementParameters)
        /// The competitive equilibrium from the given budgets
        /// (``AuctionKernels/equilibrium(_:parameters:threads:)``).
        case competitiveEquilibrium(EquilibriumParameters)
    }

    /// Everything a run needs besides the market.
    public struct RunParameters: Equatable, Sendable {
        /// The solver and its options.
        public var solver: Solver
        /// The envy tolerance (>= 0).
        public var envyTolerance: Double

        /// Parameters; the defaults are the reference's (tatonnement, tolerance 0.05).
        public init(solver: Solver = .tatonnement(TatonnementParameters()), envyTolerance: Double = 0.05) {
            self.solver = solver
            self.envyTolerance = envyTolerance
        }

        /// Throws ``AgentEconomiesError`` naming the field out of range.
        public func validate() throws {
            switch solver {
            case let .tatonnement(parameters): try parameters.validate()
            case let .competitiveEquilibrium(parameters): try parameters.validate()
            }
            try Validate.nonNegative(envyTolerance, "RunParameters.envyTolerance")
        }
    }

    /// A whole auction on a columnar market: the solver (tatonnement, final demands and
    /// normalisation; or the competitive equilibrium), each agent's utility and cost summed
    /// in its bundle's buying order, the equilibrium certificate, and the tiled envy check.
    ///
    /// The dictionary API of the component layer builds an ``AuctionMarket`` and calls this,
    /// so both give the same numbers; a front end that speaks only arrays calls it directly.
    ///
    /// - Throws: ``AgentEconomiesError`` for invalid parameters.
    /// - Complexity: O(rounds x agents x resources + agents^2 x resources) time;
    ///   O(agents x resources) memory, whatever the number of envy violations (see ``EnvyReport``).
    public static func run(
        _ market: AuctionMarket, parameters: RunParameters = RunParameters(),
        threads: Int? = nil
    ) throws -> AuctionMarketResult {
        try parameters.validate()
        let prices: [Double], bundles: SparseRows, rounds: Int, converged: Bool
        switch parameters.solver {
        case let .tatonnement(options):
            let outcome = tatonnement(market, parameters: options, threads: threads)
            var demanded = try demands(market, prices: outcome.prices, threads: threads)
            try normalize(&demanded, supplies: market.supplies)
            (prices, bundles, rounds, converged) = (outcome.prices, demanded, outcome.rounds, outcome.converged)
        case let .competitiveEquilibrium(options):
            let outcome = try equilibrium(market, parameters: options, threads: threads)
            (prices, bundles, rounds, converged) = (
                outcome.prices, outcome.bundles, outcome.iterations,
                outcome.converged
            )
        }
        try checkFinite(prices: prices, bundles: bundles)
        let certificate = try certificate(market: market, prices: prices, bundles: bundles, threads: threads)
        let utilities = try bundles.rowDots(market.valuations, threads: threads)
        let costs = try bundles.rowDots(prices, threads: threads)
        var total = 0.0
        for utility in utilities { total += utility }
        let envy = try envyCheck(
            EnvyCheckInput(
                valuations: market.valuations, bundles: bundles, bundleCosts: costs, utilities: utilities,
                budgets: market.budgets, tolerance: parameters.envyTolerance),
            threads: threads)
        return AuctionMarketResult(
            prices: prices, roundsToConverge: rounds, converged: converged,
            certificate: certificate, bundles: bundles, utilities: utilities, pricesPaid: costs,
            totalUtility: total, envy: envy)
    }

    /// Budgets over supplies can leave the Double range (a budget of 1e300 for a supply of
    /// 1e-300): such a market is refused instead of answered with infinite prices or NaN
    /// quantities. Found by the `auction-dictionary` fuzz target.
    ///
    /// - Complexity: O(resources + entries).
    package static func checkFinite(prices: [Double], bundles: SparseRows) throws {
        for (resource, price) in prices.enumerated() where !price.isFinite {
            throw AgentEconomiesError.outOfRange(
                field: "prices[\(resource)]", value: "\(price)",
                requirement: "finite (the market's budgets over its supplies exceed the Double range)")
        }
        for (index, quantity) in bundles.values.enumerated() where !quantity.isFinite {
            throw AgentEconomiesError.outOfRange(
                field: "bundles.values[\(index)]", value: "\(quantity)",
                requirement: "finite (the market's budgets over its supplies exceed the Double range)")
        }
    }
}
