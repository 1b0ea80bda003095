import OrderedCollections

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
