import OrderedCollections

/// What a governance lever does at one hook: costs added to an interaction, agents to freeze
/// or unfreeze, reputation and resource changes, and details for the log.
public struct LeverEffect: Sendable, Equatable {
    /// Cost added to the interaction's initiator.
    public var costA: Double
    /// Cost added to the interaction's counterparty.
    public var costB: Double
    /// Agents to freeze.
    public var agentsToFreeze: Set<String>
    /// Agents to unfreeze.
    public var agentsToUnfreeze: Set<String>
    /// Reputation change per agent.
    public var reputationDeltas: OrderedDictionary<String, Double>
    /// Resource change per agent.
    public var resourceDeltas: OrderedDictionary<String, Double>
    /// The lever that produced the effect (levers joined by `+` after ``merged(with:)``).
    public var leverName: String
    /// Details for the log (for the Sybil lever: `clusters_found`, `agents_flagged`, or
    /// `sybil_pair_penalty`).
    public var details: [String: JSONValue]

    /// An effect; every argument defaults to "nothing".
    public init(
        costA: Double = 0, costB: Double = 0, agentsToFreeze: Set<String> = [], agentsToUnfreeze: Set<String> = [],
        reputationDeltas: OrderedDictionary<String, Double> = [:],
        resourceDeltas: OrderedDictionary<String, Double> = [:], leverName: String = "",
        details: [String: JSONValue] = [:]
    ) {
        self.costA = costA
        self.costB = costB
        self.agentsToFreeze = agentsToFreeze
        self.agentsToUnfreeze = agentsToUnfreeze
        self.reputationDeltas = reputationDeltas
        self.resourceDeltas = resourceDeltas
        self.leverName = leverName
        self.details = details
    }

    /// This effect combined with `other`: costs and deltas added, agent sets united, details
    /// merged (`other` wins a shared key), names joined with `+`.
    ///
    /// - Complexity: O(entries of both effects): the result copies this effect's sets and
    ///   dictionaries and adds `other`'s.
    public func merged(with other: LeverEffect) -> LeverEffect {
        var result = self
        result.costA += other.costA
        result.costB += other.costB
        result.agentsToFreeze.formUnion(other.agentsToFreeze)
        result.agentsToUnfreeze.formUnion(other.agentsToUnfreeze)
        for (agent, delta) in other.reputationDeltas { result.reputationDeltas[agent, default: 0] += delta }
        for (agent, delta) in other.resourceDeltas { result.resourceDeltas[agent, default: 0] += delta }
        result.leverName = leverName.isEmpty ? other.leverName : "\(leverName)+\(other.leverName)"
        result.details.merge(other.details) { $1 }
        return result
    }
}
