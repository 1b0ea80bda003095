/// The outcome of ``AuctionKernels/run(_:parameters:threads:)``: agents and resources are
/// the row and column indices of the market.
///
/// Memory: O(agents x resources) at most (the bundles hold one entry per resource an agent
/// bought), plus the envy report's O(agents) offsets; never proportional to the number of
/// envy violations.
public struct AuctionMarketResult: Sendable {
    /// Final price per resource.
    public var prices: [Double]
    /// Rounds of tatonnement run, or passes of the equilibrium solver.
    public var roundsToConverge: Int
    /// Tatonnement: whether the largest |excess demand| fell below the convergence
    /// tolerance. Competitive equilibrium: whether both certificate measures are within the
    /// solver's tolerance.
    public var converged: Bool
    /// How close the result is to a competitive equilibrium, from the prices and bundles alone.
    public var certificate: EquilibriumCertificate
    /// Each agent's bundle (CSR), in buying order, after normalisation to supply.
    public var bundles: SparseRows
    /// Each agent's valuation of its bundle.
    public var utilities: [Double]
    /// Each agent's bundle cost at the final prices.
    public var pricesPaid: [Double]
    /// Sum of utilities, in agent order.
    public var totalUtility: Double
    /// The envy check over all ordered pairs.
    public var envy: EnvyReport
    /// Whether no agent envies another.
    public var isEnvyFree: Bool { envy.isEnvyFree }

    /// A result from its parts (the distributed run assembles one).
    package init(
        prices: [Double], roundsToConverge: Int, converged: Bool, certificate: EquilibriumCertificate,
        bundles: SparseRows, utilities: [Double], pricesPaid: [Double], totalUtility: Double, envy: EnvyReport
    ) {
        self.prices = prices
        self.roundsToConverge = roundsToConverge
        self.converged = converged
        self.certificate = certificate
        self.bundles = bundles
        self.utilities = utilities
        self.pricesPaid = pricesPaid
        self.totalUtility = totalUtility
        self.envy = envy
    }
}
