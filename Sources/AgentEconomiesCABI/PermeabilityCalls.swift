import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The interaction columns of a permeability call: p in [0, 1] and accepted flags 0 or 1.
func interactionColumns(
    _ n: Int64, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?
) throws
    -> ([Double], [Bool])
{
    let count = try Buffer.count(n, "n")
    let quality = try Buffer.read(p, count, "p")
    let flags = try Buffer.read(accepted, count, "accepted")
    for (index, value) in quality.enumerated() { try Validate.inRange(value, 0, 1, "p[\(index)]") }
    for (index, flag) in flags.enumerated() where flag > 1 {
        throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "accepted[\(index)] must be 0 or 1, got \(flag)")
    }
    return (quality, flags.map { $0 == 1 })
}

/// The contagion rates, checked finite and non-negative.
func rates(_ contagionRate: Double, _ amplification: Double) throws -> PermeabilityKernels.Rates {
    try Validate.nonNegative(contagionRate, "contagion_rate")
    try Validate.nonNegative(amplification, "spillover_amplification")
    return PermeabilityKernels.Rates(contagionRate: contagionRate, spilloverAmplification: amplification)
}

/// `ae_permeability_spillover`: spillover events over columns (see the header).
@c(ae_permeability_spillover)
public func aePermeabilitySpillover(
    _ n: Int64, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?, _ permeability: Double,
    _ contagionRate: Double, _ amplification: Double, _ seed: UInt64, _ threads: Int32,
    _ eventIndices: UnsafeMutablePointer<Int64>?, _ eventHarm: UnsafeMutablePointer<Double>?,
    _ eventBlocked: UnsafeMutablePointer<UInt8>?, _ eventCount: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let (quality, flags) = try interactionColumns(n, p, accepted)
        try Validate.inRange(permeability, 0, 1, "permeability")
        let chosen = try rates(contagionRate, amplification)
        if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0") }
        let indicesOut = try Buffer.output(eventIndices, quality.count, "event_indices")
        let harmOut = try Buffer.output(eventHarm, quality.count, "event_harm")
        let blockedOut = try Buffer.output(eventBlocked, quality.count, "event_blocked")
        let countOut = try Buffer.required(eventCount, "event_count")
        let events = try PermeabilityKernels.simulateSpillover(
            p: quality, accepted: flags, permeability: permeability, rates: chosen, seed: seed,
            threads: threads == 0 ? nil : Int(threads))
        writeEvents(events, indices: indicesOut, harm: harmOut, blocked: blockedOut, count: countOut)
    }
}

/// `ae_permeability_optimal`: the reference's grid search for the best permeability.
@c(ae_permeability_optimal)
public func aePermeabilityOptimal(
    _ n: Int64, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?, _ contagionRate: Double,
    _ amplification: Double, _ weight: Double, _ samples: Int64, _ threads: Int32,
    _ optimal: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let (quality, flags) = try interactionColumns(n, p, accepted)
        let chosen = try rates(contagionRate, amplification)
        try Validate.finite(weight, "external_harm_weight")
        if samples > Int64(Int32.max) { throw CallError.size("samples", samples, "<= \(Int32.max)") }
        if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0") }
        let output = try Buffer.required(optimal, "optimal")
        let best = try PermeabilityKernels.optimalPermeability(
            p: quality, accepted: flags, rates: chosen, externalHarmWeight: weight, samples: Int(samples),
            threads: threads == 0 ? nil : Int(threads))
        output.pointee = best.permeability
    }
}

/// Writes spillover events into caller columns (room for every interaction, so they fit).
func writeEvents(
    _ events: PermeabilityKernels.Spillovers, indices: UnsafeMutableBufferPointer<Int64>,
    harm: UnsafeMutableBufferPointer<Double>, blocked: UnsafeMutableBufferPointer<UInt8>,
    count: UnsafeMutablePointer<Int64>
) {
    for event in 0..<events.count {
        indices[event] = Int64(events.indices[event])
        harm[event] = events.harm[event]
        blocked[event] = events.blocked[event] ? 1 : 0
    }
    count.pointee = Int64(events.count)
}
