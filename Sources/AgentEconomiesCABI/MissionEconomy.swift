import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The state behind an `ae_mission_economy` handle: missions on integer agent and interaction
/// handles, with the reference's lifecycle (proposed, active, succeeded, failed, expired).
struct MissionEconomyState: Sendable {
    struct Mission: Sendable {
        let coordinator: Int32
        var participants: Set<Int32>
        let objectives: MissionObjectiveColumns
        let pool: Double
        let deadline: Int64
        var status: Int32
        /// Contributors in order of first contribution, and the interactions each recorded.
        var contributors: [Int32] = []
        var rowOfContributor: [Int32: Int] = [:]
        var recorded: [[Int64]] = []

        var isOpen: Bool { status == AE_MISSION_PROPOSED || status == AE_MISSION_ACTIVE }

        /// The mission's ledger over the interactions `ids` (p, accepted): items are the
        /// recorded interaction handles in order of first recording.
        func ledger(ids: UnsafeBufferPointer<Int64>, p: [Double], accepted: [Bool]) throws -> MissionLedger {
            var itemOf: [Int64: Int32] = [:]
            var offsets = [0]
            var items: [Int32] = []
            for row in recorded {
                for id in row {
                    let item = itemOf[id] ?? Int32(itemOf.count)
                    itemOf[id] = item
                    items.append(item)
                }
                offsets.append(items.count)
            }
            return try MissionLedger(
                contributionOffsets: offsets, recordedItems: items, itemCount: itemOf.count, p: p, accepted: accepted,
                interactionItems: ids.map { itemOf[$0] ?? -1 })
        }
    }

    let minParticipants: Int
    let maxActiveMissions: Int
    let strategy: Int32
    var missions: [Mission] = []

    func mission(_ handle: Int64) throws -> Int {
        guard handle >= 0, handle < Int64(missions.count) else {
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
    return (try Buffer.input(ids, count, "interaction_ids"), try Buffer.read(p, count, "p"), flags.map { $0 == 1 })
}

/// `ae_mission_options_default`.
@c(ae_mission_options_default)
public func aeMissionOptionsDefault(_ options: UnsafeMutablePointer<ae_mission_options>?) {
    options?.pointee = ae_mission_options(
        min_participants: 2, max_active_missions: 5, reward_distribution: AE_REWARD_PROPORTIONAL)
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
                    minParticipants: Int(o.min_participants), maxActiveMissions: Int(o.max_active_missions),
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
            if state.missions.lazy.filter(\.isOpen).count >= state.maxActiveMissions || pool <= 0 { return -1 }
            let status = state.minParticipants <= 1 ? AE_MISSION_ACTIVE : AE_MISSION_PROPOSED
            state.missions.append(
                MissionEconomyState.Mission(
                    coordinator: coordinator, participants: [coordinator], objectives: columns, pool: pool,
                    deadline: deadline, status: status))
            return Int64(state.missions.count - 1)
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
            let index = try state.mission(mission)
            guard state.missions[index].isOpen else { return 0 }
            state.missions[index].participants.insert(agent)
            if state.missions[index].status == AE_MISSION_PROPOSED
                && state.missions[index].participants.count >= state.minParticipants
            {
                state.missions[index].status = AE_MISSION_ACTIVE
            }
            return 1
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
            let index = try state.mission(mission)
            let record = state.missions[index]
            guard record.status == AE_MISSION_ACTIVE, record.participants.contains(agent) else { return 0 }
            if let row = record.rowOfContributor[agent] {
                state.missions[index].recorded[row].append(interaction)
            } else {
                state.missions[index].rowOfContributor[agent] = record.contributors.count
                state.missions[index].contributors.append(agent)
                state.missions[index].recorded.append([interaction])
            }
            return 1
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
            let record = state.missions[index]
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
            let allMet = met.allSatisfy { $0 }
            if allMet {
                state.missions[index].status = AE_MISSION_SUCCEEDED
            } else if epoch >= record.deadline {
                state.missions[index].status = AE_MISSION_FAILED
            }
            for (position, value) in values.enumerated() { actuals?[position] = value }
            return ae_mission_evaluation(
                mission_score: score, all_objectives_met: allMet ? 1 : 0,
                total_contributions: Int64(ledger.recordedInteractionCount),
                participants: Int64(record.participants.count), status: state.missions[index].status)
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
            let record = state.missions[try state.mission(mission)]
            guard record.status == AE_MISSION_SUCCEEDED, !record.contributors.isEmpty else {
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
            let due = state.missions.indices.filter { state.missions[$0].isOpen && epoch >= state.missions[$0].deadline }
            countOut.pointee = Int64(due.count)
            // Nothing expires unless every handle can be reported: a caller never loses one.
            if due.count > room {
                throw CallError(status: AE_ERROR_CAPACITY, message: "capacity must be at least \(due.count), got \(room)")
            }
            for index in due { state.missions[index].status = AE_MISSION_EXPIRED }
            return due.map { Int64($0) }
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
            let record = state.missions[try state.mission(mission)]
            var counts = record.recorded.map { Double($0.count) }
            counts.append(contentsOf: repeatElement(0, count: max(0, record.participants.count - record.contributors.count)))
            return ae_mission_info(
                status: record.status, coordinator: record.coordinator, participants: Int64(record.participants.count),
                contributors: Int64(record.contributors.count), reward_pool: record.pool,
                deadline_epoch: record.deadline, free_rider_index: record.contributors.isEmpty ? 0 : giniCoefficient(counts))
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
