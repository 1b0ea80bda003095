/// The additive aggregates of a set of interactions that every mission metric needs
/// (count, sum of p, accepted count, welfare), plus the smallest p.
public struct MissionAggregate: Equatable, Sendable {
    /// Number of interactions.
    public var count = 0.0
    /// Sum of their p.
    public var sumP = 0.0
    /// Number accepted.
    public var accepted = 0.0
    /// Sum of the reference's per-interaction welfare `2p - (1 - p)`.
    public var welfare = 0.0
    /// Smallest p (`+infinity` when empty).
    public var minP = Double.infinity

    /// An empty aggregate.
    public init() {}

    /// Adds one interaction.
    public mutating func add(p: Double, accepted isAccepted: Bool) {
        count += 1
        sumP += p
        if isAccepted { accepted += 1 }
        welfare += p * 2.0 - (1 - p) * 1.0
        minP = min(minP, p)
    }

    /// Adds another aggregate (the union of two disjoint sets of interactions).
    public mutating func add(_ other: MissionAggregate) {
        count += other.count
        sumP += other.sumP
        accepted += other.accepted
        welfare += other.welfare
        minP = min(minP, other.minP)
    }

    /// The metric over the aggregated interactions; 0 when there are none or the metric is
    /// unknown.
    public func metric(_ metric: MissionMetric) -> Double {
        Self.metric(metric, count: count, sumP: sumP, accepted: accepted, welfare: welfare, minP: minP)
    }

    /// The metric from the aggregates' values.
    public static func metric(
        _ metric: MissionMetric, count: Double, sumP: Double, accepted: Double,
        welfare: Double, minP: Double
    ) -> Double {
        if count == 0 { return 0 }
        switch metric {
        case .avgP: return sumP / count
        case .minP: return minP
        case .totalCount: return count
        case .acceptanceRate: return accepted / count
        case .totalWelfare: return welfare
        default: return 0
        }
    }

    /// The reference's mission score: `sum w * (1 if met else actual / max(target, 1e-10)) /
    /// sum w`, 0 when `sum w <= 0`; an objective is met when `actual >= target`.
    ///
    /// - Complexity: O(rows), two passes.
    public static func score(_ rows: [(actual: Double, target: Double, weight: Double)]) -> Double {
        var totalWeight = 0.0
        for row in rows { totalWeight += row.weight }
        if !(totalWeight > 0) { return 0 }
        var total = 0.0
        for row in rows {
            total += row.weight * (row.actual >= row.target ? 1.0 : row.actual / max(row.target, 1e-10))
        }
        return total / totalWeight
    }
}
