import Foundation
import OrderedCollections

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
