/// Missions proposed and settled each epoch.
public struct MissionSpec: Codable, Equatable, Sendable {
    /// Missions proposed per epoch.
    public var perEpoch: Int = 10
    /// Participants per mission (sampled among active agents when it is proposed).
    public var participants: Int = 50
    /// Epochs of contributions, the proposal's included; evaluated at the end of the last.
    public var durationEpochs: Int = 3
    /// The objective: mean p of the contributed interactions at least this.
    public var targetAvgP: Double = 0.6
    /// Reward pool of each mission.
    public var rewardPool: Double = 1_000
    /// `equal`, `proportional`, `shapley` (the reference's leave-one-out rule),
    /// `shapley_exact` (true Shapley values, at most 20 contributors) or `shapley_permutation`
    /// (true Shapley values by `shapley_samples` antithetic permutation pairs).
    public var rewardDistribution: String = "proportional"
    /// Antithetic permutation pairs of `shapley_permutation` (>= 1).
    public var shapleySamples: Int = 100
    /// Tokens a participant pays per interaction it contributes (the cost of effort; >= 0).
    public var effortCost: Double = 0
    /// Share of its epoch's interactions a participant contributes when the economy does not
    /// adapt (adaptive agents choose it among 0, 0.25, 0.5, 0.75 and 1 per mission), in [0, 1].
    public var effort: Double = 1
    /// Second objective: contributions at least this many (0: none).
    public var targetContributions: Int = 0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case participants, effort
        case shapleySamples = "shapley_samples"
        case effortCost = "effort_cost"
        case targetContributions = "target_contributions"
        case perEpoch = "per_epoch"
        case durationEpochs = "duration_epochs"
        case targetAvgP = "target_avg_p"
        case rewardPool = "reward_pool"
        case rewardDistribution = "reward_distribution"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = MissionSpec()
        perEpoch = try c.value(CodingKeys.perEpoch, d.perEpoch)
        participants = try c.value(CodingKeys.participants, d.participants)
        durationEpochs = try c.value(CodingKeys.durationEpochs, d.durationEpochs)
        targetAvgP = try c.value(CodingKeys.targetAvgP, d.targetAvgP)
        rewardPool = try c.value(CodingKeys.rewardPool, d.rewardPool)
        rewardDistribution = try c.value(CodingKeys.rewardDistribution, d.rewardDistribution)
        shapleySamples = try c.value(CodingKeys.shapleySamples, d.shapleySamples)
        effortCost = try c.value(CodingKeys.effortCost, d.effortCost)
        effort = try c.value(CodingKeys.effort, d.effort)
        targetContributions = try c.value(CodingKeys.targetContributions, d.targetContributions)
    }

    func validate() throws {
        try Check.atLeast(perEpoch, 0, "missions.per_epoch")
        try Check.atLeast(participants, 1, "missions.participants")
        try Check.atLeast(durationEpochs, 1, "missions.duration_epochs")
        try Check.unit(targetAvgP, "missions.target_avg_p")
        try Check.positive(rewardPool, "missions.reward_pool")
        try Check.oneOf(
            rewardDistribution, ["equal", "proportional", "shapley", "shapley_exact", "shapley_permutation"],
            "missions.reward_distribution")
        try Check.atLeast(shapleySamples, 1, "missions.shapley_samples")
        try Check.nonNegative(effortCost, "missions.effort_cost")
        try Check.unit(effort, "missions.effort")
        try Check.atLeast(targetContributions, 0, "missions.target_contributions")
        if rewardDistribution == "shapley_exact" && participants > 20 {
            throw ScenarioError(
                key: "missions.participants",
                problem: "shapley_exact rewards at most 20 participants, got \(participants) (use shapley_permutation)")
        }
    }
}
