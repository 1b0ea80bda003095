import OrderedCollections

/// The reward computations of one mission over one list of interactions. Aggregates per
/// agent are built once; every strategy is then linear in the contributions.
struct MissionRewards {
    let mission: Mission
    let interactions: [SoftInteraction]
    /// Position of each recorded interaction ID in `interactions` (the last one wins, as the
    /// reference's dictionary does); only IDs some agent recorded are kept.
    var position: [String: Int] {
        var recorded = [String: Int](minimumCapacity: mission.contributions.values.reduce(0) { $0 + $1.count })
        for ids in mission.contributions.values {
            for id in ids { recorded[id] = -1 }
        }
        for (index, interaction) in interactions.enumerated() where recorded[interaction.id] != nil {
            recorded[interaction.id] = index
        }
        return recorded.filter { $0.value >= 0 }
    }

    init(mission: Mission, interactions: [SoftInteraction]) {
        self.mission = mission
        self.interactions = interactions
    }

    /// Agents with at least one recorded ID, in order of first contribution.
    var contributors: [String] { mission.contributions.filter { !$0.value.isEmpty }.map(\.key) }

    /// The reference's equal split.
    func equal() -> OrderedDictionary<String, Double> {
        let agents = contributors
        if agents.isEmpty { return [:] }
        let share = mission.rewardPool / Double(agents.count)
        return OrderedDictionary(uniqueKeysWithValues: agents.map { ($0, share) })
    }

    /// The reference's proportional split: score = found count x mean p of the found
    /// recorded IDs (duplicates kept); agents with score > 0 share the pool by score.
    func proportional() -> OrderedDictionary<String, Double> {
        let position = self.position
        var scores: [(String, Double)] = []
        for (agent, ids) in mission.contributions {
            var sum = 0.0
            var found = 0
            for id in ids {
                if let index = position[id] {
                    sum += interactions[index].p
                    found += 1
                }
            }
            scores.append((agent, found > 0 ? Double(found) * (sum / Double(found)) : 0))
        }
        var total = 0.0
        for (_, score) in scores { total += score }
        if total == 0 { return [:] }
        var result: OrderedDictionary<String, Double> = [:]
        for (agent, score) in scores where score > 0 { result[agent] = score / total * mission.rewardPool }
        return result
    }

    /// The reference's "shapley" strategy (leave-one-out quality change plus volume share),
    /// computed from totals in linear time: an agent's "without" mean removes its own
    /// distinct IDs from compensated totals over all distinct recorded IDs.
    func leaveOneOut() -> OrderedDictionary<String, Double> {
        let agents = contributors
        if agents.isEmpty { return [:] }
        let position = self.position
        var distinct = OrderedSet<String>()
        for ids in mission.contributions.values { distinct.append(contentsOf: ids) }
        var total = CompensatedSum()
        var foundCount = 0
        for id in distinct {
            if let index = position[id] {
                total.add(interactions[index].p)
                foundCount += 1
            }
        }
        let fullMean = foundCount > 0 ? total.sum / Double(foundCount) : 0
        var marginals: [Double] = []
        for agent in agents {
            let own = Set(mission.contributions[agent] ?? [])
            var ownSum = CompensatedSum()
            var ownFound = 0
            for id in own {
                if let index = position[id] {
                    ownSum.add(interactions[index].p)
                    ownFound += 1
                }
            }
            let withoutCount = foundCount - ownFound
            var without = 0.0
            if withoutCount > 0 {
                var rest = total
                rest.add(-ownSum.value)
                rest.add(-ownSum.compensation)
                without = rest.sum / Double(withoutCount)
            }
            let qualityDelta = max(0, fullMean - without)
            let volumeShare = Double(mission.contributions[agent]?.count ?? 0) / Double(max(distinct.count, 1))
            marginals.append(qualityDelta + volumeShare)
        }
        var totalMarginal = 0.0
        for marginal in marginals { totalMarginal += marginal }
        if totalMarginal == 0 { return equal() }
        var result: OrderedDictionary<String, Double> = [:]
        for (agent, marginal) in zip(agents, marginals) {
            result[agent] = marginal / totalMarginal * mission.rewardPool
        }
        return result
    }

    /// Pays `pool * max(v, 0) / sum max(v, 0)`; equal split when no value is positive.
    func payByValues(_ values: OrderedDictionary<String, Double>) -> OrderedDictionary<String, Double> {
        var positive = 0.0
        for value in values.values where value > 0 { positive += value }
        if !(positive > 0) { return equal() }
        var result: OrderedDictionary<String, Double> = [:]
        for (agent, value) in values { result[agent] = max(value, 0) / positive * mission.rewardPool }
        return result
    }

    // MARK: - The coalition game

    /// Shapley values of the contributors for v(S) = mission score over the interactions
    /// recorded by S. When every counted interaction was recorded by one contributor, the
    /// game is additive in per-contributor aggregates (count, sum p, accepted, welfare; min
    /// p); otherwise interactions are grouped by the set of contributors that recorded them
    /// and a coalition counts a group when it holds any of them.
    func shapleyValues(method: ShapleyMethod) throws -> MissionShapleyValues {
        let agents = contributors
        var playerIndex: [String: Int] = [:]
        for (index, agent) in agents.enumerated() { playerIndex[agent] = index }
        // Recorders of each recorded ID.
        var recorders: [String: [Int]] = [:]
        for (agent, ids) in mission.contributions {
            guard let player = playerIndex[agent] else { continue }
            for id in ids where !(recorders[id]?.contains(player) ?? false) { recorders[id, default: []].append(player) }
        }
        let objectives = mission.objectives.map { ($0.targetMetric, $0.targetValue, $0.weight) }
        let value: @Sendable (Double, Double, Double, Double, Double) -> Double = { count, sumP, accepted, welfare, minP in
            MissionAggregate.score(objectives.map { metric, target, weight in
                (MissionAggregate.metric(metric, count: count, sumP: sumP, accepted: accepted, welfare: welfare,
                                         minP: minP), target, weight)
            })
        }
        // Groups: aggregates per distinct recorder set, over the counted occurrences.
        var groups: OrderedDictionary<[Int], MissionAggregate> = [:]
        for interaction in interactions {
            guard let owners = recorders[interaction.id] else { continue }
            groups[owners.sorted(), default: MissionAggregate()].add(interaction)
        }
        let estimate: ShapleyKernels.Estimate
        if groups.keys.allSatisfy({ $0.count == 1 }) {
            var rows = [Double](repeating: 0, count: agents.count * 4)
            var minima = [Double](repeating: .infinity, count: agents.count)
            for (owners, aggregate) in groups {
                let player = owners[0]
                rows[player * 4] = aggregate.count
                rows[player * 4 + 1] = aggregate.sumP
                rows[player * 4 + 2] = aggregate.accepted
                rows[player * 4 + 3] = aggregate.welfare
                minima[player] = aggregate.minP
            }
            let game = try AdditiveGame(aggregates: Matrix(rows: agents.count, columns: 4, storage: rows),
                                        minima: minima) { sums, minimum in
                value(sums[0], sums[1], sums[2], sums[3], minimum)
            }
            estimate = try Self.estimate(players: agents.count, method: method,
                                         exact: { try ShapleyKernels.exact(game) },
                                         permutation: { try ShapleyKernels.permutation(game, parameters: $0) },
                                         regression: { try ShapleyKernels.regression(game, parameters: $0) })
        } else {
            let groupList = groups.map { ($0.key, $0.value) }
            let game = try CoalitionFunctionGame(players: agents.count) { members in
                var total = MissionAggregate()
                for (owners, aggregate) in groupList where owners.contains(where: { members[$0] }) {
                    total.count += aggregate.count
                    total.sumP += aggregate.sumP
                    total.accepted += aggregate.accepted
                    total.welfare += aggregate.welfare
                    total.minP = min(total.minP, aggregate.minP)
                }
                return value(total.count, total.sumP, total.accepted, total.welfare, total.minP)
            }
            estimate = try Self.estimate(players: agents.count, method: method,
                                         exact: { try ShapleyKernels.exact(game) },
                                         permutation: { try ShapleyKernels.permutation(game, parameters: $0) },
                                         regression: { try ShapleyKernels.regression(game, parameters: $0) })
        }
        var values: OrderedDictionary<String, Double> = [:]
        var errors: OrderedDictionary<String, Double> = [:]
        for (index, agent) in agents.enumerated() {
            values[agent] = estimate.values[index]
            if index < estimate.standardErrors.count { errors[agent] = estimate.standardErrors[index] }
        }
        return MissionShapleyValues(values: values, standardErrors: errors, grandValue: estimate.grandValue,
                                    estimate: estimate)
    }

    static func estimate(players: Int, method: ShapleyMethod,
                         exact: () throws -> ShapleyKernels.Estimate,
                         permutation: (ShapleyKernels.SamplingParameters) throws -> ShapleyKernels.Estimate,
                         regression: (ShapleyKernels.RegressionParameters) throws -> ShapleyKernels.Estimate)
        throws -> ShapleyKernels.Estimate {
        switch method {
        case .exact: return try exact()
        case let .permutation(parameters): return try permutation(parameters)
        case let .regression(parameters): return try regression(parameters)
        case .automatic:
            return players <= 16 ? try exact() : try permutation(ShapleyKernels.SamplingParameters(maxPermutations: 2_000))
        }
    }
}

/// Neumaier's compensated sum: the running total and the rounding error it has lost.
struct CompensatedSum {
    var value = 0.0
    var compensation = 0.0

    /// The total with its lost rounding added back.
    var sum: Double { value + compensation }

    mutating func add(_ term: Double) {
        let next = value + term
        if abs(value) >= abs(term) {
            compensation += (value - next) + term
        } else {
            compensation += (term - next) + value
        }
        value = next
    }
}
