import AgentEconomiesKernels

extension Steps {
    /// The boundary: threat from the previous epoch's harm, the population's mean trust, and
    /// spillover over the epoch's accepted interactions (chunk-seeded draws). Each spillover
    /// that crosses burns `sanction_rate` times its harm from the interaction's initiator.
    static func permeability(
        _ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels
    ) throws {
        let spec = state.scenario.permeability
        let scale = spec.harmPerInteractionAtFullThreat * Double(max(1, context.interactions.count))
        let threat = min(1, state.previousHarm / scale)
        let effective = PermeabilityKernels.effectivePermeability(
            base: spec.basePermeability, threatLevel: threat, threatSensitivity: spec.threatSensitivity,
            agentTrust: context.record.meanTrust)
        let seed = state.scenario.seed &* 31 &+ UInt64(context.epoch)
        let spillovers = try kernels.spillover(
            context.interactions.p, context.interactions.accepted, effective,
            .init(contagionRate: spec.contagionRate, spilloverAmplification: spec.spilloverAmplification),
            seed, context.threads)
        if let directory = context.traceDirectory {
            try EpochTrace.writeSpillover(
                to: directory, spec: spec, threat: threat, trust: context.record.meanTrust, permeability: effective,
                seed: seed, interactions: context.interactions, spillovers: spillovers)
        }
        if spec.sanctionRate > 0 {
            let offsets = context.interactions.offsets
            for event in 0..<spillovers.count where !spillovers.blocked[event] {
                let initiator = Self.initiator(of: spillovers.indices[event], offsets: offsets)
                let sanction = spec.sanctionRate * spillovers.harm[event]
                state.ledger.charge(initiator, sanction)
                context.emit(
                    "SANCTION",
                    [
                        ("agent", .integer(initiator)), ("amount", .number(sanction)),
                        ("reason", .string("boundary")), ("interaction", .integer(spillovers.indices[event])),
                    ])
                context.penalties[initiator] += sanction
                context.detected[initiator] = true
            }
        }
        let harm = spillovers.externalHarm
        context.record.effectivePermeability = effective
        context.record.spilloverHarm = harm
        context.record.containmentRate =
            spillovers.count > 0 ? Double(spillovers.blockedCount) / Double(spillovers.count) : 1
        state.previousHarm = harm
    }

    /// The initiator of interaction `index` (the agent whose offsets range holds it).
    static func initiator(of index: Int, offsets: [Int]) -> Int {
        var low = 0, high = offsets.count - 1
        while low + 1 < high {
            let middle = (low + high) / 2
            if offsets[middle] <= index { low = middle } else { high = middle }
        }
        return low
    }
}
