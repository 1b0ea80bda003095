/// Configuration of the mission economy; the reference's defaults.
public struct MissionConfig: Equatable, Sendable {
    /// Kept for fidelity; the reference never reads it.
    public var enabled: Bool
    /// Participants needed before a mission turns active (>= 1).
    public var minParticipants: Int
    /// Proposed plus active missions allowed at once (>= 1).
    public var maxActiveMissions: Int
    /// How rewards are split.
    public var rewardDistribution: RewardDistribution

    /// A configuration; every argument defaults to the reference's value.
    public init(
        enabled: Bool = true, minParticipants: Int = 2, maxActiveMissions: Int = 5,
        rewardDistribution: RewardDistribution = .proportional
    ) {
        self.enabled = enabled
        self.minParticipants = minParticipants
        self.maxActiveMissions = maxActiveMissions
        self.rewardDistribution = rewardDistribution
    }

    /// Checks every field.
    ///
    /// - Throws: `AgentEconomiesError` naming the field when a count is below 1 or the
    ///   Shapley method's parameters are invalid.
    public func validate() throws {
        try Validate.atLeast(minParticipants, 1, "MissionConfig.minParticipants")
        try Validate.atLeast(maxActiveMissions, 1, "MissionConfig.maxActiveMissions")
        if case let .shapleyValue(method) = rewardDistribution {
            switch method {
            case let .permutation(parameters): try parameters.validate()
            case let .regression(parameters): try parameters.validate()
            case .exact, .automatic: break
            }
        }
    }
}
