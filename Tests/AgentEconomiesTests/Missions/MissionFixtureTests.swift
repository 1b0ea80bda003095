import AgentEconomies
import Testing

/// The layout of `Tests/Fixtures/mission.json` (generate_mission_fixtures.py).
struct MissionFixtureFile: Decodable {
    /// A mission reference: a creation index, or an unknown ID.
    enum MissionRef: Decodable, Sendable {
        case index(Int)
        case unknown(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let index = try? container.decode(Int.self) {
                self = .index(index)
            } else {
                self = .unknown(try container.decode(String.self))
            }
        }
    }
    struct Interaction: Decodable, Sendable {
        let interaction_id: String
        let p: Double
        let accepted: Bool
    }
    struct Objective: Decodable, Sendable {
        let description: String
        let target_metric: String
        let target_value: Double
        let weight: Double
    }
    struct ObjectiveResult: Decodable, Sendable {
        let target_metric: String
        let target_value: Double
        let actual_value: Double
        let met: Bool
        let weight: Double
    }
    struct Evaluation: Decodable, Sendable {
        let mission_score: Double
        let objectives: [ObjectiveResult]
        let all_objectives_met: Bool
        let total_contributions: Int
        let participants: Int
        let status: String
    }
    struct Step: Decodable, Sendable {
        let op: String
        let coordinator_id: String?
        let agent_id: String?
        let name: String?
        let objectives: [Objective]?
        let reward_pool: Double?
        let deadline_epoch: Int?
        let current_epoch: Int?
        let mission: MissionRef?
        let interaction_index: Int?
        let interaction_indices: [Int]?
        let participants: [String]?
        let contribution_counts: [NamedValue]?
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let config: Config
        let interactions: [Interaction]
        let steps: [Step]
        let results: [StepResult]
        var testDescription: String { name }

        enum CodingKeys: String, CodingKey { case name, config, interactions, steps }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            config = try container.decode(Config.self, forKey: .config)
            interactions = try container.decode([Interaction].self, forKey: .interactions)
            steps = try container.decode([Step].self, forKey: .steps)
            // The "result" field changes type with the op; decode it per op.
            var raw = try container.nestedUnkeyedContainer(forKey: .steps)
            var results: [StepResult] = []
            for step in steps {
                let holder = try raw.decode(ResultHolder.self)
                results.append(try holder.result(for: step.op))
            }
            self.results = results
        }
    }
    struct Config: Decodable, Sendable {
        let enabled: Bool
        let min_participants: Int
        let max_active_missions: Int
        let reward_distribution: String
    }
    enum StepResult: Sendable {
        case index(Int?)
        case flag(Bool)
        case evaluation(Evaluation?)
        case rewards([NamedValue])
        case indices([Int])
        case number(Double)
        case
            status(String)
    }
    struct ResultHolder: Decodable {
        let container: KeyedDecodingContainer<Key>
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        init(from decoder: any Decoder) throws { container = try decoder.container(keyedBy: Key.self) }

        func result(for op: String) throws -> StepResult {
            let key = Key(stringValue: "result")!
            switch op {
            case "propose": return .index(try container.decodeIfPresent(Int.self, forKey: key))
            case "join", "contribute": return .flag(try container.decode(Bool.self, forKey: key))
            case "evaluate": return .evaluation(try container.decodeIfPresent(Evaluation.self, forKey: key))
            case "distribute": return .rewards(try container.decode([NamedValue].self, forKey: key))
            case "expire": return .indices(try container.decode([Int].self, forKey: key))
            case "free_rider": return .number(try container.decode(Double.self, forKey: key))
            case "status": return .status(try container.decode(String.self, forKey: key))
            default: throw AgentEconomiesError.unknownID(field: "op", id: op)
            }
        }
    }
    let cases: [Case]

    static let shared: MissionFixtureFile = try! Fixtures.load("mission.json")
}

@Suite struct MissionFixtureTests {
    @Test(arguments: MissionFixtureFile.shared.cases)
    func economyMatchesReference(_ fixture: MissionFixtureFile.Case) throws {
        let strategy: RewardDistribution =
            switch fixture.config.reward_distribution {
            case "equal": .equal
            case "proportional": .proportional
            default: .shapley
            }
        let economy = try MissionEconomy(
            config: MissionConfig(
                enabled: fixture.config.enabled,
                minParticipants: fixture.config.min_participants,
                maxActiveMissions: fixture.config.max_active_missions,
                rewardDistribution: strategy))
        let pool = try fixture.interactions.map {
            try SoftInteraction(id: $0.interaction_id, p: $0.p, accepted: $0.accepted)
        }
        var created: [String] = []
        func missionID(_ reference: MissionFixtureFile.MissionRef?) -> String {
            switch reference {
            case let .index(index): return created[index]
            case let .unknown(id): return id
            case nil: return ""
            }
        }
        // The reference's "shapley" sums in Python set order; allow for that reordering.
        let rewardTolerance = strategy == .shapley ? 1e-12 : 1e-9
        for (number, (step, result)) in zip(fixture.steps, fixture.results).enumerated() {
            let label = "step \(number) (\(step.op))"
            switch (step.op, result) {
            case let ("propose", .index(expected)):
                let objectives = step.objectives!.map {
                    MissionObjective(
                        description: $0.description, targetMetric: MissionMetric(rawValue: $0.target_metric),
                        targetValue: $0.target_value, weight: $0.weight)
                }
                let mission = economy.proposeMission(
                    coordinatorID: step.coordinator_id!, name: step.name!,
                    objectives: objectives, rewardPool: step.reward_pool!,
                    deadlineEpoch: step.deadline_epoch!,
                    currentEpoch: step.current_epoch!)
                #expect((mission == nil) == (expected == nil), "\(label)")
                if let mission {
                    #expect(expected == created.count)
                    created.append(mission.id)
                }
            case let ("join", .flag(expected)):
                #expect(
                    economy.joinMission(agentID: step.agent_id!, missionID: missionID(step.mission)) == expected,
                    "\(label)")
            case let ("contribute", .flag(expected)):
                #expect(
                    economy.recordContribution(
                        agentID: step.agent_id!, missionID: missionID(step.mission),
                        interaction: pool[step.interaction_index!]) == expected, "\(label)")
            case let ("evaluate", .evaluation(expected)):
                let evaluation = economy.evaluateMission(
                    missionID: missionID(step.mission),
                    interactions: step.interaction_indices!.map { pool[$0] },
                    currentEpoch: step.current_epoch!)
                #expect((evaluation == nil) == (expected == nil), "\(label)")
                if let evaluation, let expected {
                    #expect(close(evaluation.missionScore, expected.mission_score), "\(label) score")
                    #expect(
                        evaluation.allObjectivesMet == expected.all_objectives_met
                            && evaluation.totalContributions == expected.total_contributions
                            && evaluation.participants == expected.participants
                            && evaluation.status.rawValue == expected.status, "\(label): \(evaluation)")
                    #expect(evaluation.objectives.count == expected.objectives.count)
                    for (row, reference) in zip(evaluation.objectives, expected.objectives) {
                        #expect(
                            row.targetMetric.rawValue == reference.target_metric && row.met == reference.met
                                && row.targetValue == reference.target_value && row.weight == reference.weight
                                && close(row.actualValue, reference.actual_value), "\(label): \(row)")
                    }
                }
            case let ("distribute", .rewards(expected)):
                let rewards = economy.distributeRewardsInOrder(
                    missionID: missionID(step.mission),
                    interactions: step.interaction_indices!.map { pool[$0] })
                #expect(Array(rewards.keys) == expected.map(\.name), "\(label)")
                for (reward, reference) in zip(rewards.values, expected) {
                    #expect(
                        close(reward, reference.value, relative: rewardTolerance),
                        "\(label): \(reward) vs \(reference.value)")
                }
            case let ("expire", .indices(expected)):
                #expect(
                    economy.expireMissions(currentEpoch: step.current_epoch!) == expected.map { created[$0] },
                    "\(label)")
            case let ("free_rider", .number(expected)):
                #expect(close(economy.freeRiderIndex(missionID: missionID(step.mission)), expected), "\(label)")
            case let ("status", .status(expected)):
                let mission = try #require(economy.mission(id: missionID(step.mission)))
                #expect(mission.status.rawValue == expected, "\(label)")
                #expect(mission.participants.sorted() == step.participants!)
                #expect(
                    mission.contributions.map { NamedPair($0.key, Double($0.value.count)) }
                        == step.contribution_counts!.map { NamedPair($0.name, $0.value) })
            default:
                Issue.record("\(label): unexpected result \(result)")
            }
        }
    }
}

private struct NamedPair: Equatable {
    let name: String
    let value: Double
    init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}
