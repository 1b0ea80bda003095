import Foundation
import OrderedCollections

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
