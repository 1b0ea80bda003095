/// Budgets modulated by reputation, the seed's "effective endowments can be modulated by
/// reputation (derived from average p history)".
///
/// Agent i's budget is `endowment * (floor + (1 - floor) * averageP[i])`: an agent whose
/// interactions all had p = 1 keeps the full endowment, one with p = 0 keeps `floor` of it.
/// With `floor = 0.5` this is the same `0.5 + 0.5 x` shape the permeability model uses for
/// trust. Feed the result to `AuctionBid.budget` or ``AuctionMarket/budgets``; the envy
/// check then compares each agent only with bundles it can afford.
///
/// - Parameters:
///   - endowment: the full endowment (> 0).
///   - averageP: each agent's average p, in [0, 1].
///   - floor: the share an agent with p = 0 keeps, in [0, 1] (default 0.5).
/// - Throws: ``AgentEconomiesError`` naming `endowment`, `floor` or `averageP[i]` when out of range.
/// - Complexity: O(agents).
public func reputationBudgets(endowment: Double, averageP: [Double], floor: Double = 0.5) throws -> [Double] {
    try Validate.positive(endowment, "endowment")
    try Validate.inRange(floor, 0, 1, "floor")
    return try averageP.enumerated().map { index, p in
        try Validate.inRange(p, 0, 1, "averageP[\(index)]")
        return endowment * (floor + (1 - floor) * p)
    }
}
