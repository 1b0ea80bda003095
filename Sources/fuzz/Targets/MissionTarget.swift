import AgentEconomies
import AgentEconomiesKernels

/// Mission operation streams on `MissionEconomy`: proposals, joins, contributions,
/// evaluations, expiry, rewards and Shapley values in any order. Rewards of a succeeded
/// mission sum to its pool and are non-negative; Shapley values are efficient (they sum to
/// the grand coalition's value); the free-rider index lies in [0, 1].
enum MissionTarget {
    static let target = FuzzTarget(
        name: "missions",
        summary: "mission operation streams: reward sums, Shapley efficiency, statuses"
    ) { bytes in
        var input = FuzzInput(bytes)
        let distributions: [RewardDistribution] = [.equal, .proportional, .shapley, .shapleyValue(.exact)]
        guard
            let economy = try? MissionEconomy(
                config: MissionConfig(
                    minParticipants: input.int(1...3), maxActiveMissions: input.int(1...4),
                    rewardDistribution: distributions[input.int(0...3)]))
        else { return }
        var interactions: [SoftInteraction] = []
        var missionIDs: [String] = []
        var epoch = 0
        var operations = 0
        while !input.isExhausted && operations < 200 {
            operations += 1
            let agent = input.name("a", count: 6)
            switch input.int(0...7) {
            case 0:
                let objectives = (0..<input.int(0...2)).map { _ in
                    MissionObjective(
                        targetMetric: MissionMetric.allKnown[input.int(0...4)], targetValue: input.double(),
                        weight: input.double())
                }
                if let mission = economy.proposeMission(
                    coordinatorID: agent, name: "m", objectives: objectives, rewardPool: input.double(),
                    deadlineEpoch: input.int(0...6), currentEpoch: epoch)
                {
                    missionIDs.append(mission.id)
                }
            case 1:
                if let id = pick(&input, missionIDs) { economy.joinMission(agentID: agent, missionID: id) }
            case 2:
                let p = input.byte() < 10 ? input.double() : input.unit()
                if let interaction = try? SoftInteraction(
                    id: "i\(interactions.count)", initiator: agent, p: p, accepted: input.bool())
                {
                    interactions.append(interaction)
                    if let id = pick(&input, missionIDs) {
                        _ = economy.recordContribution(agentID: agent, missionID: id, interaction: interaction)
                    }
                }
            case 3:
                if let id = pick(&input, missionIDs) {
                    // Any status may move on re-evaluation, as in the reference; the score is the
                    // reference's formula, which extreme finite weights can overflow.
                    _ = economy.evaluateMission(missionID: id, interactions: interactions, currentEpoch: epoch)
                }
            case 4:
                epoch += input.int(0...3)
                _ = economy.expireMissions(currentEpoch: epoch)
            case 5:
                if let id = pick(&input, missionIDs), let mission = economy.mission(id: id) {
                    let rewards = economy.distributeRewards(missionID: id, interactions: interactions)
                    var total = CompensatedSum()
                    for (_, amount) in rewards {
                        require(amount.isFinite && amount >= -1e-9, "reward \(amount)")
                        total.add(amount)
                    }
                    if !rewards.isEmpty {
                        require(
                            close(total.sum, mission.rewardPool, relative: 1e-9), "rewards \(total.sum) != pool \(mission.rewardPool)")
                    }
                }
            case 6:
                if let id = pick(&input, missionIDs),
                    let values = try? economy.shapleyValues(missionID: id, interactions: interactions, method: .exact)
                {
                    var total = CompensatedSum()
                    for (_, value) in values.values { total.add(value) }
                    // Values of opposite signs can cancel (±2.4e9 summing to 0.06): the
                    // rounding scale is their magnitude, not the grand value's.
                    let magnitude = values.values.reduce(0.0) { $0 + abs($1.1) }
                    require(
                        !values.grandValue.isFinite
                            || abs(total.sum - values.grandValue) <= 1e-9 * max(1, abs(values.grandValue), magnitude),
                        "Shapley values sum \(total.sum) != grand value \(values.grandValue)")
                }
            default:
                if let id = pick(&input, missionIDs) {
                    let index = economy.freeRiderIndex(missionID: id)
                    require(index.isFinite && index >= -1e-12 && index <= 1, "free-rider index \(index)")
                }
            }
        }
    }

    private static func pick(_ input: inout FuzzInput, _ ids: [String]) -> String? {
        ids.isEmpty ? nil : ids[input.int(0...(ids.count - 1))]
    }
}
