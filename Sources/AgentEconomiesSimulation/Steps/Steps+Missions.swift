import AgentEconomiesKernels

extension Steps {
    /// Missions, on the state's `MissionBook` (the lifecycle the component and the C ABI use):
    /// `per_epoch` proposals, each joined by participants sampled among the active agents (the
    /// first sampled is the coordinator), each choosing an effort (its learner's draw when adaptive, `missions.effort`
    /// otherwise); every open mission's active participants contribute that share of their
    /// epoch's interactions and pay `effort_cost` per contribution. A mission whose deadline is
    /// this epoch is evaluated (mean p of its contributions at least `target_avg_p`, and, when
    /// set, at least `target_contributions` contributions); when met its pool is minted and
    /// paid by the scenario's rule, else it expires. Each participant's effort learner is
    /// updated with what the mission paid it less what it paid, over `pool / participants`.
    /// The free-rider index is the mean Gini of contribution counts of the missions evaluated.
    @Sendable static func missions(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let spec = state.scenario.missions, economy = state.scenario.economy, n = state.population.count
        let epoch = context.epoch
        let activeAgents = (0..<n).filter { state.active[$0] }
        var metrics: [MissionMetric] = [.avgP], targets = [spec.targetAvgP]
        if spec.targetContributions > 0 {
            metrics.append(.totalCount)
            targets.append(Double(spec.targetContributions))
        }
        let objectives = try MissionObjectiveColumns(
            metrics: metrics, targets: targets, weights: [Double](repeating: 1, count: metrics.count))
        var random = FastRandom(seed: state.scenario.seed &+ 0x51ED, stream: UInt64(epoch))
        var efforts = FastRandom(seed: state.scenario.seed &+ 0xEFF0, stream: UInt64(epoch))
        var effortSum = 0.0, effortCount = 0
        if !activeAgents.isEmpty {
            for number in 0..<spec.perEpoch {
                var participants = Set<Int>()
                let size = min(spec.participants, activeAgents.count)
                while participants.count < size {
                    participants.insert(activeAgents[Int(random.next() % UInt64(activeAgents.count))])
                }
                let sorted = participants.sorted()
                let actions = sorted.map { agent in
                    economy.adaptive
                        ? Int8(
                            state.effort.draw(
                                agent, temperature: economy.temperature, exploration: economy.exploration,
                                random: &efforts))
                        : state.effort.chosen[agent]
                }
                for action in actions { effortSum += Economy.efforts[Int(action)] }
                effortCount += actions.count
                let deadline = epoch + spec.durationEpochs - 1
                guard
                    let handle = state.missionBook.propose(
                        coordinator: Int32(sorted[0]), objectives: objectives, pool: spec.rewardPool, deadline: deadline,
                        epoch: epoch)
                else { continue }
                for agent in sorted.dropFirst() { _ = try state.missionBook.join(agent: Int32(agent), mission: handle) }
                state.openMissions.append(
                    OpenMission(
                        handle: handle, proposedEpoch: epoch, number: number, deadlineEpoch: deadline, efforts: actions))
                context.emit(
                    "MISSION_PROPOSED",
                    [
                        ("mission", .string(state.openMissions.last!.name)), ("participants", .agents(sorted)),
                        ("deadline_epoch", .integer(epoch + spec.durationEpochs - 1)),
                    ])
                context.record.missionsProposed += 1
            }
        }
        context.record.meanEffort = effortCount > 0 ? effortSum / Double(effortCount) : 0
        for index in state.openMissions.indices {
            let counts = try state.openMissions[index].contribute(
                context.interactions, epoch: epoch, active: state.active, book: &state.missionBook)
            if spec.effortCost > 0 {
                let participants = state.missionBook.missions[state.openMissions[index].handle].participants
                for (position, count) in counts.enumerated() where count > 0 {
                    let cost = spec.effortCost * Double(count)
                    state.ledger.charge(Int(participants[position]), cost)
                    state.openMissions[index].effortCostPaid[position] += cost
                }
            }
        }
        var succeeded = 0, expired = 0, paid = CompensatedSum(), freeRider = 0.0
        let due = state.openMissions.filter { $0.deadlineEpoch <= epoch }
        state.openMissions.removeAll { $0.deadlineEpoch <= epoch }
        for (number, mission) in due.enumerated() {
            let record = state.missionBook.missions[mission.handle]
            let participants = record.participants
            let position = Dictionary(uniqueKeysWithValues: participants.enumerated().map { ($1, $0) })
            let ledger = try record.ledger(ids: mission.handles, p: mission.p, accepted: mission.accepted)
            freeRider += record.freeRiderIndex
            var rewards = [Double](repeating: 0, count: participants.count)
            let met = objectives.evaluate(ledger.recordedAggregate).met.map { $0 && !mission.p.isEmpty }
            let status = try state.missionBook.settle(mission: mission.handle, met: met, epoch: epoch)
            try state.missionBook.archive(mission: mission.handle)
            if status == .succeeded {
                succeeded += 1
                let payout = try reward(
                    ledger, objectives: objectives, spec: spec, seed: state.scenario.seed, epoch: epoch, mission: number)
                for (row, amount) in zip(payout.rows, payout.amounts) {
                    let agent = record.contributors[row]
                    rewards[position[agent]!] += amount
                    state.ledger.pay(Int(agent), amount)
                    paid.add(amount)
                }
                context.emit(
                    "MISSION_SUCCEEDED",
                    [
                        ("mission", .string(mission.name)), ("contributions", .integer(mission.p.count)),
                        ("paid", .number(rewards.reduce(0, +))),
                        ("rule", .string(spec.rewardDistribution)),
                    ])
            } else {
                expired += 1
                context.emit("MISSION_EXPIRED", [("mission", .string(mission.name)), ("contributions", .integer(mission.p.count))])
            }
            if economy.adaptive {
                let scale = spec.rewardPool / Double(max(1, participants.count))
                for (position, agent) in participants.enumerated() {
                    state.effort.update(
                        Int(agent), action: Int(mission.effortAction[position]),
                        reward: (rewards[position] - mission.effortCostPaid[position]) / scale,
                        rate: economy.learningRate)
                }
            }
        }
        context.record.missionsSucceeded = succeeded
        context.record.missionsExpired = expired
        context.record.missionsOpen = state.openMissions.count
        context.record.rewardsPaid = paid.sum
        context.record.freeRiderIndex = due.isEmpty ? 0 : freeRider / Double(due.count)
    }

    /// A succeeded mission's payout by the scenario's rule.
    static func reward(
        _ ledger: MissionLedger, objectives: MissionObjectiveColumns, spec: MissionSpec, seed: UInt64, epoch: Int,
        mission: Int
    ) throws -> MissionPayout {
        switch spec.rewardDistribution {
        case "equal": return MissionKernels.equal(ledger, pool: spec.rewardPool)
        case "shapley": return MissionKernels.leaveOneOut(ledger, pool: spec.rewardPool)
        case "shapley_exact", "shapley_permutation":
            let method: ShapleyMethod =
                spec.rewardDistribution == "shapley_exact"
                ? .exact
                : .permutation(
                    ShapleyKernels.SamplingParameters(
                        maxPermutations: spec.shapleySamples,
                        seed: seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(mission)))
            let (rows, estimate) = try MissionKernels.shapleyValues(ledger, objectives: objectives, method: method)
            return MissionKernels.payByValues(ledger, rows: rows, values: estimate.values, pool: spec.rewardPool)
        default: return MissionKernels.proportional(ledger, pool: spec.rewardPool)
        }
    }
}
