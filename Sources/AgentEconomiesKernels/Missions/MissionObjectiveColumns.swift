/// A mission's objectives as columns: metric, target and weight per objective.
public struct MissionObjectiveColumns: Sendable, Equatable {
    /// What each objective measures.
    public var metrics: [MissionMetric]
    /// Each objective's target.
    public var targets: [Double]
    /// Each objective's weight in the score.
    public var weights: [Double]

    /// Objectives from their columns.
    ///
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` when the columns
    ///   differ in length.
    public init(metrics: [MissionMetric], targets: [Double], weights: [Double]) throws {
        try Validate.count(targets.count, metrics.count, "MissionObjectiveColumns.targets")
        try Validate.count(weights.count, metrics.count, "MissionObjectiveColumns.weights")
        self.metrics = metrics
        self.targets = targets
        self.weights = weights
    }

    /// Objectives from columns known to have equal lengths.
    package init(uncheckedMetrics metrics: [MissionMetric], targets: [Double], weights: [Double]) {
        self.metrics = metrics
        self.targets = targets
        self.weights = weights
    }

    /// Each objective's actual value over `aggregate`, whether it is met, and the score.
    ///
    /// - Complexity: O(objectives).
    public func evaluate(_ aggregate: MissionAggregate) -> (actuals: [Double], met: [Bool], score: Double) {
        let actuals = metrics.map { aggregate.metric($0) }
        let met = zip(actuals, targets).map { $0 >= $1 }
        let score = MissionAggregate.score(actuals.indices.map { (actuals[$0], targets[$0], weights[$0]) })
        return (actuals, met, score)
    }

    /// The score over `aggregate` alone.
    ///
    /// - Complexity: O(objectives).
    public func score(_ aggregate: MissionAggregate) -> Double {
        MissionAggregate.score(metrics.indices.map { (aggregate.metric(metrics[$0]), targets[$0], weights[$0]) })
    }
}
