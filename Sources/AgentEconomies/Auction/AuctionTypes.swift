import OrderedCollections

/// One agent's bid: how much it values each resource, and its budget.
public struct AuctionBid: Equatable, Sendable {
    /// The bidding agent.
    public var agentID: String
    /// Valuation per resource name. Names that are not among the auction's resources are
    /// ignored; a resource missing here is not bought (its valuation counts as 0).
    public var valuations: [String: Double]
    /// The budget; `nil` takes ``AuctionConfig/initialEndowment``.
    public var budget: Double?

    /// A bid.
    public init(agentID: String, valuations: [String: Double], budget: Double? = nil) {
        self.agentID = agentID
        self.valuations = valuations
        self.budget = budget
    }
}

/// What one agent received.
public struct AuctionAllocation: Equatable, Sendable {
    /// The agent.
    public var agentID: String
    /// Quantity per resource, in the order the agent bought them (best value per price first).
    public var resources: OrderedDictionary<String, Double>
    /// Cost of the bundle at the clearing prices.
    public var pricePaid: Double
    /// The agent's valuation of its bundle.
    public var utility: Double

    /// An allocation record.
    public init(agentID: String, resources: OrderedDictionary<String, Double>, pricePaid: Double, utility: Double) {
        self.agentID = agentID
        self.resources = resources
        self.pricePaid = pricePaid
        self.utility = utility
    }
}

/// Agent `enviousAgent` values `enviedAgent`'s bundle (which it could afford) above its own
/// by `utilityGap`, more than the envy tolerance.
public struct EnvyViolation: Equatable, Sendable {
    /// The agent that envies.
    public var enviousAgent: String
    /// The agent whose bundle is envied.
    public var enviedAgent: String
    /// Valuation of the envied bundle minus own utility.
    public var utilityGap: Double

    /// A violation record.
    public init(enviousAgent: String, enviedAgent: String, utilityGap: Double) {
        self.enviousAgent = enviousAgent
        self.enviedAgent = enviedAgent
        self.utilityGap = utilityGap
    }
}

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
