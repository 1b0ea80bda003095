import Foundation
import OrderedCollections

/// A measurable objective of a mission.
public struct MissionObjective: Equatable, Sendable, Codable {
    /// Unique ID (a new UUID string by default).
    public var objectiveID: String
    /// Free text.
    public var description: String
    /// The metric.
    public var targetMetric: MissionMetric
    /// Met when the metric is at least this.
    public var targetValue: Double
    /// Weight in the mission score.
    public var weight: Double

    /// An objective.
    public init(
        objectiveID: String = RandomUUID.string(), description: String = "", targetMetric: MissionMetric = .avgP,
        targetValue: Double = 0.7, weight: Double = 1.0
    ) {
        self.objectiveID = objectiveID
        self.description = description
        self.targetMetric = targetMetric
        self.targetValue = targetValue
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey {
        case objectiveID = "objective_id"
        case description
        case targetMetric = "target_metric"
        case targetValue = "target_value"
        case weight
    }
}

/// Where a mission is in its lifecycle.
public enum MissionStatus: String, Sendable, Codable, Hashable {
    /// Waiting for participants.
    case proposed
    /// Accepting contributions.
    case active
    /// Every objective met.
    case succeeded
    /// Deadline passed with objectives unmet (at evaluation).
    case failed
    /// Deadline passed while proposed or active (``MissionEconomy/expireMissions(currentEpoch:)``).
    case expired
}

/// A mission as the economy holds it (a snapshot: ask the economy for the current one).
public struct Mission: Equatable, Sendable {
    /// Unique ID.
    public var id: String
    /// Name.
    public var name: String
    /// Objectives.
    public var objectives: [MissionObjective]
    /// The proposing agent (the first participant).
    public var coordinatorID: String
    /// Participants in order of joining.
    public var participants: OrderedSet<String>
    /// Reward pool (> 0).
    public var rewardPool: Double
    /// Epoch at which it expires or fails.
    public var deadlineEpoch: Int
    /// Lifecycle status.
    public var status: MissionStatus
    /// Epoch of proposal.
    public var createdEpoch: Int
    /// Interaction IDs recorded by each agent, in order (duplicates kept); agents in order
    /// of their first contribution.
    public var contributions: OrderedDictionary<String, [String]>
}

/// One objective's evaluation.
public struct ObjectiveEvaluation: Equatable, Sendable {
    /// The objective.
    public var objectiveID: String
    /// Its metric.
    public var targetMetric: MissionMetric
    /// Its target.
    public var targetValue: Double
    /// The metric over the contributed interactions (0 when there are none).
    public var actualValue: Double
    /// `actualValue >= targetValue`.
    public var met: Bool
    /// Its weight.
    public var weight: Double
}

/// The result of ``MissionEconomy/evaluateMission(missionID:interactions:currentEpoch:)``.
public struct MissionEvaluation: Equatable, Sendable {
    /// The mission.
    public var missionID: String
    /// `sum w * (1 if met else actual / max(target, 1e-10)) / sum w` (0 when `sum w <= 0`).
    public var missionScore: Double
    /// Per objective, in order.
    public var objectives: [ObjectiveEvaluation]
    /// Whether every objective is met (true with none).
    public var allObjectivesMet: Bool
    /// Interactions counted (occurrences in the given list whose ID was recorded).
    public var totalContributions: Int
    /// Number of participants.
    public var participants: Int
    /// Status after the evaluation.
    public var status: MissionStatus
}

/// Shapley values of a mission's contributors.
public struct MissionShapleyValues: Equatable, Sendable {
    /// Value per contributor, in order of first contribution.
    public var values: OrderedDictionary<String, Double>
    /// Standard error per contributor (0 for exact values; empty for the regression).
    public var standardErrors: OrderedDictionary<String, Double>
    /// `v(all contributors) - v(nobody)`: the values add up to it.
    public var grandValue: Double
    /// The estimator's record (evaluations, samples).
    public var estimate: ShapleyKernels.Estimate
}
