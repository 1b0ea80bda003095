import AgentEconomiesCHeader
import AgentEconomiesKernels
import AgentEconomiesSimulation

/// The state behind an `ae_simulation` handle.
struct SimulationHandleState: Sendable {
    var simulation: Simulation
}

/// The record's column names as C strings, made once and never freed or written (so
/// sharing them between threads is safe).
nonisolated(unsafe) private let columnNames: [UnsafeMutablePointer<CChar>] = EpochRecord.columnNames.map { name in
    let bytes = Array(name.utf8CString)
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    pointer.initialize(from: bytes, count: bytes.count)
    return pointer
}

/// `ae_simulation_create`.
@c(ae_simulation_create)
public func aeSimulationCreate(
    _ yaml: UnsafePointer<CChar>?, _ path: UnsafePointer<CChar>?, _ nOverrides: Int64,
    _ overrideKeys: UnsafePointer<UnsafePointer<CChar>?>?, _ overrideValues: UnsafePointer<UnsafePointer<CChar>?>?,
    _ threads: Int32, _ simulation: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<CChar>?,
    _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(simulation, "simulation")
        let text = try ScenarioInputs.yaml(yaml, path)
        let overrides = try ScenarioInputs.overrides(nOverrides, overrideKeys, overrideValues)
        let workers = try threadCount(threads)
        let created = try ScenarioInputs.mapping {
            let scenario = try Scenario.load(yaml: text, overrides: overrides)
            try MemoryBudget.check(bytes: scenario.estimatedPeakBytes, "the scenario's \(scenario.agents) agents")
            return try Simulation(scenario: scenario, threads: workers)
        }
        out.pointee = Handles.register(HandleBox(SimulationHandleState(simulation: created)))
    }
}

/// `ae_simulation_destroy`.
@c(ae_simulation_destroy)
public func aeSimulationDestroy(
    _ simulation: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) { try Handles.destroy(simulation, "simulation", as: SimulationHandleState.self) }
}

/// `ae_simulation_column_count`.
@c(ae_simulation_column_count)
public func aeSimulationColumnCount() -> Int64 { Int64(columnNames.count) }

/// `ae_simulation_column_name`: a static string, NULL out of range.
@c(ae_simulation_column_name)
public func aeSimulationColumnName(_ index: Int64) -> UnsafePointer<CChar>? {
    guard index >= 0, index < Int64(columnNames.count) else { return nil }
    return UnsafePointer(columnNames[Int(index)])
}

/// `ae_simulation_get_info`.
@c(ae_simulation_get_info)
public func aeSimulationInfo(
    _ simulation: OpaquePointer?, _ info: UnsafeMutablePointer<ae_simulation_info>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(info, "info")
        out.pointee = try Handles.with(simulation, "simulation") { (handle: inout SimulationHandleState) in
            let state = handle.simulation.state
            return ae_simulation_info(
                agents: Int64(state.scenario.agents), epochs: Int64(state.scenario.epochs),
                epochs_run: Int64(state.epochsRun), seed: state.scenario.seed,
                types: Int64(state.scenario.population.types.count))
        }
    }
}

/// `ae_simulation_run_epoch`.
@c(ae_simulation_run_epoch)
public func aeSimulationRunEpoch(
    _ simulation: OpaquePointer?, _ recordCapacity: Int64, _ record: UnsafeMutablePointer<Double>?,
    _ ran: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let flag = try Buffer.required(ran, "ran")
        let capacity = try Buffer.count(recordCapacity, "record_capacity")
        if record != nil && capacity < columnNames.count {
            throw CallError(
                status: AE_ERROR_CAPACITY,
                message: "record_capacity must be at least \(columnNames.count) (ae_simulation_column_count), got \(capacity)")
        }
        let values = try Handles.with(simulation, "simulation") { (handle: inout SimulationHandleState) in
            try ScenarioInputs.mapping { try handle.simulation.runEpoch()?.columnValues }
        }
        flag.pointee = values == nil ? 0 : 1
        if let values, let record { for (index, value) in values.enumerated() { record[index] = value } }
    }
}

/// `ae_simulation_records`.
@c(ae_simulation_records)
public func aeSimulationRecords(
    _ simulation: OpaquePointer?, _ capacity: Int64, _ values: UnsafeMutablePointer<Double>?,
    _ rows: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let rowsOut = try Buffer.required(rows, "rows")
        let room = try Buffer.count(capacity, "capacity")
        try Handles.with(simulation, "simulation") { (handle: inout SimulationHandleState) in
            let records = handle.simulation.state.records
            rowsOut.pointee = Int64(records.count)
            let needed = records.count * columnNames.count
            if room < needed {
                throw CallError(status: AE_ERROR_CAPACITY, message: "capacity must be at least \(needed), got \(room)")
            }
            let out = try Buffer.output(values, needed, "values")
            for (row, record) in records.enumerated() {
                for (column, value) in record.columnValues.enumerated() { out[row * columnNames.count + column] = value }
            }
        }
    }
}

/// `ae_simulation_agents`.
@c(ae_simulation_agents)
public func aeSimulationAgents(
    _ simulation: OpaquePointer?, _ capacity: Int64, _ type: UnsafeMutablePointer<Int32>?,
    _ wallet: UnsafeMutablePointer<Double>?, _ effort: UnsafeMutablePointer<Double>?,
    _ flagged: UnsafeMutablePointer<UInt8>?, _ ring: UnsafeMutablePointer<Int32>?,
    _ active: UnsafeMutablePointer<UInt8>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let room = try Buffer.count(capacity, "capacity")
        try Handles.with(simulation, "simulation") { (handle: inout SimulationHandleState) in
            let state = handle.simulation.state
            let n = state.population.count
            if room < n { throw CallError(status: AE_ERROR_CAPACITY, message: "capacity must be at least \(n), got \(room)") }
            for agent in 0..<n {
                type?[agent] = state.population.types[agent]
                wallet?[agent] = state.ledger.wallets[agent]
                effort?[agent] = Economy.efforts[Int(state.effort.chosen[agent])]
                flagged?[agent] = state.flagged[agent] ? 1 : 0
                ring?[agent] = state.population.ring[agent]
                active?[agent] = state.active[agent] ? 1 : 0
            }
        }
    }
}

/// `ae_simulation_type_name`.
@c(ae_simulation_type_name)
public func aeSimulationTypeName(
    _ simulation: OpaquePointer?, _ index: Int64, _ name: UnsafeMutablePointer<CChar>?, _ nameSize: Int,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let types = try Handles.with(simulation, "simulation") { (handle: inout SimulationHandleState) in
            handle.simulation.state.scenario.population.types
        }
        guard index >= 0, index < Int64(types.count) else {
            throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "index must be in 0..<\(types.count), got \(index)")
        }
        try ScenarioInputs.copy(types[Int(index)].name, into: name, size: nameSize, "name")
    }
}

/// A `threads` argument: 0 for the library default, else a positive count.
func threadCount(_ threads: Int32) throws -> Int? {
    if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0") }
    return threads == 0 ? nil : Int(threads)
}
