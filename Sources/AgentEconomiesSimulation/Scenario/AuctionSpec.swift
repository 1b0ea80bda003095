/// The Dworkin auction over shared resources each epoch.
public struct AuctionSpec: Codable, Equatable, Sendable {
    /// Number of resources.
    public var resources: Int = 64
    /// `tatonnement` (the reference's) or `equilibrium`.
    public var solver: String = "tatonnement"
    public var maxRounds: Int = 50
    public var priceAdjustmentRate: Double = 0.1
    public var convergenceTolerance: Double = 0.01
    public var envyTolerance: Double = 0.05
    /// Share of its wallet an agent brings to the auction (its budget is this times the
    /// wallet, reputation-modulated: `(0.5 + 0.5 mean p)`), in (0, 1].
    public var walletShare: Double = 0.5
    /// Units per agent over all resources: each resource's supply is this times the number of
    /// agents over the number of resources.
    public var supplyPerAgent: Double = 1.0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case resources, solver
        case walletShare = "wallet_share"
        case maxRounds = "max_rounds"
        case priceAdjustmentRate = "price_adjustment_rate"
        case convergenceTolerance = "convergence_tolerance"
        case envyTolerance = "envy_tolerance"
        case supplyPerAgent = "supply_per_agent"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = AuctionSpec()
        resources = try c.value(CodingKeys.resources, d.resources)
        solver = try c.value(CodingKeys.solver, d.solver)
        maxRounds = try c.value(CodingKeys.maxRounds, d.maxRounds)
        priceAdjustmentRate = try c.value(CodingKeys.priceAdjustmentRate, d.priceAdjustmentRate)
        convergenceTolerance = try c.value(CodingKeys.convergenceTolerance, d.convergenceTolerance)
        envyTolerance = try c.value(CodingKeys.envyTolerance, d.envyTolerance)
        walletShare = try c.value(CodingKeys.walletShare, d.walletShare)
        supplyPerAgent = try c.value(CodingKeys.supplyPerAgent, d.supplyPerAgent)
    }

    func validate() throws {
        try Check.atLeast(resources, 1, "auction.resources")
        try Check.oneOf(solver, ["tatonnement", "equilibrium"], "auction.solver")
        try Check.atLeast(maxRounds, 1, "auction.max_rounds")
        if !(priceAdjustmentRate > 0 && priceAdjustmentRate <= 1) {
            throw ScenarioError(key: "auction.price_adjustment_rate", problem: "must be in (0, 1], got \(priceAdjustmentRate)")
        }
        try Check.positive(convergenceTolerance, "auction.convergence_tolerance")
        try Check.nonNegative(envyTolerance, "auction.envy_tolerance")
        if !(walletShare > 0 && walletShare <= 1) {
            throw ScenarioError(key: "auction.wallet_share", problem: "must be in (0, 1], got \(walletShare)")
        }
        try Check.positive(supplyPerAgent, "auction.supply_per_agent")
    }
}
