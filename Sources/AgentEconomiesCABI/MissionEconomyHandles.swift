import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The state behind an `ae_mission_economy` handle: the kernels' ``MissionBook`` (the one
/// mission lifecycle, on integer agent and interaction handles) and the reward strategy.
struct MissionEconomyState: Sendable {
    var book: MissionBook
    let strategy: Int32

    /// The book's handle for a C mission handle.
    func mission(_ handle: Int64) throws -> Int {
        guard handle >= 0, handle < Int64(book.missions.count) else {
            throw CallError(status: AE_ERROR_UNKNOWN_ID, message: "mission \(handle) was never proposed")
        }
        return Int(handle)
    }
}

/// The interactions of an evaluation or reward call, checked.
func missionInteractions(
    _ n: Int64, _ ids: UnsafePointer<Int64>?, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?
) throws -> (UnsafeBufferPointer<Int64>, [Double], [Bool]) {
    let count = try Buffer.count(n, "n")
    let flags = try Buffer.read(accepted, count, "accepted")
    for (index, value) in flags.enumerated() where value > 1 {
        throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "accepted[\(index)] must be 0 or 1, got \(value)")
    }
    let quality = try Buffer.read(p, count, "p")
    for (index, value) in quality.enumerated() { try Validate.inRange(value, 0, 1, "p[\(index)]") }
    return (try Buffer.input(ids, count, "interaction_ids"), quality, flags.map { $0 == 1 })
}

/// `ae_mission_options_default`.
@c(ae_mission_options_default)
public func aeMissionOptionsDefault(_ options: UnsafeMutablePointer<ae_mission_options>?) {
    options?.pointee = ae_mission_options(
        struct_size: MemoryLayout<ae_mission_options>.size, min_participants: 2, max_active_missions: 5,
        reward_distribution: AE_REWARD_PROPORTIONAL)
}

/// `ae_mission_economy_create`.
@c(ae_mission_economy_create)
public func aeMissionEconomyCreate(
    _ options: UnsafePointer<ae_mission_options>?, _ economy: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        guard let options else { throw CallError.null("options") }
        let out = try Buffer.required(economy, "economy")
        let o = options.pointee
        try checkStructSize(o.struct_size, MemoryLayout<ae_mission_options>.size, "options")
        try Validate.atLeast(Int(o.min_participants), 1, "options.min_participants")
        try Validate.atLeast(Int(o.max_active_missions), 1, "options.max_active_missions")
        guard (AE_REWARD_EQUAL...AE_REWARD_LEAVE_ONE_OUT).contains(o.reward_distribution) else {
            throw CallError.option(
                "options.reward_distribution", o.reward_distribution,
                "AE_REWARD_EQUAL (0), AE_REWARD_PROPORTIONAL (1), AE_REWARD_LEAVE_ONE_OUT (2)")
        }
        out.pointee = Handles.register(
            HandleBox(
                MissionEconomyState(
                    book: try MissionBook(
                        minParticipants: Int(o.min_participants), maxActiveMissions: Int(o.max_active_missions)),
                    strategy: o.reward_distribution)))
    }
}

/// `ae_mission_economy_destroy`.
@c(ae_mission_economy_destroy)
public func aeMissionEconomyDestroy(
    _ economy: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) { try Handles.destroy(economy, "economy", as: MissionEconomyState.self) }
}

/// `ae_mission_economy_propose`.
@c(ae_mission_economy_propose)
public func aeMissionEconomyPropose(
    _ economy: OpaquePointer?, _ coordinator: Int32, _ objectives: Int64, _ metrics: UnsafePointer<Int32>?,
    _ targets: UnsafePointer<Double>?, _ weights: UnsafePointer<Double>?, _ pool: Double, _ deadline: Int64,
    _ mission: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(mission, "mission")
        try Validate.finite(pool, "reward_pool")
        let columns = try objectiveColumns(objectives, metrics, targets, weights)
        out.pointee = try Handles.with(economy, "economy") { (state: inout MissionEconomyState) -> Int64 in
            guard let handle = state.book.propose(coordinator: coordinator, objectives: columns, pool: pool, deadline: Int(deadline))
            else { return -1 }
            return Int64(handle)
        }
    }
}

/// `ae_mission_economy_join`.
@c(ae_mission_economy_join)
public func aeMissionEconomyJoin(
    _ economy: OpaquePointer?, _ agent: Int32, _ mission: Int64, _ joined: UnsafeMutablePointer<Int32>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(joined, "joined")
        out.pointee = try Handles.with(economy, "economy") { (state: inout MissionEconomyState) -> Int32 in
            try state.book.join(agent: agent, mission: try state.mission(mission)) ? 1 : 0
        }
    }
}

/// `ae_mission_economy_record`.
@c(ae_mission_economy_record)
public func aeMissionEconomyRecord(
    _ economy: OpaquePointer?, _ agent: Int32, _ mission: Int64, _ interaction: Int64,
    _ recorded: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(recorded, "recorded")
        out.pointee = try Handles.with(economy, "economy") { (state: inout MissionEconomyState) -> Int32 in
            try state.book.record(agent: agent, mission: try state.mission(mission), interaction: interaction) ? 1 : 0
        }
    }
}

/// `ae_mission_economy_evaluate`.
@c(ae_mission_economy_evaluate)
public func aeMissionEconomyEvaluate(
    _ economy: OpaquePointer?, _ mission: Int64, _ n: Int64, _ interactionIDs: UnsafePointer<Int64>?,
    _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?, _ epoch: Int64,
    _ evaluation: UnsafeMutablePointer<ae_mission_evaluation>?, _ actualsCapacity: Int64,
    _ actuals: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(evaluation, "evaluation")
        let room = try Buffer.count(actualsCapacity, "actuals_capacity")
        let (ids, quality, flags) = try missionInteractions(n, interactionIDs, p, accepted)
        out.pointee = try Handles.with(economy, "economy") { (state: inout MissionEconomyState) in
            let index = try state.mission(mission)
            let record = state.book.missions[index]
            // Checked under the handle's lock, before anything changes: the objective count is
            // the mission's own, not what a caller remembered of it.
            if actuals != nil, record.objectives.metrics.count > room {
                throw CallError(
                    status: AE_ERROR_CAPACITY,
                    message: "actuals_capacity must be at least \(record.objectives.metrics.count) (mission \(mission)'s "
                        + "objectives), got \(room)")
            }
            let ledger = try record.ledger(ids: ids, p: quality, accepted: flags)
            let (values, met, score) = record.objectives.evaluate(ledger.recordedAggregate)
            let status = try state.book.settle(mission: index, met: met, epoch: Int(epoch))
            for (position, value) in values.enumerated() { actuals?[position] = value }
            return ae_mission_evaluation(
                mission_score: score, all_objectives_met: met.allSatisfy { $0 } ? 1 : 0,
                total_contributions: Int64(ledger.recordedInteractionCount),
                participants: Int64(record.participants.count), status: status.rawValue)
        }
    }
}

/// `ae_mission_economy_distribute`.
@c(ae_mission_economy_distribute)
public func aeMissionEconomyDistribute(
    _ economy: OpaquePointer?, _ mission: Int64, _ n: Int64, _ interactionIDs: UnsafePointer<Int64>?,
    _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?, _ capacity: Int64,
    _ agents: UnsafeMutablePointer<Int32>?, _ amounts: UnsafeMutablePointer<Double>?,
    _ count: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let room = try Buffer.count(capacity, "capacity")
        let countOut = try Buffer.required(count, "count")
        let (ids, quality, flags) = try missionInteractions(n, interactionIDs, p, accepted)
        let (paid, values) = try Handles.with(economy, "economy") { (state: inout MissionEconomyState) in
            let record = state.book.missions[try state.mission(mission)]
            guard record.status == .succeeded, !record.contributors.isEmpty else {
                return ([Int32](), [Double]())
            }
            let ledger = try record.ledger(ids: ids, p: quality, accepted: flags)
            let payout: MissionPayout
            switch state.strategy {
            case AE_REWARD_EQUAL: payout = MissionKernels.equal(ledger, pool: record.pool)
            case AE_REWARD_PROPORTIONAL: payout = MissionKernels.proportional(ledger, pool: record.pool)
            default: payout = MissionKernels.leaveOneOut(ledger, pool: record.pool)
            }
            return (payout.rows.map { record.contributors[$0] }, payout.amounts)
        }
        countOut.pointee = Int64(paid.count)
        if paid.count > room {
            throw CallError(status: AE_ERROR_CAPACITY, message: "capacity must be at least \(paid.count), got \(room)")
        }
        let agentsOut = try Buffer.output(agents, paid.count, "agents")
        let amountsOut = try Buffer.output(amounts, paid.count, "amounts")
        for index in paid.indices {
            agentsOut[index] = paid[index]
            amountsOut[index] = values[index]
        }
    }
}

/// `ae_mission_economy_expire`.
@c(ae_mission_economy_expire)
public func aeMissionEconomyExpire(
    _ economy: OpaquePointer?, _ epoch: Int64, _ capacity: Int64, _ expired: UnsafeMutablePointer<Int64>?,
    _ count: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let room = try Buffer.count(capacity, "capacity")
        let countOut = try Buffer.required(count, "count")
        let expiredOut = try Buffer.output(expired, room, "expired")
        let list = try Handles.with(economy, "economy") { (state: inout MissionEconomyState) -> [Int64] in
            let due = state.book.due(epoch: Int(epoch))
            countOut.pointee = Int64(due.count)
            // Nothing expires unless every handle can be reported: a caller never loses one.
            if due.count > room {
                throw CallError(status: AE_ERROR_CAPACITY, message: "capacity must be at least \(due.count), got \(room)")
            }
            return state.book.expire(epoch: Int(epoch)).map { Int64($0) }
        }
        for (index, mission) in list.enumerated() { expiredOut[index] = mission }
    }
}

/// `ae_mission_economy_info`.
@c(ae_mission_economy_info)
public func aeMissionEconomyInfo(
    _ economy: OpaquePointer?, _ mission: Int64, _ info: UnsafeMutablePointer<ae_mission_info>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(info, "info")
        out.pointee = try Handles.with(economy, "economy") { (state: inout MissionEconomyState) in
            let record = state.book.missions[try state.mission(mission)]
            return ae_mission_info(
                status: record.status.rawValue, coordinator: record.coordinator,
                participants: Int64(record.participants.count), contributors: Int64(record.contributors.count),
                reward_pool: record.pool, deadline_epoch: Int64(record.deadline), free_rider_index: record.freeRiderIndex)
        }
    }
}

/// Objective columns from C arrays (metric codes AE_MISSION_METRIC_*).
func objectiveColumns(
    _ objectives: Int64, _ metrics: UnsafePointer<Int32>?, _ targets: UnsafePointer<Double>?,
    _ weights: UnsafePointer<Double>?
) throws -> MissionObjectiveColumns {
    let count = try Buffer.count(objectives, "objectives")
    let known: [MissionMetric] = [.avgP, .minP, .totalCount, .acceptanceRate, .totalWelfare]
    let metricColumn = try Buffer.read(metrics, count, "metrics").enumerated().map { index, code in
        guard code >= 0, code <= AE_MISSION_METRIC_OTHER else {
            throw CallError.option("metrics[\(index)]", code, "AE_MISSION_METRIC_* (0 ... 5)")
        }
        return code == AE_MISSION_METRIC_OTHER ? MissionMetric(rawValue: "other") : known[Int(code)]
    }
    let targetColumn = try Buffer.read(targets, count, "targets")
    let weightColumn = try Buffer.read(weights, count, "weights")
    for index in 0..<count {
        try Validate.finite(targetColumn[index], "targets[\(index)]")
        try Validate.finite(weightColumn[index], "weights[\(index)]")
    }
    return try MissionObjectiveColumns(metrics: metricColumn, targets: targetColumn, weights: weightColumn)
}
