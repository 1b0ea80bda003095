import AgentEconomies
import OrderedCollections
import Testing

@Suite struct MissionEconomyTests {
    // Not formatted: the code between the markers is shown verbatim in the docs.
    // swift-format-ignore
    @Test func quickStartRuns() throws {
        // BEGIN MISSION QUICK START
        let economy = try MissionEconomy(config: MissionConfig(minParticipants: 2, maxActiveMissions: 5,
                                                               rewardDistribution: .proportional))
        let objectives = [
            MissionObjective(description: "quality", targetMetric: .avgP, targetValue: 0.7, weight: 1.0),
            MissionObjective(description: "volume", targetMetric: .totalCount, targetValue: 50, weight: 0.5),
        ]
        if let mission = economy.proposeMission(coordinatorID: "agent_1", name: "Quality", objectives: objectives,
                                                rewardPool: 100, deadlineEpoch: 20, currentEpoch: 0) {
            _ = economy.joinMission(agentID: "agent_2", missionID: mission.id)
            let interaction = try SoftInteraction(p: 0.8, accepted: true)
            _ = economy.recordContribution(agentID: "agent_1", missionID: mission.id, interaction: interaction)
            let evaluation = economy.evaluateMission(missionID: mission.id, interactions: [interaction], currentEpoch: 20)
            evaluation?.missionScore; evaluation?.status          // MissionStatus: .proposed .active .succeeded .failed .expired
            let rewards = economy.distributeRewards(missionID: mission.id, interactions: [interaction])  // [String: Double]
            let freeRider = economy.freeRiderIndex(missionID: mission.id)
        // END MISSION QUICK START
            #expect(evaluation?.status == .failed)
            #expect(close(evaluation!.missionScore, (1.0 + 0.5 * (1.0 / 50)) / 1.5))
            #expect(rewards.isEmpty)
            #expect(freeRider == 0.5)
        } else {
            Issue.record("proposal refused")
        }
        #expect(try documentShowsBlock("MISSION QUICK START", document: .article("Missions"), testFile: #filePath))
    }

    /// A mission with `agents` contributors whose interactions have the given p values.
    private func succeeded(
        _ strategy: RewardDistribution, _ ps: [[Double]],
        objectives: [MissionObjective] = [MissionObjective(targetMetric: .totalCount, targetValue: 1)]
    )
        throws -> (MissionEconomy, String, [SoftInteraction])
    {
        let economy = try MissionEconomy(config: MissionConfig(minParticipants: 1, rewardDistribution: strategy))
        let mission = try #require(
            economy.proposeMission(
                coordinatorID: "a0", name: "m", objectives: objectives,
                rewardPool: 90, deadlineEpoch: 5))
        var interactions: [SoftInteraction] = []
        for (agent, values) in ps.enumerated() {
            economy.joinMission(agentID: "a\(agent)", missionID: mission.id)
            for p in values {
                let interaction = try SoftInteraction(p: p, accepted: true)
                interactions.append(interaction)
                economy.recordContribution(agentID: "a\(agent)", missionID: mission.id, interaction: interaction)
            }
        }
        _ = economy.evaluateMission(missionID: mission.id, interactions: interactions, currentEpoch: 0)
        return (economy, mission.id, interactions)
    }

    /// Rewards by true Shapley values: proportional to the positive values, efficient, and
    /// the same from exact, sampled and regression estimates (up to their error).
    @Test func shapleyValueRewards() throws {
        let objectives = [
            MissionObjective(targetMetric: .avgP, targetValue: 0.9),
            MissionObjective(targetMetric: .totalCount, targetValue: 20, weight: 0.5),
        ]
        let ps: [[Double]] = [[0.9, 0.95], [0.2], [0.7, 0.6, 0.8], [0.99], []]
        let (economy, id, interactions) = try succeeded(
            .shapleyValue(.exact), ps,
            objectives: [
                MissionObjective(
                    targetMetric: .totalCount,
                    targetValue: 1)
            ])
        // Re-evaluate the value game with richer objectives through a second mission setup.
        let values = try #require(try economy.shapleyValues(missionID: id, interactions: interactions, method: .exact))
        #expect(Array(values.values.keys) == ["a0", "a1", "a2", "a3"])  // a4 recorded nothing
        #expect(abs(values.values.values.reduce(0, +) - values.grandValue) < 1e-12)
        let rewards = economy.distributeRewardsInOrder(missionID: id, interactions: interactions)
        #expect(abs(rewards.values.reduce(0, +) - 90) < 1e-9)

        let (rich, richID, richInteractions) = try succeeded(.shapleyValue(.exact), ps, objectives: objectives)
        _ = rich
        let exact = try #require(try rich.shapleyValues(missionID: richID, interactions: richInteractions, method: .exact))
        let sampled = try #require(
            try rich.shapleyValues(
                missionID: richID, interactions: richInteractions,
                method: .permutation(.init(maxPermutations: 20_000, seed: 1))))
        let regression = try #require(
            try rich.shapleyValues(
                missionID: richID, interactions: richInteractions,
                method: .regression(.init(coalitions: 4_000, seed: 1))))
        for agent in exact.values.keys {
            #expect(abs(sampled.values[agent]! - exact.values[agent]!) <= 4 * sampled.standardErrors[agent]! + 1e-12)
            #expect(abs(regression.values[agent]! - exact.values[agent]!) <= 0.02)
        }
        // The low-quality contributor drags the average down: a negative value, paid as zero.
        #expect(exact.values["a1"]! < 0)
    }

    @Test func payByValuesRule() throws {
        // Everything met by anyone: the values are equal shares of the score.
        let (economy, id, interactions) = try succeeded(.shapleyValue(.automatic), [[0.5], [0.5], [0.5]])
        let rewards = economy.distributeRewardsInOrder(missionID: id, interactions: interactions)
        #expect(rewards.values.allSatisfy { abs($0 - 30) < 1e-9 })
        // A mission whose score cannot go up: all values 0, equal split.
        let (flat, flatID, flatInteractions) = try succeeded(.shapleyValue(.exact), [[0.5], [0.5]], objectives: [])
        let flatRewards = flat.distributeRewardsInOrder(missionID: flatID, interactions: flatInteractions)
        #expect(flatRewards == ["a0": 45, "a1": 45])
    }

    /// An interaction recorded by two contributors counts once for any coalition holding
    /// either of them: the game is no longer additive, and the values still add up.
    @Test func sharedRecordingsUseTheUnion() throws {
        let economy = try MissionEconomy(config: MissionConfig(minParticipants: 1, rewardDistribution: .shapleyValue(.exact)))
        let mission = try #require(
            economy.proposeMission(
                coordinatorID: "a", name: "shared", objectives: [MissionObjective(targetMetric: .totalCount, targetValue: 3)],
                rewardPool: 10, deadlineEpoch: 9))
        economy.joinMission(agentID: "b", missionID: mission.id)
        let shared = try SoftInteraction(p: 0.5, accepted: true)
        let own = try SoftInteraction(p: 0.5, accepted: true)
        economy.recordContribution(agentID: "a", missionID: mission.id, interaction: shared)
        economy.recordContribution(agentID: "b", missionID: mission.id, interaction: shared)
        economy.recordContribution(agentID: "b", missionID: mission.id, interaction: own)
        let values = try #require(try economy.shapleyValues(missionID: mission.id, interactions: [shared, own]))
        // v({a}) = 1/3, v({b}) = v({a, b}) = 2/3: phi_a = 1/6, phi_b = 1/2.
        #expect(abs(values.values["a"]! - 1.0 / 6) < 1e-12)
        #expect(abs(values.values["b"]! - 0.5) < 1e-12)
    }

    @Test func validationAndUnknownIDs() throws {
        #expect(throws: AgentEconomiesError.self) { try MissionEconomy(config: MissionConfig(minParticipants: 0)) }
        #expect(throws: AgentEconomiesError.self) { try MissionEconomy(config: MissionConfig(maxActiveMissions: 0)) }
        #expect(throws: AgentEconomiesError.self) {
            try MissionEconomy(config: MissionConfig(rewardDistribution: .shapleyValue(.permutation(.init(maxPermutations: 0)))))
        }
        let economy = try MissionEconomy()
        #expect(
            economy.proposeMission(
                coordinatorID: "a", name: "x", objectives: [], rewardPool: .nan,
                deadlineEpoch: 1) == nil)
        #expect(
            economy.proposeMission(
                coordinatorID: "a", name: "x", objectives: [], rewardPool: .infinity,
                deadlineEpoch: 1) == nil)
        #expect(economy.evaluateMission(missionID: "nope", interactions: []) == nil)
        #expect(economy.distributeRewards(missionID: "nope", interactions: []).isEmpty)
        #expect(economy.freeRiderIndex(missionID: "nope") == 0)
        #expect(try economy.shapleyValues(missionID: "nope", interactions: []) == nil)
        #expect(MissionMetric(rawValue: "bogus").isKnown == false && MissionMetric.avgP.rawValue == "avg_p")
    }
}
