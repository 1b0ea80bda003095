import OrderedCollections

/// Identities, their creation rules, and Sybil detection by behavioural similarity.
public final class IdentityRegistry {
    /// The validated configuration.
    public let config: IdentityConfig
    /// Identities by agent ID, in creation order.
    public private(set) var identities: OrderedDictionary<String, AgentIdentity> = [:]
    /// The agents recorded under each entity.
    public private(set) var entityAgents: [String: Set<String>] = [:]
    /// The clusters found by the last detection.
    public private(set) var sybilClusters: [Set<String>] = []

    /// A registry with `config`.
    ///
    /// - Throws: `AgentEconomiesError` naming the first configuration field out of range.
    public init(config: IdentityConfig = IdentityConfig()) throws {
        try config.validate()
        self.config = config
    }

    /// Creates the identity of `agentID`, or returns nil when the agent already has one, when
    /// `entityID` (non-empty) already controls `maxIdentitiesPerEntity` identities, or when
    /// proof of personhood is required and missing. As in the reference the agent is recorded
    /// under its entity before the proof-of-personhood check, so a refusal for missing proof
    /// still takes one of the entity's places.
    @discardableResult
    public func createIdentity(
        agentID: String, entityID: String? = nil, proofOfPersonhood: Bool = false,
        currentEpoch: Int = 0
    ) -> AgentIdentity? {
        if identities[agentID] != nil { return nil }
        if let entityID, !entityID.isEmpty {
            if entityAgents[entityID, default: []].count >= config.maxIdentitiesPerEntity { return nil }
            entityAgents[entityID, default: []].insert(agentID)
        }
        if config.proofOfPersonhoodRequired && !proofOfPersonhood { return nil }
        let identity = AgentIdentity(
            agentID: agentID, identityCost: config.identityCreationCost,
            creationEpoch: currentEpoch, proofOfPersonhood: proofOfPersonhood)
        identity.computeTrustScore(currentEpoch: currentEpoch)
        identities[agentID] = identity
        return identity
    }

    /// The identity of `agentID`, if any.
    public func identity(agentID: String) -> AgentIdentity? { identities[agentID] }

    /// Every identity's last computed trust score, in creation order.
    ///
    /// - Complexity: O(identities).
    public func trustDistribution() -> OrderedDictionary<String, Double> {
        identities.mapValues(\.trustScore)
    }

    /// The share of identities with proof of personhood (0 with no identities).
    ///
    /// - Complexity: O(identities).
    public func popVerificationRate() -> Double {
        if identities.isEmpty { return 0 }
        return Double(identities.values.filter(\.proofOfPersonhood).count) / Double(identities.count)
    }

    /// Sybil clusters among `patterns` (agent -> counterparty -> count): with the default
    /// options, the reference's greedy rule on its combined score, same clusters in the same
    /// order; empty when detection is disabled. Keeps the result in ``sybilClusters``.
    ///
    /// Integer counts cannot be invalid, so this does not throw.
    /// - Complexity: see `SimilarityJoin`; never an agents x agents matrix.
    @discardableResult
    public func detectSybilClusters(
        patterns: OrderedDictionary<String, OrderedDictionary<String, Int>>,
        options: SybilDetectionOptions = SybilDetectionOptions()
    ) -> [Set<String>] {
        // The only failure left is more than 2^31 agents, which an in-memory dictionary cannot hold.
        (try? detectSybilClusters(InteractionPatterns(patterns), options: options)) ?? []
    }

    /// Sybil clusters among columnar `patterns` (for large populations and real-valued counts).
    ///
    /// - Throws: `AgentEconomiesError` for more rows than the kernels index.
    /// - Complexity: the similarity join's over the patterns' rows (see `SimilarityJoin`), plus
    ///   O(clustered agents) to name the clusters; never an agents x agents matrix.
    @discardableResult
    public func detectSybilClusters(
        _ patterns: InteractionPatterns,
        options: SybilDetectionOptions = SybilDetectionOptions()
    ) throws -> [Set<String>] {
        guard config.sybilDetectionEnabled else { return [] }
        sybilClusters = try options.clusters(patterns, threshold: config.behavioralSimilarityThreshold)
        return sybilClusters
    }
}
