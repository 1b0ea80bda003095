import AgentEconomiesCHeader
import AgentEconomiesKernels
import AgentEconomiesSimulation

/// `ae_sweep_create`.
@c(ae_sweep_create)
public func aeSweepCreate(
    _ yaml: UnsafePointer<CChar>?, _ path: UnsafePointer<CChar>?, _ nOverrides: Int64,
    _ overrideKeys: UnsafePointer<UnsafePointer<CChar>?>?, _ overrideValues: UnsafePointer<UnsafePointer<CChar>?>?,
    _ nAxes: Int64, _ axisKeys: UnsafePointer<UnsafePointer<CChar>?>?, _ axisCounts: UnsafePointer<Int64>?,
    _ axisValues: UnsafePointer<UnsafePointer<CChar>?>?, _ seeds: Int64, _ hasSeedBase: Int32, _ seedBase: UInt64,
    _ directory: UnsafePointer<CChar>?, _ resume: Int32, _ sweep: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let out = try Buffer.required(sweep, "sweep")
        let text = try ScenarioInputs.yaml(yaml, path)
        let overrides = try ScenarioInputs.overrides(nOverrides, overrideKeys, overrideValues)
        let axisCount = try Buffer.count(nAxes, "n_axes")
        let keys = try ScenarioInputs.strings(axisKeys, axisCount, "axis_keys")
        let counts = try Buffer.read(axisCounts, axisCount, "axis_counts")
        var total = 0
        for (index, count) in counts.enumerated() {
            total += try Buffer.count(count, "axis_counts[\(index)]")
            if total > Int(Buffer.maximumCount) { throw CallError.size("axis_counts", Int64(total), "a sum below 2^59") }
        }
        let values = try ScenarioInputs.strings(axisValues, total, "axis_values")
        var axes: [SweepAxis] = [], start = 0
        for (key, count) in zip(keys, counts) {
            axes.append(SweepAxis(key: key, values: Array(values[start..<start + Int(count)])))
            start += Int(count)
        }
        let seedCount = try Buffer.count(seeds, "seeds")
        if seedCount < 1 { throw CallError.size("seeds", seeds, ">= 1") }
        let base = try flag(hasSeedBase, "has_seed_base") ? seedBase : nil
        let folder = try ScenarioInputs.string(directory, "directory")
        let resuming = try flag(resume, "resume")
        let created = try ScenarioInputs.mapping {
            let plan = try SweepPlan(
                scenarioYAML: text, overrides: overrides, axes: axes, seedCount: seedCount, seedBase: base)
            for setting in 0..<plan.settingCount {
                let scenario = try plan.scenario(setting: setting, seed: plan.seeds[0])
                try MemoryBudget.check(bytes: scenario.estimatedPeakBytes, "setting \(setting)'s \(scenario.agents) agents")
            }
            return try Sweep(plan: plan, directory: folder, resume: resuming)
        }
        out.pointee = Handles.register(HandleBox(created))
    }
}

/// `ae_sweep_destroy`.
@c(ae_sweep_destroy)
public func aeSweepDestroy(_ sweep: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int) -> ae_status {
    call(error, errorSize) { try Handles.destroy(sweep, "sweep", as: Sweep.self) }
}

/// The sweep behind a handle (the object itself is thread-safe, so calls do not hold the
/// handle's lock while a run runs).
private func sweepObject(_ handle: OpaquePointer?) throws -> Sweep {
    try Handles.box(handle, "sweep", as: Sweep.self).state.withLock { $0 }
}

/// `ae_sweep_run_count`.
@c(ae_sweep_run_count)
public func aeSweepRunCount(
    _ sweep: OpaquePointer?, _ runs: UnsafeMutablePointer<Int64>?, _ complete: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let object = try sweepObject(sweep)
        try Buffer.required(runs, "runs").pointee = Int64(object.runs.count)
        complete?.pointee = Int64(object.runs.filter(object.isComplete).count)
    }
}

/// `ae_sweep_run`.
@c(ae_sweep_run)
public func aeSweepRun(
    _ sweep: OpaquePointer?, _ index: Int64, _ threads: Int32, _ skipped: UnsafeMutablePointer<Int32>?,
    _ epochSeconds: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let object = try sweepObject(sweep)
        guard index >= 0, index < Int64(object.runs.count) else {
            throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "index must be in 0..<\(object.runs.count), got \(index)")
        }
        let workers = try threadCount(threads)
        let outcome = try ScenarioInputs.mapping { try object.run(Int(index), threads: workers) }
        skipped?.pointee = outcome.skipped ? 1 : 0
        epochSeconds?.pointee = outcome.epochSeconds
    }
}

/// `ae_sweep_run_describe`.
@c(ae_sweep_run_describe)
public func aeSweepRunDescribe(
    _ sweep: OpaquePointer?, _ index: Int64, _ name: UnsafeMutablePointer<CChar>?, _ nameSize: Int,
    _ text: UnsafeMutablePointer<CChar>?, _ textSize: Int, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let object = try sweepObject(sweep)
        guard index >= 0, index < Int64(object.runs.count) else {
            throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "index must be in 0..<\(object.runs.count), got \(index)")
        }
        let run = object.runs[Int(index)]
        if name != nil { try ScenarioInputs.copy(run.name, into: name, size: nameSize, "name") }
        if text != nil { try ScenarioInputs.copy(object.describe(run), into: text, size: textSize, "text") }
    }
}

/// `ae_sweep_finish`.
@c(ae_sweep_finish)
public func aeSweepFinish(_ sweep: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int) -> ae_status {
    call(error, errorSize) {
        let object = try sweepObject(sweep)
        _ = try ScenarioInputs.mapping { try object.finish() }
    }
}
