import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The detector's parameters from C options.
func crashParameters(_ options: ae_crash_options) throws -> FlashCrashMonitor.Parameters {
    let threshold = options.price_drop_threshold
    if !(threshold > 0 && threshold <= 1) {
        throw CallError(
            status: threshold.isFinite ? AE_ERROR_OUT_OF_RANGE : AE_ERROR_NOT_FINITE,
            message: "price_drop_threshold must be in (0, 1], got \(threshold)")
    }
    if options.window_ticks < 1 { throw CallError.size("window_ticks", Int64(options.window_ticks), ">= 1") }
    try Validate.positive(options.volume_spike_factor, "volume_spike_factor")
    return FlashCrashMonitor.Parameters(
        priceDropThreshold: options.price_drop_threshold, windowTicks: Int(options.window_ticks),
        volumeSpikeFactor: options.volume_spike_factor,
        requireVolumeSpike: try flag(options.require_volume_spike, "require_volume_spike"))
}

/// A crash record for C.
func cCrash(_ crash: FlashCrashMonitor.Crash, agents: Int) -> ae_crash {
    ae_crash(
        start_tick: Int64(crash.startTick), end_tick: Int64(crash.endTick),
        recovery_time_ticks: Int64(crash.recoveryTicks), price_drop_pct: crash.dropFraction,
        severity: crash.severity, trigger_agent_count: Int64(agents))
}

/// Copies crashes `start ..< start + capacity` of `crashes` into a caller's array.
func copyCrashes(
    _ crashes: [FlashCrashMonitor.Crash], agents: (Int) -> Int, start: Int64, capacity: Int64,
    into output: UnsafeMutablePointer<ae_crash>?, written: UnsafeMutablePointer<Int64>?
) throws {
    let first = try Buffer.count(start, "start"), room = try Buffer.count(capacity, "capacity")
    let count = max(0, min(room, crashes.count - first))
    let out = try Buffer.output(output, count, "crashes")
    for index in 0..<count { out[index] = cCrash(crashes[first + index], agents: agents(first + index)) }
    try Buffer.required(written, "written").pointee = Int64(count)
}

/// `ae_crash_options_default`.
@c(ae_crash_options_default)
public func aeCrashOptionsDefault(_ options: UnsafeMutablePointer<ae_crash_options>?) {
    guard let options else { return }
    let defaults = FlashCrashMonitor.Parameters()
    options.pointee = ae_crash_options(
        struct_size: MemoryLayout<ae_crash_options>.size, price_drop_threshold: defaults.priceDropThreshold,
        window_ticks: Int32(defaults.windowTicks),
        volume_spike_factor: defaults.volumeSpikeFactor, require_volume_spike: 0)
}

/// `ae_crash_detector_create`.
@c(ae_crash_detector_create)
public func aeCrashDetectorCreate(
    _ options: UnsafePointer<ae_crash_options>?, _ detector: UnsafeMutablePointer<OpaquePointer?>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        guard let options else { throw CallError.null("options") }
        try checkStructSize(options.pointee.struct_size, MemoryLayout<ae_crash_options>.size, "options")
        let out = try Buffer.required(detector, "detector")
        let monitor = try FlashCrashMonitor(crashParameters(options.pointee), owner: "options")
        out.pointee = Handles.register(HandleBox(monitor))
    }
}

/// `ae_crash_detector_destroy`.
@c(ae_crash_detector_destroy)
public func aeCrashDetectorDestroy(
    _ detector: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) { try Handles.destroy(detector, "detector", as: FlashCrashMonitor.self) }
}

/// `ae_crash_detector_update`.
@c(ae_crash_detector_update)
public func aeCrashDetectorUpdate(
    _ detector: OpaquePointer?, _ price: Double, _ volume: Int64, _ tick: Int64,
    _ started: UnsafeMutablePointer<Int32>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Validate.finite(price, "price")
        let orders = try Buffer.count(volume, "volume")
        let began = try Handles.with(detector, "detector") { (monitor: inout FlashCrashMonitor) in
            monitor.update(price: price, volume: orders, tick: Int(tick))
        }
        started?.pointee = began ? 1 : 0
    }
}

/// `ae_crash_detector_state`.
@c(ae_crash_detector_state)
public func aeCrashDetectorState(
    _ detector: OpaquePointer?, _ volatility: UnsafeMutablePointer<Double>?,
    _ inCrash: UnsafeMutablePointer<Int32>?, _ crashCount: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Handles.with(detector, "detector") { (monitor: inout FlashCrashMonitor) in
            volatility?.pointee = monitor.volatilityIndex
            inCrash?.pointee = monitor.isInCrash ? 1 : 0
            crashCount?.pointee = Int64(monitor.crashes.count)
        }
    }
}

/// `ae_crash_detector_crashes`.
@c(ae_crash_detector_crashes)
public func aeCrashDetectorCrashes(
    _ detector: OpaquePointer?, _ start: Int64, _ capacity: Int64, _ crashes: UnsafeMutablePointer<ae_crash>?,
    _ written: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Handles.with(detector, "detector") { (monitor: inout FlashCrashMonitor) in
            try copyCrashes(
                monitor.crashes, agents: { _ in 0 }, start: start, capacity: capacity, into: crashes,
                written: written)
        }
    }
}

/// `ae_crash_detector_reset`.
@c(ae_crash_detector_reset)
public func aeCrashDetectorReset(
    _ detector: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Handles.with(detector, "detector") { (monitor: inout FlashCrashMonitor) in monitor.reset() }
    }
}
