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
