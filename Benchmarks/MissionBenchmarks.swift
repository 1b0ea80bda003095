import AgentEconomies
import OrderedCollections
import Workloads

/// `mission.rewards`: the reference's three strategies on one large succeeded mission.
enum MissionBenchmarks {
    /// The reference's strategies written its way: an ID map built per call, per-agent
    /// lists, and for "shapley" a set difference and re-summation per contributor.
    enum ReferenceStyle {
        static func equal(_ contributions: OrderedDictionary<String, [String]>, pool: Double) -> [String: Double] {
            let contributors = contributions.filter { !$0.value.isEmpty }.map(\.key)
            let share = pool / Double(contributors.count)
            return Dictionary(uniqueKeysWithValues: contributors.map { ($0, share) })
        }

        static func proportional(
            _ contributions: OrderedDictionary<String, [String]>, _ interactions: [SoftInteraction],
            pool: Double
        ) -> [String: Double] {
            var map: [String: SoftInteraction] = [:]
            for interaction in interactions { map[interaction.id] = interaction }
            var scores: [(String, Double)] = []
            for (agent, ids) in contributions {
                let found = ids.compactMap { map[$0] }
                scores.append(
                    (
                        agent,
                        found.isEmpty ? 0 : Double(found.count) * (found.reduce(0) { $0 + $1.p } / Double(found.count))
                    ))
            }
            let total = scores.reduce(0) { $0 + $1.1 }
            var result: [String: Double] = [:]
            for (agent, score) in scores where score > 0 { result[agent] = score / total * pool }
            return result
        }

        static func shapley(
            _ contributions: OrderedDictionary<String, [String]>, _ interactions: [SoftInteraction],
            pool: Double
        ) -> [String: Double] {
            var map: [String: SoftInteraction] = [:]
            for interaction in interactions { map[interaction.id] = interaction }
            let contributors = contributions.filter { !$0.value.isEmpty }.map(\.key)
            var all = Set<String>()
            for ids in contributions.values { all.formUnion(ids) }
            let allFound = all.compactMap { map[$0] }
            let full = allFound.isEmpty ? 0 : allFound.reduce(0) { $0 + $1.p } / Double(allFound.count)
            var marginals: [(String, Double)] = []
            for agent in contributors {
                let without = all.subtracting(contributions[agent] ?? [])
                let found = without.compactMap { map[$0] }
                let withoutMean = found.isEmpty ? 0 : found.reduce(0) { $0 + $1.p } / Double(found.count)
                let share = Double(contributions[agent]!.count) / Double(max(all.count, 1))
                marginals.append((agent, max(0, full - withoutMean) + share))
            }
            let total = marginals.reduce(0) { $0 + $1.1 }
            var result: [String: Double] = [:]
            for (agent, marginal) in marginals { result[agent] = marginal / total * pool }
            return result
        }
    }

    /// An economy with one succeeded mission: `contributors` agents, `perAgent` recorded
    /// interactions each.
    static func economy(
        _ strategy: RewardDistribution, contributors: Int, perAgent: Int,
        interactions: [SoftInteraction]
    ) throws -> (MissionEconomy, String) {
        let economy = try MissionEconomy(config: MissionConfig(minParticipants: 1, rewardDistribution: strategy))
        let mission = economy.proposeMission(
            coordinatorID: "agent_0", name: "benchmark",
            objectives: [MissionObjective(targetMetric: .totalCount, targetValue: 1)],
            rewardPool: 1_000, deadlineEpoch: 10)!
        for agent in 0..<contributors {
            economy.joinMission(agentID: "agent_\(agent)", missionID: mission.id)
            for index in 0..<perAgent {
                economy.recordContribution(
                    agentID: "agent_\(agent)", missionID: mission.id,
                    interaction: interactions[agent * perAgent + index])
            }
        }
        _ = economy.evaluateMission(missionID: mission.id, interactions: interactions, currentEpoch: 1)
        return (economy, mission.id)
    }

    /// `count` interactions `ix_<i>` (Workloads' `Interactions`): p uniform in [0, 1), 70% accepted.
    static func interactions(_ count: Int, seed: UInt64) throws -> [SoftInteraction] {
        let (p, accepted) = Interactions.columns(count, seed: seed)
        return try (0..<count).map { try SoftInteraction(id: "ix_\($0)", p: p[$0], accepted: accepted[$0]) }
    }

    static func rewards(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let contributors = quick ? 2_000 : 10_000, perAgent = 10
        let baselineContributors = quick ? 300 : 1_000
        let large = try interactions(contributors * perAgent, seed: 1)
        let small = try interactions(baselineContributors * perAgent, seed: 2)
        var results: [BenchmarkResult] = []
        for strategy in [RewardDistribution.equal, .proportional, .shapley] {
            let name = strategy.referenceName!
            progress("mission.rewards \(name): baseline \(baselineContributors) contributors")
            let (smallEconomy, smallID) = try economy(
                strategy, contributors: baselineContributors, perAgent: perAgent,
                interactions: small)
            let contributions = smallEconomy.mission(id: smallID)!.contributions
            var baselineRewards: [String: Double] = [:]
            let baseline = measure(runs: 3, budget: 30, warmup: false) {
                switch strategy {
                case .equal: baselineRewards = ReferenceStyle.equal(contributions, pool: 1_000)
                case .proportional: baselineRewards = ReferenceStyle.proportional(contributions, small, pool: 1_000)
                default: baselineRewards = ReferenceStyle.shapley(contributions, small, pool: 1_000)
                }
            }
            let check = smallEconomy.distributeRewards(missionID: smallID, interactions: small)
            precondition(
                check.count == baselineRewards.count
                    && check.allSatisfy { abs($0.value - baselineRewards[$0.key]!) <= 1e-9 * abs($0.value) },
                "economy and baseline disagree on \(name)")

            progress("mission.rewards \(name): \(contributors) contributors x \(perAgent) interactions")
            let (bigEconomy, bigID) = try economy(
                strategy, contributors: contributors, perAgent: perAgent,
                interactions: large)
            var rewards: [String: Double] = [:]
            let timing = measure(runs: quick ? 3 : 7, budget: 30) {
                rewards = bigEconomy.distributeRewards(missionID: bigID, interactions: large)
            }
            results.append(
                BenchmarkResult(
                    kernel: "mission.rewards",
                    params: [
                        ("strategy", .string(name)), ("contributors", .int(contributors)),
                        ("interactions_per_contributor", .int(perAgent)),
                    ],
                    timing: timing, baselineSeconds: baseline.median,
                    speedupVsBaseline: (baseline.median / Double(baselineContributors))
                        / (timing.median / Double(contributors)),
                    metrics: [
                        ("rewarded_agents", .int(rewards.count)),
                        ("contributors_per_s", .double(Double(contributors) / timing.median)),
                        ("baseline_params", .string("contributors=\(baselineContributors)")),
                    ]))
        }
        return results
    }
}
