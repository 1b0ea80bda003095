import OrderedCollections

/// The reward computations of one mission over one list of interactions: maps agent and
/// interaction IDs to the rows and items of a `MissionLedger` once, calls the mission
/// kernels, and maps the paid rows back to agent IDs.
struct MissionRewards {
    let mission: Mission
    /// The agents of `mission.contributions`, in order of first contribution (ledger rows).
    let agents: [String]
    let ledger: MissionLedger

    init(mission: Mission, interactions: [SoftInteraction]) throws {
        self.mission = mission
        agents = Array(mission.contributions.keys)
        let recordedCount = mission.contributions.values.reduce(0) { $0 + $1.count }
        var items: [String: Int32] = [:]
        items.reserveCapacity(recordedCount)
        var offsets = [0]
        offsets.reserveCapacity(agents.count + 1)
        var recorded: [Int32] = []
        recorded.reserveCapacity(recordedCount)
        for ids in mission.contributions.values {
            for id in ids {
                if let item = items[id] {
                    recorded.append(item)
                } else {
                    let item = Int32(items.count)
                    items[id] = item
                    recorded.append(item)
                }
            }
            offsets.append(recorded.count)
        }
        // One pass over the interactions for the three columns.
        var p = [Double](), accepted = [Bool](), interactionItems = [Int32]()
        p.reserveCapacity(interactions.count)
        accepted.reserveCapacity(interactions.count)
        interactionItems.reserveCapacity(interactions.count)
        for interaction in interactions {
            p.append(interaction.p)
            accepted.append(interaction.accepted)
            interactionItems.append(items[interaction.id] ?? -1)
        }
        ledger = try MissionLedger(
            contributionOffsets: offsets, recordedItems: recorded, itemCount: items.count, p: p, accepted: accepted,
            interactionItems: interactionItems)
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

    /// Shapley values of the contributors (see `MissionKernels/shapleyValues(_:objectives:method:)`).
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
