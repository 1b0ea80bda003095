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
    /// The lifecycle, on integer handles (the kernels' one set of rules, shared with the C
    /// ABI and the population simulation).
    private var book: MissionBook
    /// Mission IDs, names and objectives by handle, and the handle of each ID.
    private var missionIDs: [String] = [], names: [String] = [], objectives: [[MissionObjective]] = []
    private var handleOfMission: [String: Int] = [:]
    /// Agent and interaction IDs by handle, and the handle of each ID.
    private var agentIDs: [String] = [], interactionIDs: [String] = []
    private var agentHandle: [String: Int32] = [:], interactionHandle: [String: Int64] = [:]

    /// Every mission, in order of proposal (snapshots).
    ///
    /// - Complexity: O(missions and their participants and recorded contributions): every mission,
    ///   closed ones included, is snapshotted on every read.
    public var missions: OrderedDictionary<String, Mission> {
        OrderedDictionary(uniqueKeysWithValues: missionIDs.indices.map { (missionIDs[$0], snapshot($0)) })
    }

    /// An economy.
    ///
    /// - Throws: `AgentEconomiesError` when the configuration is invalid.
    public init(config: MissionConfig = MissionConfig()) throws {
        try config.validate()
        self.config = config
        book = try MissionBook(minParticipants: config.minParticipants, maxActiveMissions: config.maxActiveMissions)
    }

    /// The mission with this ID.
    ///
    /// - Complexity: O(participants + recorded contributions) of the mission: a snapshot is built
    ///   on every call.
    public func mission(id: String) -> Mission? { handleOfMission[id].map(snapshot) }

    /// Missions proposed or active, in order of proposal.
    ///
    /// - Complexity: O(missions), plus a snapshot of each open mission (O(its participants +
    ///   recorded contributions)).
    public var activeMissions: [Mission] {
        book.missions.indices.filter { book.missions[$0].isOpen }.map(snapshot)
    }

    /// Proposes a mission; nil when `maxActiveMissions` missions are proposed or active,
    /// `rewardPool` is not a positive finite number, or an objective's target or weight is NaN
    /// or infinite (the reference accepts those and scores NaN). The coordinator is the first participant;
    /// the mission starts active when one participant is enough.
    ///
    /// - Complexity: O(objectives).
    public func proposeMission(
        coordinatorID: String, name: String, objectives: [MissionObjective], rewardPool: Double,
        deadlineEpoch: Int, currentEpoch: Int = 0
    ) -> Mission? {
        // A NaN or infinite target or weight would make every score NaN or infinite.
        if objectives.contains(where: { !$0.targetValue.isFinite || !$0.weight.isFinite }) { return nil }
        guard
            let columns = try? MissionObjectiveColumns(
                metrics: objectives.map(\.targetMetric), targets: objectives.map(\.targetValue),
                weights: objectives.map(\.weight)),
            let handle = book.propose(
                coordinator: agent(coordinatorID), objectives: columns, pool: rewardPool, deadline: deadlineEpoch,
                epoch: currentEpoch)
        else { return nil }
        let id = RandomUUID.string()
        missionIDs.append(id)
        names.append(name)
        self.objectives.append(objectives)
        handleOfMission[id] = handle
        return snapshot(handle)
    }

    /// Adds a participant; false for an unknown mission or one not proposed or active. A
    /// proposed mission turns active once it has `minParticipants`.
    @discardableResult
    public func joinMission(agentID: String, missionID: String) -> Bool {
        guard let handle = handleOfMission[missionID] else { return false }
        return (try? book.join(agent: agent(agentID), mission: handle)) ?? false
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
        guard let handle = handleOfMission[missionID], let member = agentHandle[agentID],
            book.missions[handle].status == .active, book.missions[handle].isParticipant(member)
        else { return false }
        let item: Int64
        if let known = interactionHandle[interactionID] {
            item = known
        } else {
            item = Int64(interactionIDs.count)
            interactionIDs.append(interactionID)
            interactionHandle[interactionID] = item
        }
        return (try? book.record(agent: member, mission: handle, interaction: item)) ?? false
    }

    /// Evaluates a mission over the interactions among `interactions` whose ID a participant
    /// recorded (in the given order; a repeated interaction counts each time). Updates the
    /// status: succeeded when every objective is met, else failed once `currentEpoch >=
    /// deadlineEpoch`, else unchanged. Nil for an unknown mission.
    ///
    /// - Complexity: O(participants + recorded contributions + interactions + objectives).
    public func evaluateMission(
        missionID: String, interactions: [SoftInteraction],
        currentEpoch: Int = 0
    ) -> MissionEvaluation? {
        guard let handle = handleOfMission[missionID] else { return nil }
        let mission = snapshot(handle)
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
        let status = (try? book.settle(mission: handle, met: met, epoch: currentEpoch)) ?? .failed
        return MissionEvaluation(
            missionID: missionID, missionScore: score, objectives: rows, allObjectivesMet: rows.allSatisfy(\.met),
            totalContributions: ledger.recordedInteractionCount, participants: mission.participants.count,
            status: Self.status(status))
    }

    /// Marks proposed and active missions whose deadline has come as expired; returns their IDs.
    ///
    /// - Complexity: O(missions): every mission ever proposed is visited, closed ones included.
    @discardableResult
    public func expireMissions(currentEpoch: Int) -> [String] {
        book.expire(epoch: currentEpoch).map { missionIDs[$0] }
    }

    /// Gini coefficient of recorded contribution counts, with a 0 for every participant that
    /// recorded nothing; 0 for an unknown mission or one without contributions.
    ///
    /// - Complexity: O(participants log participants).
    public func freeRiderIndex(missionID: String) -> Double {
        guard let handle = handleOfMission[missionID] else { return 0 }
        return book.missions[handle].freeRiderIndex
    }

    /// The handle of an agent ID (a new one for an ID not seen before).
    private func agent(_ id: String) -> Int32 {
        if let handle = agentHandle[id] { return handle }
        let handle = Int32(agentIDs.count)
        agentIDs.append(id)
        agentHandle[id] = handle
        return handle
    }

    /// The mission behind `handle` as the component's value.
    private func snapshot(_ handle: Int) -> Mission {
        let record = book.missions[handle]
        var contributions = OrderedDictionary<String, [String]>()
        for (row, contributor) in record.contributors.enumerated() {
            contributions[agentIDs[Int(contributor)]] = record.recorded[row].map { interactionIDs[Int($0)] }
        }
        return Mission(
            id: missionIDs[handle], name: names[handle], objectives: objectives[handle],
            coordinatorID: agentIDs[Int(record.coordinator)],
            participants: OrderedSet(record.participants.map { agentIDs[Int($0)] }), rewardPool: record.pool,
            deadlineEpoch: record.deadline, status: Self.status(record.status), createdEpoch: record.createdEpoch,
            contributions: contributions)
    }

    /// The component's status of a lifecycle status.
    private static func status(_ status: MissionBook.Status) -> MissionStatus {
        switch status {
        case .proposed: return .proposed
        case .active: return .active
        case .succeeded: return .succeeded
        case .failed: return .failed
        case .expired: return .expired
        }
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
    ///
    /// - Complexity: as ``distributeRewards(missionID:interactions:)``: linear in the mission's
    ///   participants, recorded contributions and `interactions` for the reference strategies; the
    ///   Shapley strategy adds its estimator's cost.
    public func distributeRewardsInOrder(
        missionID: String,
        interactions: [SoftInteraction]
    ) -> OrderedDictionary<String, Double> {
        guard let mission = mission(id: missionID), mission.status == .succeeded, !mission.contributions.isEmpty else {
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
    /// - Complexity: linear in the mission's participants, recorded contributions and
    ///   `interactions` to build the ledger, then the estimate by `method` over the contributors
    ///   (exponential in them for exact values).
    public func shapleyValues(
        missionID: String, interactions: [SoftInteraction],
        method: ShapleyMethod = .automatic
    ) throws -> MissionShapleyValues? {
        guard let mission = mission(id: missionID) else { return nil }
        return try MissionRewards(mission: mission, interactions: interactions).shapleyValues(method: method)
    }
}
