import OrderedCollections

/// The reward computations of one mission over one list of interactions: maps agent and
/// interaction IDs to the rows and items of a ``MissionLedger`` once, calls the mission
/// kernels, and maps the paid rows back to agent IDs.
struct MissionRewards {
    let mission: Mission
    /// The agents of `mission.contributions`, in order of first contribution (ledger rows).
    let agents: [String]
    let ledger: MissionLedger

    init(mission: Mission, interactions: [SoftInteraction]) throws {
        self.mission = mission
        agents = Array(mission.contributions.keys)
        var items: [String: Int32] = [:]
        var offsets = [0]
        var recorded: [Int32] = []
        for ids in mission.contributions.values {
            for id in ids {
                let item =
                    items[id]
                    ?? {
                        let next = Int32(items.count)
                        items[id] = next
                        return next
                    }()
                recorded.append(item)
            }
            offsets.append(recorded.count)
        }
        ledger = try MissionLedger(
            contributionOffsets: offsets, recordedItems: recorded, itemCount: items.count,
            p: interactions.map(\.p), accepted: interactions.map(\.accepted),
            interactionItems: interactions.map { items[$0.id] ?? -1 })
    }

    /// The objectives as kernel columns.
    var objectives: MissionObjectiveColumns {
        MissionObjectiveColumns(
            uncheckedMetrics: mission.objectives.map(\.targetMetric),
            targets: mission.objectives.map(\.targetValue),
            weights: mission.objectives.map(\.weight))
    }

    /// A payout keyed by agent ID, in row order.
    func named(_ payout: MissionPayout) -> OrderedDictionary<String, Double> {
        OrderedDictionary(uniqueKeysWithValues: zip(payout.rows.map { agents[$0] }, payout.amounts))
    }

    /// The reference's equal split (from the contribution counts alone).
    static func equal(_ mission: Mission) -> OrderedDictionary<String, Double> {
        let agents = Array(mission.contributions.keys)
        let payout = MissionKernels.equal(recordedCounts: mission.contributions.values.map(\.count), pool: mission.rewardPool)
        return OrderedDictionary(uniqueKeysWithValues: zip(payout.rows.map { agents[$0] }, payout.amounts))
    }

    /// The reference's proportional split.
    func proportional() -> OrderedDictionary<String, Double> {
        named(MissionKernels.proportional(ledger, pool: mission.rewardPool))
    }

    /// The reference's leave-one-out rule it calls "shapley".
    func leaveOneOut() -> OrderedDictionary<String, Double> {
        named(MissionKernels.leaveOneOut(ledger, pool: mission.rewardPool))
    }

    /// Shapley values of the contributors (see ``MissionKernels/shapleyValues(_:objectives:method:)``).
    func shapleyValues(method: ShapleyMethod) throws -> MissionShapleyValues {
        let (rows, estimate) = try MissionKernels.shapleyValues(ledger, objectives: objectives, method: method)
        var values: OrderedDictionary<String, Double> = [:]
        var errors: OrderedDictionary<String, Double> = [:]
        for (index, row) in rows.enumerated() {
            values[agents[row]] = estimate.values[index]
            if index < estimate.standardErrors.count { errors[agents[row]] = estimate.standardErrors[index] }
        }
        return MissionShapleyValues(
            values: values, standardErrors: errors, grandValue: estimate.grandValue,
            estimate: estimate)
    }

    /// Pays by Shapley values (negative values as zero; equal split when none is positive).
    func payByShapleyValues(method: ShapleyMethod) throws -> OrderedDictionary<String, Double> {
        let (rows, estimate) = try MissionKernels.shapleyValues(ledger, objectives: objectives, method: method)
        return named(MissionKernels.payByValues(ledger, rows: rows, values: estimate.values, pool: mission.rewardPool))
    }
}
