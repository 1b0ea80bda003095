import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The state behind an `ae_permeability_model` handle: the configuration, the random stream
/// and the boundary's running totals.
struct PermeabilityModelState: Sendable {
    let options: ae_permeability_options
    var random: RandomSource
    var summary: ae_permeability_state

    /// The state at the base permeability, no events.
    static func initial(_ options: ae_permeability_options) -> ae_permeability_state {
        ae_permeability_state(
            effective_permeability: options.base_permeability, threat_level: 0, total_spillovers: 0,
            total_blocked: 0, cumulative_external_harm: 0)
    }
}

/// Checks the options' ranges, naming the field.
func checkPermeability(_ options: ae_permeability_options) throws {
    for (value, field) in [
        (options.base_permeability, "base_permeability"), (options.information_decay, "information_decay"),
        (options.contagion_rate, "contagion_rate"),
    ] {
        try Validate.inRange(value, 0, 1, "options.\(field)")
    }
    try Validate.nonNegative(options.spillover_amplification, "options.spillover_amplification")
    try Validate.nonNegative(options.threat_sensitivity, "options.threat_sensitivity")
    _ = try flag(options.adaptive, "options.adaptive")
}

/// `ae_permeability_options_default`.
@c(ae_permeability_options_default)
public func aePermeabilityOptionsDefault(_ options: UnsafeMutablePointer<ae_permeability_options>?) {
    options?.pointee = ae_permeability_options(
        struct_size: MemoryLayout<ae_permeability_options>.size, base_permeability: 0.5, information_decay: 0.1, contagion_rate: 0.05,
        spillover_amplification: 1.5,
        adaptive: 1, threat_sensitivity: 1.0)
}

/// `ae_permeability_model_create`.
@c(ae_permeability_model_create)
public func aePermeabilityModelCreate(
    _ options: UnsafePointer<ae_permeability_options>?, _ seedWords: UnsafePointer<UInt32>?, _ seedWordCount: Int64,
    _ seeded: Int32, _ model: UnsafeMutablePointer<OpaquePointer?>?, _ error: UnsafeMutablePointer<CChar>?,
    _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        guard let options else { throw CallError.null("options") }
        try checkStructSize(options.pointee.struct_size, MemoryLayout<ae_permeability_options>.size, "options")
        let out = try Buffer.required(model, "model")
        try checkPermeability(options.pointee)
        let state = PermeabilityModelState(
            options: options.pointee, random: try randomSource(words: seedWords, count: seedWordCount, seeded: seeded),
            summary: PermeabilityModelState.initial(options.pointee))
        out.pointee = Handles.register(HandleBox(state))
    }
}

/// `ae_permeability_model_destroy`.
@c(ae_permeability_model_destroy)
public func aePermeabilityModelDestroy(
    _ model: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) { try Handles.destroy(model, "model", as: PermeabilityModelState.self) }
}

/// `ae_permeability_model_effective`.
@c(ae_permeability_model_effective)
public func aePermeabilityModelEffective(
    _ model: OpaquePointer?, _ threatLevel: Double, _ agentTrust: Double, _ effective: UnsafeMutablePointer<Double>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Validate.finite(threatLevel, "threat_level")
        try Validate.finite(agentTrust, "agent_trust")
        let out = try Buffer.required(effective, "effective")
        out.pointee = try Handles.with(model, "model") { (state: inout PermeabilityModelState) in
            let options = state.options
            if options.adaptive == 0 { return options.base_permeability }
            let value = PermeabilityKernels.effectivePermeability(
                base: options.base_permeability, threatLevel: threatLevel,
                threatSensitivity: options.threat_sensitivity, agentTrust: agentTrust)
            state.summary.effective_permeability = value
            state.summary.threat_level = threatLevel
            return value
        }
    }
}

/// `ae_permeability_model_should_cross`.
@c(ae_permeability_model_should_cross)
public func aePermeabilityModelShouldCross(
    _ model: OpaquePointer?, _ permeability: Double, _ p: Double, _ allowed: UnsafeMutablePointer<Int32>?,
    _ degraded: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Validate.finite(permeability, "permeability")
        try Validate.finite(p, "p")
        let allowedOut = try Buffer.required(allowed, "allowed")
        let (crosses, quality) = try Handles.with(model, "model") { (state: inout PermeabilityModelState) in
            let crosses =
                state.random.random() < PermeabilityKernels.crossingProbability(p: p, permeability: permeability)
            return (crosses, crosses ? p * (1 - state.options.information_decay) : p)
        }
        allowedOut.pointee = crosses ? 1 : 0
        degraded?.pointee = quality
    }
}

/// `ae_permeability_model_spillover`.
@c(ae_permeability_model_spillover)
public func aePermeabilityModelSpillover(
    _ model: OpaquePointer?, _ n: Int64, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?,
    _ useState: Int32, _ permeability: Double, _ eventIndices: UnsafeMutablePointer<Int64>?,
    _ eventHarm: UnsafeMutablePointer<Double>?, _ eventBlocked: UnsafeMutablePointer<UInt8>?,
    _ eventCount: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let count = try Buffer.count(n, "n")
        let fromState = try flag(useState, "use_state_permeability")
        if !fromState { try Validate.finite(permeability, "permeability") }
        let quality = try Buffer.read(p, count, "p")
        let flags = try Buffer.read(accepted, count, "accepted")
        for (index, value) in flags.enumerated() where value > 1 {
            throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "accepted[\(index)] must be 0 or 1, got \(value)")
        }
        for (index, value) in quality.enumerated() { try Validate.inRange(value, 0, 1, "p[\(index)]") }
        let indicesOut = try Buffer.output(eventIndices, count, "event_indices")
        let harmOut = try Buffer.output(eventHarm, count, "event_harm")
        let blockedOut = try Buffer.output(eventBlocked, count, "event_blocked")
        let countOut = try Buffer.required(eventCount, "event_count")
        let spillovers = try Handles.with(model, "model") { (state: inout PermeabilityModelState) in
            let rates = PermeabilityKernels.Rates(
                contagionRate: state.options.contagion_rate,
                spilloverAmplification: state.options.spillover_amplification)
            let events = try PermeabilityKernels.simulateSpillover(
                p: quality, accepted: flags.map { $0 == 1 },
                permeability: fromState ? state.summary.effective_permeability : permeability, rates: rates,
                random: &state.random)
            for event in 0..<events.count {
                if events.blocked[event] {
                    state.summary.total_blocked += 1
                } else {
                    state.summary.total_spillovers += 1
                    state.summary.cumulative_external_harm += events.harm[event]
                }
            }
            return events
        }
        writeEvents(spillovers, indices: indicesOut, harm: harmOut, blocked: blockedOut, count: countOut)
    }
}

/// `ae_permeability_model_state`.
@c(ae_permeability_model_state)
public func aePermeabilityModelState(
    _ model: OpaquePointer?, _ out: UnsafeMutablePointer<ae_permeability_state>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let target = try Buffer.required(out, "state")
        target.pointee = try Handles.with(model, "model") { (state: inout PermeabilityModelState) in state.summary }
    }
}

/// `ae_permeability_model_reset`.
@c(ae_permeability_model_reset)
public func aePermeabilityModelReset(
    _ model: OpaquePointer?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Handles.with(model, "model") { (state: inout PermeabilityModelState) in
            state.summary = PermeabilityModelState.initial(state.options)
        }
    }
}
