/// The governance settings of the Sybil detection lever, with the seed's defaults.
///
/// The initializer does not check; ``validate()`` does (``SybilDetectionLever/init(validating:options:)``).
public struct GovernanceConfig: Sendable, Equatable, Codable {
    /// Whether the lever acts at all.
    public var sybilDetectionEnabled: Bool
    /// Similarity at or above which agents are clustered (in [0, 1]).
    public var sybilSimilarityThreshold: Double
    /// Scales the per-epoch penalties (>= 0).
    public var sybilPenaltyMultiplier: Double
    /// Whether an interaction between two flagged agents costs both sides.
    public var sybilRealtimePenalty: Bool
    /// What such an interaction costs each side (>= 0).
    public var sybilRealtimeRate: Double
    /// Members of larger clusters may not act (>= 1).
    public var sybilMaxClusterSize: Int

    /// A configuration; every argument has the seed's default (the reference's code has
    /// `sybil_max_cluster_size = 1`; the seed documents 3, which is used here).
    public init(
        sybilDetectionEnabled: Bool = false, sybilSimilarityThreshold: Double = 0.8,
        sybilPenaltyMultiplier: Double = 1.0, sybilRealtimePenalty: Bool = false, sybilRealtimeRate: Double = 0.1,
        sybilMaxClusterSize: Int = 3
    ) {
        self.sybilDetectionEnabled = sybilDetectionEnabled
        self.sybilSimilarityThreshold = sybilSimilarityThreshold
        self.sybilPenaltyMultiplier = sybilPenaltyMultiplier
        self.sybilRealtimePenalty = sybilRealtimePenalty
        self.sybilRealtimeRate = sybilRealtimeRate
        self.sybilMaxClusterSize = sybilMaxClusterSize
    }

    /// Throws an `AgentEconomiesError` naming the first field out of range.
    public func validate() throws {
        try Validate.inRange(sybilSimilarityThreshold, 0, 1, "GovernanceConfig.sybilSimilarityThreshold")
        try Validate.nonNegative(sybilPenaltyMultiplier, "GovernanceConfig.sybilPenaltyMultiplier")
        try Validate.nonNegative(sybilRealtimeRate, "GovernanceConfig.sybilRealtimeRate")
        try Validate.atLeast(sybilMaxClusterSize, 1, "GovernanceConfig.sybilMaxClusterSize")
    }

    enum CodingKeys: String, CodingKey {
        case sybilDetectionEnabled = "sybil_detection_enabled"
        case sybilSimilarityThreshold = "sybil_similarity_threshold"
        case sybilPenaltyMultiplier = "sybil_penalty_multiplier"
        case sybilRealtimePenalty = "sybil_realtime_penalty"
        case sybilRealtimeRate = "sybil_realtime_rate"
        case sybilMaxClusterSize = "sybil_max_cluster_size"
    }
}
