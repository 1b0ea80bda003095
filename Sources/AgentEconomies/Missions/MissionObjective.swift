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
