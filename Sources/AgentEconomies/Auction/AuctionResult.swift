import OrderedCollections

/// The outcome of ``DworkinAuction/runAuction(bids:resources:)``.
public struct AuctionResult: Equatable, Sendable {
    /// Allocation per agent, in bid order (every bidder has one, possibly empty).
    public var allocations: OrderedDictionary<String, AuctionAllocation>
    /// Final price per resource, in resource order.
    public var clearingPrices: OrderedDictionary<String, Double>
    /// Rounds of tatonnement run (the maximum when it did not converge); for the
    /// equilibrium solver, its passes over the agents.
    public var roundsToConverge: Int
    /// Whether no agent envies another's affordable bundle.
    public var isEnvyFree: Bool
    /// Every violation, ordered by envious agent then envied agent (bid order); recomputed
    /// from the market when read, so its memory does not grow with the number of violations
    /// (see ``EnvyViolations``). `envyViolations.count` is the true count.
    public var envyViolations: EnvyViolations
    /// Sum of the agents' utilities.
    public var totalUtility: Double
    /// Tatonnement: whether the largest |excess demand| fell below the convergence
    /// tolerance. Competitive equilibrium: whether both certificate measures are within the
    /// solver's tolerance.
    public var converged: Bool
    /// How close the result is to a competitive equilibrium, computed from the prices and
    /// allocations alone (for either solver).
    public var certificate: EquilibriumCertificate

    /// A result record.
    public init(
        allocations: OrderedDictionary<String, AuctionAllocation> = [:],
        clearingPrices: OrderedDictionary<String, Double> = [:], roundsToConverge: Int = 0,
        isEnvyFree: Bool = false, envyViolations: EnvyViolations = [], totalUtility: Double = 0,
        converged: Bool = false,
        certificate: EquilibriumCertificate = EquilibriumCertificate(maxExcess: 0, equilibriumGap: 0)
    ) {
        self.allocations = allocations
        self.clearingPrices = clearingPrices
        self.roundsToConverge = roundsToConverge
        self.isEnvyFree = isEnvyFree
        self.envyViolations = envyViolations
        self.totalUtility = totalUtility
        self.converged = converged
        self.certificate = certificate
    }
}
