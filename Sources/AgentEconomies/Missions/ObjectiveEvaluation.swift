import Foundation
import OrderedCollections

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
