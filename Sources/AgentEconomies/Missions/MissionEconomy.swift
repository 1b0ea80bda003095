import Foundation
import OrderedCollections

/// Agents coordinating on shared goals (see <doc:Missions>): propose, join, contribute,
/// evaluate, reward, expire; with the reference's three reward strategies and reward by true
/// Shapley values.
///
/// Reward distribution computes per-agent aggregates once, so it is linear in the number of
/// recorded contributions and given interactions (the reference's "shapley" strategy is
/// quadratic there).
public final class MissionEconomy {
    /// The configuration.
    public let config: MissionConfig
    /// Every mission, in order of proposal.
    public private(set) var missions: OrderedDictionary<String, Mission> = [:]

    /// An economy.
    ///
    /// - Throws: `AgentEconomiesError` when the configuration is invalid.
    public init(config: MissionConfig = MissionConfig()) throws {
        try config.validate()
        self.config = config
    }

    /// The mission with this ID.
    public func mission(id: String) -> Mission? { missions[id] }

    /// Missions proposed or active, in order of proposal.
    public var activeMissions: [Mission] {
        missions.values.filter { $0.status == .proposed || $0.status == .active }
    }

    /// Proposes a mission; nil when `maxActiveMissions` missions are proposed or active,
    /// `rewardPool` is not a positive finite number, or an objective's target or weight is NaN
    /// or infinite (the reference accepts those and scores NaN). The coordinator is the first participant;
    /// the mission starts active when one participant is enough.
    public func proposeMission(
        coordinatorID: String, name: String, objectives: [MissionObjective], rewardPool: Double,
        deadlineEpoch: Int, currentEpoch: Int = 0
    ) -> Mission? {
        if activeMissions.count >= config.maxActiveMissions { return nil }
        if !(rewardPool > 0) || !rewardPool.isFinite { return nil }
        // A NaN or infinite target or weight would make every score NaN or infinite.
        if objectives.contains(where: { !$0.targetValue.isFinite || !$0.weight.isFinite }) { return nil }
        let mission = Mission(
            id: RandomUUID.string(), name: name, objectives: objectives, coordinatorID: coordinatorID,
            participants: [coordinatorID], rewardPool: rewardPool, deadlineEpoch: deadlineEpoch,
            status: 1 >= config.minParticipants ? .active : .proposed, createdEpoch: currentEpoch,
            contributions: [:])
        missions[mission.id] = mission
        return mission
    }

    /// Adds a participant; false for an unknown mission or one not proposed or active. A
    /// proposed mission turns active once it has `minParticipants`.
    @discardableResult
    public func joinMission(agentID: String, missionID: String) -> Bool {
        guard let index = missions.index(forKey: missionID),
            missions.values[index].status == .proposed || missions.values[index].status == .active
        else {
            return false
        }
        // In place: no copy of the mission's participants or contributions.
        missions.values[index].participants.append(agentID)
        if missions.values[index].status == .proposed
            && missions.values[index].participants.count >= config.minParticipants
        {
            missions.values[index].status = .active
        }
        return true
    }

    /// Records that a participant contributed an interaction to an active mission (the ID is
    /// appended; duplicates kept). False otherwise.
    @discardableResult
    public func recordContribution(agentID: String, missionID: String, interaction: SoftInteraction) -> Bool {
        recordContribution(agentID: agentID, missionID: missionID, interactionID: interaction.id)
    }

    /// ``recordContribution(agentID:missionID:interaction:)`` by interaction ID.
    @discardableResult
    public func recordContribution(agentID: String, missionID: String, interactionID: String) -> Bool {
        guard let index = missions.index(forKey: missionID), missions.values[index].status == .active,
            missions.values[index].participants.contains(agentID)
        else { return false }
        // In place: no copy of the mission's participants or contributions.
        missions.values[index].contributions[agentID, default: []].append(interactionID)
        return true
    }

    /// Evaluates a mission over the interactions among `interactions` whose ID a participant
    /// recorded (in the given order; a repeated interaction counts each time). Updates the
    /// status: succeeded when every objective is met, else failed once `currentEpoch >=
    /// deadlineEpoch`, else unchanged. Nil for an unknown mission.
    public func evaluateMission(
        missionID: String, interactions: [SoftInteraction],
        currentEpoch: Int = 0
    ) -> MissionEvaluation? {
        guard var mission = missions[missionID] else { return nil }
        // The interactions some participant recorded, in order, each occurrence counted.
        guard let rewards = try? MissionRewards(mission: mission, interactions: interactions) else { return nil }
        let ledger = rewards.ledger
        let (actuals, met, score) = rewards.objectives.evaluate(ledger.recordedAggregate)
        let rows = mission.objectives.indices.map { index in
            let objective = mission.objectives[index]
            return ObjectiveEvaluation(
                objectiveID: objective.objectiveID, targetMetric: objective.targetMetric,
                targetValue: objective.targetValue, actualValue: actuals[index],
                met: met[index], weight: objective.weight)
        }
        let allMet = rows.allSatisfy(\.met)
        if allMet {
            mission.status = .succeeded
        } else if currentEpoch >= mission.deadlineEpoch {
            mission.status = .failed
        }
        missions[missionID] = mission
        return MissionEvaluation(
            missionID: missionID, missionScore: score, objectives: rows, allObjectivesMet: allMet,
            totalContributions: ledger.recordedInteractionCount, participants: mission.participants.count,
            status: mission.status)
    }

    /// Marks proposed and active missions whose deadline has come as expired; returns their IDs.
    @discardableResult
    public func expireMissions(currentEpoch: Int) -> [String] {
        var expired: [String] = []
        for (id, mission) in missions
        where (mission.status == .proposed || mission.status == .active)
            && currentEpoch >= mission.deadlineEpoch
        {
            missions[id]?.status = .expired
            expired.append(id)
        }
        return expired
    }

    /// Gini coefficient of recorded contribution counts, with a 0 for every participant that
    /// recorded nothing; 0 for an unknown mission or one without contributions.
    public func freeRiderIndex(missionID: String) -> Double {
        guard let mission = missions[missionID], !mission.contributions.isEmpty else { return 0 }
        var counts = mission.contributions.values.map { Double($0.count) }
        let silent = mission.participants.count - mission.contributions.count
        if silent > 0 { counts.append(contentsOf: repeatElement(0, count: silent)) }
        return giniCoefficient(counts)
    }

    /// Splits the reward pool of a succeeded mission with contributions by the configured
    /// strategy; empty otherwise.
    ///
    /// - Complexity: linear in recorded contributions plus `interactions` for the reference
    ///   strategies; the Shapley strategies add their estimator's cost.
    public func distributeRewards(missionID: String, interactions: [SoftInteraction]) -> [String: Double] {
        Dictionary(
            uniqueKeysWithValues: distributeRewardsInOrder(missionID: missionID, interactions: interactions)
                .map { ($0.key, $0.value) })
    }

    /// ``distributeRewards(missionID:interactions:)`` in the reference's order (agents by
    /// first contribution).
    public func distributeRewardsInOrder(
        missionID: String,
        interactions: [SoftInteraction]
    ) -> OrderedDictionary<String, Double> {
        guard let mission = missions[missionID], mission.status == .succeeded, !mission.contributions.isEmpty else {
            return [:]
        }
        if config.rewardDistribution == .equal { return MissionRewards.equal(mission) }
        // p is validated by SoftInteraction, so the ledger always builds.
        guard let rewards = try? MissionRewards(mission: mission, interactions: interactions) else { return [:] }
        switch config.rewardDistribution {
        case .equal: return MissionRewards.equal(mission)
        case .proportional: return rewards.proportional()
        case .shapley: return rewards.leaveOneOut()
        case let .shapleyValue(method):
            return (try? rewards.payByShapleyValues(method: method)) ?? MissionRewards.equal(mission)
        }
    }

    /// True Shapley values of the contributors of a mission, for the coalition game whose
    /// value is the mission score over the interactions (among `interactions`) recorded by
    /// the coalition. Nil for an unknown mission.
    ///
    /// - Throws: `AgentEconomiesError` when the method's limits are exceeded (exact values
    ///   for too many contributors, a singular regression).
    public func shapleyValues(
        missionID: String, interactions: [SoftInteraction],
        method: ShapleyMethod = .automatic
    ) throws -> MissionShapleyValues? {
        guard let mission = missions[missionID] else { return nil }
        return try MissionRewards(mission: mission, interactions: interactions).shapleyValues(method: method)
    }
}
