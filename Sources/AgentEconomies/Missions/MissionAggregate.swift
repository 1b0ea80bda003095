/// The additive aggregates of a set of interactions that every mission metric needs, plus
/// the smallest p.
struct MissionAggregate {
    var count = 0.0
    var sumP = 0.0
    var accepted = 0.0
    var welfare = 0.0
    var minP = Double.infinity

    /// Adds one interaction, with the reference's per-interaction welfare `2p - (1 - p)`.
    mutating func add(_ interaction: SoftInteraction) {
        add(p: interaction.p, accepted: interaction.accepted)
    }

    mutating func add(p: Double, accepted isAccepted: Bool) {
        count += 1
        sumP += p
        if isAccepted { accepted += 1 }
        welfare += p * 2.0 - (1 - p) * 1.0
        minP = min(minP, p)
    }

    /// The metric over the aggregated interactions; 0 when there are none.
    func metric(_ metric: MissionMetric) -> Double {
        Self.metric(metric, count: count, sumP: sumP, accepted: accepted, welfare: welfare, minP: minP)
    }

    static func metric(_ metric: MissionMetric, count: Double, sumP: Double, accepted: Double, welfare: Double,
                       minP: Double) -> Double {
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

    /// `sum w * (1 if met else actual / max(target, 1e-10)) / sum w`, 0 when `sum w <= 0`.
    static func score(_ rows: [(actual: Double, target: Double, weight: Double)]) -> Double {
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
