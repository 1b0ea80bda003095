/// Identity, credentials and the Sybil lever (the reference's rules by default).
public struct IdentitySpec: Codable, Equatable, Sendable {
    /// Similarity at or above which two agents are clustered.
    public var similarityThreshold: Double = 0.8
    /// `combined` (the reference's), `cosine` or `jaccard`.
    public var metric: String = "combined"
    /// `greedy` (the reference's) or `connected_components`.
    public var clustering: String = "greedy"
    /// Agents in a larger cluster cannot act the next epoch.
    public var maxClusterSize: Int = 3
    /// Mean p at or above which an agent earns a reputation credential for the epoch.
    public var credentialThreshold: Double = 0.7
    /// Epochs a credential stays valid.
    public var credentialExpiryEpochs: Int = 5
    /// Tokens each identity costs when it is created (the seed's IdentityConfig field; every
    /// agent pays it in the first epoch, so a Sybil entity pays it once per identity; >= 0).
    public var identityCreationCost: Double = 0
    /// Each detection burns `multiplier x 1` token from every flagged agent and takes its
    /// credential of the epoch (the reference's lever; >= 0).
    public var sybilPenaltyMultiplier: Double = 1
    /// Whether an interaction between two agents flagged by the last detection costs each side
    /// `sybil_realtime_rate` (the reference's real-time penalty).
    public var sybilRealtimePenalty = false
    /// The real-time penalty per interaction of a flagged pair (>= 0).
    public var sybilRealtimeRate: Double = 0.1

    enum CodingKeys: String, CodingKey, CaseIterable {
        case similarityThreshold = "similarity_threshold"
        case metric, clustering
        case maxClusterSize = "max_cluster_size"
        case credentialThreshold = "credential_threshold"
        case credentialExpiryEpochs = "credential_expiry_epochs"
        case identityCreationCost = "identity_creation_cost"
        case sybilPenaltyMultiplier = "sybil_penalty_multiplier"
        case sybilRealtimePenalty = "sybil_realtime_penalty"
        case sybilRealtimeRate = "sybil_realtime_rate"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = IdentitySpec()
        similarityThreshold = try c.value(CodingKeys.similarityThreshold, d.similarityThreshold)
        metric = try c.value(CodingKeys.metric, d.metric)
        clustering = try c.value(CodingKeys.clustering, d.clustering)
        maxClusterSize = try c.value(CodingKeys.maxClusterSize, d.maxClusterSize)
        credentialThreshold = try c.value(CodingKeys.credentialThreshold, d.credentialThreshold)
        credentialExpiryEpochs = try c.value(CodingKeys.credentialExpiryEpochs, d.credentialExpiryEpochs)
        identityCreationCost = try c.value(CodingKeys.identityCreationCost, d.identityCreationCost)
        sybilPenaltyMultiplier = try c.value(CodingKeys.sybilPenaltyMultiplier, d.sybilPenaltyMultiplier)
        sybilRealtimePenalty = try c.value(CodingKeys.sybilRealtimePenalty, d.sybilRealtimePenalty)
        sybilRealtimeRate = try c.value(CodingKeys.sybilRealtimeRate, d.sybilRealtimeRate)
    }

    func validate() throws {
        try Check.unit(similarityThreshold, "identity.similarity_threshold")
        try Check.oneOf(metric, ["combined", "cosine", "jaccard"], "identity.metric")
        try Check.oneOf(clustering, ["greedy", "connected_components"], "identity.clustering")
        try Check.atLeast(maxClusterSize, 1, "identity.max_cluster_size")
        try Check.unit(credentialThreshold, "identity.credential_threshold")
        try Check.atLeast(credentialExpiryEpochs, 1, "identity.credential_expiry_epochs")
        try Check.nonNegative(identityCreationCost, "identity.identity_creation_cost")
        try Check.nonNegative(sybilPenaltyMultiplier, "identity.sybil_penalty_multiplier")
        try Check.nonNegative(sybilRealtimeRate, "identity.sybil_realtime_rate")
    }
}
