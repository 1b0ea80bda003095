import AgentEconomiesCHeader
import Testing

/// Missions through the C ABI: the reward strategies over a columnar ledger against hand
/// amounts, Shapley values (efficient, symmetric, exact with zero errors), and the mission
/// economy's lifecycle (propose, join, record, evaluate, distribute, expire, info) with its
/// capacity protocols (nothing changes or expires when the outputs do not fit).
@Suite struct MissionsABITests {
    /// Contributor 0 recorded items 0 and 1 (p 0.8, 0.6), contributor 1 item 2 (p 0.5).
    static let offsets: [Int64] = [0, 2, 3], items: [Int32] = [0, 1, 2]
    static let p = [0.8, 0.6, 0.5], accepted: [UInt8] = [1, 1, 1], interactionItems: [Int32] = [0, 1, 2]

    func rewards(_ strategy: Int32, pool: Double = 100) -> (Outcome, [Int64], [Double]) {
        var rows: [Int64] = [-1, -1], amounts: [Double] = [-1, -1], count: Int64 = -1
        let outcome = capture {
            ae_mission_rewards(
                strategy, 2, Self.offsets, Self.items, 3, 3, Self.p, Self.accepted, Self.interactionItems, pool, &rows,
                &amounts, &count, $0, $1)
        }
        return (outcome, Array(rows.prefix(max(0, Int(count)))), Array(amounts.prefix(max(0, Int(count)))))
    }

    @Test("rewards: equal halves, proportional to found count x mean p, leave-one-out within the pool")
    func rewardStrategies() {
        let equal = rewards(AE_REWARD_EQUAL)
        #expect(equal.0.status == AE_OK && equal.1 == [0, 1] && equal.2 == [50, 50])
        let proportional = rewards(AE_REWARD_PROPORTIONAL)
        #expect(proportional.0.status == AE_OK && proportional.1 == [0, 1])
        #expect(abs(proportional.2[0] - 100 * 1.4 / 1.9) < 1e-9 && abs(proportional.2[1] - 100 * 0.5 / 1.9) < 1e-9)
        let leaveOneOut = rewards(AE_REWARD_LEAVE_ONE_OUT)
        #expect(leaveOneOut.0.status == AE_OK)
        #expect(leaveOneOut.2.allSatisfy { $0 >= 0 } && leaveOneOut.2.reduce(0, +) <= 100 + 1e-9)
        #expect(rewards(9).0.is(AE_ERROR_UNKNOWN_OPTION, naming: "strategy", "9"))
        #expect(rewards(AE_REWARD_EQUAL, pool: -1).0.is(AE_ERROR_OUT_OF_RANGE, naming: "pool"))
    }

    func shapley(
        offsets: [Int64], items: [Int32], p: [Double], method: Int32
    ) -> (Outcome, [Int64], [Double], [Double], Double) {
        var options = ae_shapley_options()
        ae_shapley_options_default(&options)
        options.method = method
        options.seed = 7
        let n = offsets.count - 1, m = p.count
        var players = [Int64](repeating: -1, count: n), values = [Double](repeating: -1, count: n)
        var errors = [Double](repeating: -1, count: n), count: Int64 = -1, grand = -1.0
        let outcome = capture {
            ae_mission_shapley(
                Int64(n), offsets, items, Int64(m), Int64(m), p, [UInt8](repeating: 1, count: m), (0..<Int32(m)).map { $0 }, 1,
                [AE_MISSION_METRIC_TOTAL_COUNT], [10], [1], &options, &players, &values, &errors, &count, &grand, $0, $1)
        }
        return (outcome, players, values, errors, grand)
    }

    @Test("Shapley values: efficient, ordered players, exact with zero errors, symmetric players equal")
    func shapleyValues() {
        let exact = shapley(offsets: Self.offsets, items: Self.items, p: Self.p, method: AE_SHAPLEY_EXACT)
        #expect(exact.0.status == AE_OK && exact.1 == [0, 1])
        #expect(abs(exact.2.reduce(0, +) - exact.4) < 1e-12 && exact.4 > 0)
        #expect(exact.3 == [0, 0])
        #expect(exact.2[0] > exact.2[1])  // two recorded interactions against one
        let symmetric = shapley(offsets: [0, 1, 2], items: [0, 1], p: [0.7, 0.7], method: AE_SHAPLEY_EXACT)
        #expect(symmetric.0.status == AE_OK && symmetric.2[0] == symmetric.2[1])
        let sampled = shapley(offsets: Self.offsets, items: Self.items, p: Self.p, method: AE_SHAPLEY_PERMUTATION)
        #expect(sampled.0.status == AE_OK && abs(sampled.2.reduce(0, +) - sampled.4) < 1e-9)
        #expect(sampled.3.allSatisfy { $0 >= 0 && $0.isFinite })
        let unknown = shapley(offsets: Self.offsets, items: Self.items, p: Self.p, method: 9)
        #expect(unknown.0.is(AE_ERROR_UNKNOWN_OPTION, naming: "options.method"))
    }

    /// An economy (equal rewards) with one mission of `objectives` AVG_P objectives (target
    /// 0.5) proposed by agent 0, joined by agent 1 (so active), which recorded interaction 500.
    func openMission(objectives: Int = 1, deadline: Int64 = 5) -> (OpaquePointer?, Int64) {
        var options = ae_mission_options()
        ae_mission_options_default(&options)
        options.reward_distribution = AE_REWARD_EQUAL
        var economy: OpaquePointer? = nil, mission: Int64 = -1, flag: Int32 = -1
        _ = capture { ae_mission_economy_create(&options, &economy, $0, $1) }
        let metrics = [Int32](repeating: AE_MISSION_METRIC_AVG_P, count: objectives)
        let targets = [Double](repeating: 0.5, count: objectives), weights = [Double](repeating: 1, count: objectives)
        _ = capture {
            ae_mission_economy_propose(economy, 0, Int64(objectives), metrics, targets, weights, 100, deadline, &mission, $0, $1)
        }
        _ = capture { ae_mission_economy_join(economy, 1, mission, &flag, $0, $1) }
        _ = capture { ae_mission_economy_record(economy, 1, mission, 500, &flag, $0, $1) }
        return (economy, mission)
    }

    func info(_ economy: OpaquePointer?, _ mission: Int64) -> ae_mission_info {
        var info = ae_mission_info(
            status: -1, coordinator: -1, participants: -1, contributors: -1, reward_pool: -1, deadline_epoch: -1, free_rider_index: -1)
        _ = capture { ae_mission_economy_info(economy, mission, &info, $0, $1) }
        return info
    }

    @Test("the lifecycle: propose, join (active), record, evaluate (succeeded), distribute the pool")
    func lifecycle() {
        let (economy, mission) = openMission()
        defer { ae_mission_economy_destroy(economy, nil, 0) }
        #expect(mission == 0)
        let before = info(economy, mission)
        #expect(before.status == AE_MISSION_ACTIVE && before.coordinator == 0 && before.participants == 2)
        #expect(before.contributors == 1 && before.reward_pool == 100 && before.deadline_epoch == 5)
        #expect(before.free_rider_index == 0.5)  // contributions 0 (the coordinator) and 1
        var recorded: Int32 = -1
        #expect(capture { ae_mission_economy_record(economy, 7, mission, 501, &recorded, $0, $1) }.status == AE_OK)
        #expect(recorded == 0)  // not a participant

        var evaluation = ae_mission_evaluation(), actuals = [-1.0]
        #expect(
            capture { ae_mission_economy_evaluate(economy, mission, 1, [500], [0.8], [1], 1, &evaluation, 1, &actuals, $0, $1) }.status
                == AE_OK)
        #expect(evaluation.status == AE_MISSION_SUCCEEDED && evaluation.all_objectives_met == 1)
        #expect(evaluation.total_contributions == 1 && evaluation.participants == 2 && actuals == [0.8])
        var agents: [Int32] = [-1, -1], amounts: [Double] = [-1, -1], count: Int64 = -1
        #expect(
            capture { ae_mission_economy_distribute(economy, mission, 1, [500], [0.8], [1], 2, &agents, &amounts, &count, $0, $1) }
                .status == AE_OK)
        #expect(count == 1 && agents[0] == 1 && amounts[0] == 100)
        var joined: Int32 = -1
        #expect(capture { ae_mission_economy_join(economy, 2, mission, &joined, $0, $1) }.status == AE_OK && joined == 0)
        #expect(capture { ae_mission_economy_join(economy, 1, 9, &joined, $0, $1) }.is(AE_ERROR_UNKNOWN_ID, naming: "mission 9"))
    }

    @Test("proposals refused with -1: a pool <= 0, or max_active_missions open; NaN pool and bad metric refused")
    func proposals() {
        var options = ae_mission_options()
        ae_mission_options_default(&options)
        options.max_active_missions = 1
        var economy: OpaquePointer? = nil, mission: Int64 = -2
        _ = capture { ae_mission_economy_create(&options, &economy, $0, $1) }
        defer { ae_mission_economy_destroy(economy, nil, 0) }
        func propose(pool: Double, metric: Int32 = AE_MISSION_METRIC_AVG_P) -> Outcome {
            capture { ae_mission_economy_propose(economy, 0, 1, [metric], [0.5], [1], pool, 5, &mission, $0, $1) }
        }
        #expect(propose(pool: 0).status == AE_OK && mission == -1)
        #expect(propose(pool: 10).status == AE_OK && mission == 0)
        #expect(propose(pool: 10).status == AE_OK && mission == -1)
        #expect(propose(pool: .nan).is(AE_ERROR_NOT_FINITE, naming: "reward_pool"))
        #expect(propose(pool: 10, metric: 6).is(AE_ERROR_UNKNOWN_OPTION, naming: "metrics[0]"))
    }

    @Test("evaluate: actuals_capacity below the objectives is AE_ERROR_CAPACITY and leaves the mission as it was")
    func evaluateCapacity() {
        let (economy, mission) = openMission(objectives: 2)
        defer { ae_mission_economy_destroy(economy, nil, 0) }
        var evaluation = ae_mission_evaluation(), actuals = [-1.0, -1.0]
        let small = capture {
            ae_mission_economy_evaluate(economy, mission, 1, [500], [0.8], [1], 1, &evaluation, 1, &actuals, $0, $1)
        }
        #expect(small.is(AE_ERROR_CAPACITY, naming: "actuals_capacity", "2"))
        #expect(actuals == [-1, -1] && info(economy, mission).status == AE_MISSION_ACTIVE)
        #expect(
            capture { ae_mission_economy_evaluate(economy, mission, 1, [500], [0.8], [1], 1, &evaluation, 2, &actuals, $0, $1) }.status
                == AE_OK)
        #expect(actuals == [0.8, 0.8] && evaluation.status == AE_MISSION_SUCCEEDED)
        // NULL actuals need no capacity; past the deadline an unmet mission fails.
        let (late, second) = openMission(deadline: 3)
        defer { ae_mission_economy_destroy(late, nil, 0) }
        #expect(
            capture { ae_mission_economy_evaluate(late, second, 1, [500], [0.2], [1], 3, &evaluation, 0, nil, $0, $1) }.status == AE_OK
        )
        #expect(evaluation.status == AE_MISSION_FAILED && evaluation.all_objectives_met == 0)
    }

    @Test("distribute: capacity below the paid agents reports count; expire: nothing expires unless all fit")
    func distributeAndExpire() {
        let (economy, mission) = openMission()
        defer { ae_mission_economy_destroy(economy, nil, 0) }
        var evaluation = ae_mission_evaluation()
        _ = capture { ae_mission_economy_evaluate(economy, mission, 1, [500], [0.8], [1], 1, &evaluation, 0, nil, $0, $1) }
        var agents: [Int32] = [-1], amounts: [Double] = [-1], count: Int64 = -1
        #expect(
            capture { ae_mission_economy_distribute(economy, mission, 1, [500], [0.8], [1], 0, &agents, &amounts, &count, $0, $1) }.is(
                AE_ERROR_CAPACITY, naming: "capacity", "1"))
        #expect(count == 1 && agents == [-1] && amounts == [-1])

        // Two more missions due at epoch 5 (the first succeeded, so it is not open).
        var other: Int64 = -1
        for _ in 0..<2 {
            _ = capture { ae_mission_economy_propose(economy, 3, 1, [AE_MISSION_METRIC_AVG_P], [0.5], [1], 10, 5, &other, $0, $1) }
        }
        var expired: [Int64] = [-1, -1]
        #expect(
            capture { ae_mission_economy_expire(economy, 5, 1, &expired, &count, $0, $1) }.is(
                AE_ERROR_CAPACITY, naming: "capacity", "2"))
        #expect(count == 2 && expired == [-1, -1])
        #expect(info(economy, 1).status == AE_MISSION_PROPOSED && info(economy, 2).status == AE_MISSION_PROPOSED)
        #expect(capture { ae_mission_economy_expire(economy, 4, 2, &expired, &count, $0, $1) }.status == AE_OK && count == 0)
        #expect(capture { ae_mission_economy_expire(economy, 5, 2, &expired, &count, $0, $1) }.status == AE_OK)
        #expect(count == 2 && expired == [1, 2])
        #expect(info(economy, 1).status == AE_MISSION_EXPIRED && info(economy, 0).status == AE_MISSION_SUCCEEDED)
    }
}
