import OrderedCollections

/// The governance lever that watches who interacts with whom, detects Sybil clusters at the
/// start of every epoch, penalises their members and blocks members of large clusters.
public final class SybilDetectionLever {
    /// The lever's name in effects and logs.
    public let name = "sybil_detection"
    /// The configuration.
    public let config: GovernanceConfig
    /// How agents are compared and clustered (default: the reference's rule).
    public var options: SybilDetectionOptions
    /// Interaction counts recorded so far (both directions), in first-seen order.
    public private(set) var interactionPatterns: OrderedDictionary<String, OrderedDictionary<String, Int>> = [:]
    /// The clusters of the last detection.
    public private(set) var clusters: [Set<String>] = []
    /// The members of those clusters.
    public private(set) var flaggedAgents: Set<String> = []

    /// A lever with `config`, not checked (the seed's form); see ``init(validating:options:)``.
    /// Any configuration works without crashing: a threshold above every score flags nobody.
    public init(config: GovernanceConfig, options: SybilDetectionOptions = SybilDetectionOptions()) {
        self.config = config
        self.options = options
    }

    /// A lever with `config` after ``GovernanceConfig/validate()``.
    ///
    /// - Throws: `AgentEconomiesError` naming the first configuration field out of range.
    public convenience init(
        validating config: GovernanceConfig,
        options: SybilDetectionOptions = SybilDetectionOptions()
    ) throws {
        try config.validate()
        self.init(config: config, options: options)
    }

    /// Records an interaction both ways (initiator -> counterparty and back); when realtime
    /// penalties are on and both parties are flagged, the effect costs each side
    /// `sybilRealtimeRate`. Disabled: records nothing, empty effect.
    @discardableResult
    public func onInteraction(_ interaction: SoftInteraction) -> LeverEffect {
        onInteraction(initiator: interaction.initiator, counterparty: interaction.counterparty)
    }

    /// ``onInteraction(_:)`` from the two agent IDs.
    @discardableResult
    public func onInteraction(initiator: String, counterparty: String) -> LeverEffect {
        guard config.sybilDetectionEnabled else { return LeverEffect(leverName: name) }
        interactionPatterns[initiator, default: [:]][counterparty, default: 0] += 1
        interactionPatterns[counterparty, default: [:]][initiator, default: 0] += 1
        if config.sybilRealtimePenalty && flaggedAgents.contains(initiator) && flaggedAgents.contains(counterparty) {
            return LeverEffect(
                costA: config.sybilRealtimeRate, costB: config.sybilRealtimeRate, leverName: name,
                details: ["sybil_pair_penalty": .bool(true)])
        }
        return LeverEffect(leverName: name)
    }

    /// Detects clusters in the recorded patterns at `sybilSimilarityThreshold` and flags
    /// their members: reputation `-0.1 x multiplier` and resources `-1.0 x multiplier` each;
    /// details `clusters_found` and `agents_flagged`. Disabled: empty effect.
    ///
    /// - Complexity: O(agents + recorded pairs) to build the patterns of the whole history, the
    ///   similarity join over them (see `SimilarityJoin`), and O(m log m) per cluster of m members.
    @discardableResult
    public func onEpochStart(epoch: Int) -> LeverEffect {
        guard config.sybilDetectionEnabled else { return LeverEffect(leverName: name) }
        let patterns = InteractionPatterns(interactionPatterns)
        clusters = (try? options.clusters(patterns, threshold: config.sybilSimilarityThreshold)) ?? []
        flaggedAgents.removeAll()
        var effect = LeverEffect(leverName: name)
        for cluster in clusters {
            for agent in cluster.sorted() {
                flaggedAgents.insert(agent)
                effect.reputationDeltas[agent] =
                    effect.reputationDeltas[agent, default: 0]
                    - config.sybilPenaltyMultiplier * 0.1
                effect.resourceDeltas[agent] =
                    effect.resourceDeltas[agent, default: 0]
                    - config.sybilPenaltyMultiplier * 1.0
            }
        }
        effect.details = ["clusters_found": .int(clusters.count), "agents_flagged": .int(flaggedAgents.count)]
        return effect
    }

    /// False for members of a cluster larger than `sybilMaxClusterSize`; true otherwise and
    /// whenever detection is disabled.
    ///
    /// - Complexity: O(clusters).
    public func canAgentAct(_ agentID: String) -> Bool {
        guard config.sybilDetectionEnabled else { return true }
        return !clusters.contains { $0.count > config.sybilMaxClusterSize && $0.contains(agentID) }
    }

    /// Forgets the recorded interactions, the clusters and the flags.
    ///
    /// - Complexity: O(agents + recorded pairs) to release the patterns.
    public func clearHistory() {
        interactionPatterns.removeAll()
        clusters.removeAll()
        flaggedAgents.removeAll()
    }
}
