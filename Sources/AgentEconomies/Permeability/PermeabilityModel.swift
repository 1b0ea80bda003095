/// The sandbox boundary as a semi-permeable membrane (see <doc:Permeability>): effective
/// permeability from threat and trust, crossings, contagion of harmful interactions, and the
/// permeability that balances flow against external harm.
///
/// With a seed, every draw is CPython's `random.Random(seed)`, so a seeded model makes the
/// reference's spillover events one for one. The batch forms take an ``InteractionBatch``:
/// contagion probabilities in one vectorised pass, spillover at tens of millions of
/// interactions per second, and the optimal permeability from two sums.
public final class PermeabilityModel {
    /// The configuration.
    public let config: PermeabilityConfig
    /// Running totals and the last effective permeability.
    public private(set) var state: PermeabilityState
    /// Every spillover event of the object-path simulations (and of batch simulations run
    /// with `recordHistory: true`), in order.
    public private(set) var history: [SpilloverEvent] = []
    private var random: RandomSource

    /// A model drawing from `random.Random(seed)` when a seed is given, else from the fast
    /// generator seeded by the system.
    ///
    /// - Throws: `AgentEconomiesError` when the configuration is invalid.
    public convenience init(config: PermeabilityConfig = PermeabilityConfig(), seed: Int? = nil) throws {
        try self.init(config: config, random: RandomSource(seed: seed))
    }

    /// A model drawing from `random`; pass `RandomSource/fast(seed:)` for the fast,
    /// reproducible (not CPython) stream, under which batch simulations run on all cores.
    public init(config: PermeabilityConfig, random: RandomSource) throws {
        try config.validate()
        self.config = config
        self.random = random
        state = PermeabilityState(effectivePermeability: config.basePermeability)
    }

    private var rates: PermeabilityKernels.Rates {
        PermeabilityKernels.Rates(
            contagionRate: config.contagionRate,
            spilloverAmplification: config.spilloverAmplification)
    }

    /// The base permeability when not adaptive (state untouched); else
    /// `clamp01(base * clamp01(1 - threat * sensitivity) * (0.5 + 0.5 * trust))`, stored in
    /// the state with the threat level. Arguments outside [0, 1] are used as given, as the
    /// reference does; the clamps bound the result.
    @discardableResult
    public func computeEffectivePermeability(threatLevel: Double = 0, agentTrust: Double = 0.5) -> Double {
        if !config.adaptive { return config.basePermeability }
        let effective = PermeabilityKernels.effectivePermeability(
            base: config.basePermeability, threatLevel: threatLevel, threatSensitivity: config.threatSensitivity,
            agentTrust: agentTrust)
        state.effectivePermeability = effective
        state.threatLevel = threatLevel
        return effective
    }

    /// Whether a flow of quality `interactionP` crosses: one draw below
    /// `permeability * (0.5 + 0.5 p)`. A crossing flow's quality decays by `informationDecay`.
    public func shouldCross(permeability: Double, interactionP: Double) -> (allowed: Bool, degradedP: Double) {
        let allowed =
            random.random()
            < PermeabilityKernels.crossingProbability(
                p: interactionP,
                permeability: permeability)
        return (allowed, allowed ? interactionP * (1 - config.informationDecay) : interactionP)
    }

    /// `clamp01(contagionRate * (1 - p) * permeability)`.
    public func contagionProbability(_ interaction: SoftInteraction, permeability: Double) -> Double {
        PermeabilityKernels.contagionProbability(
            p: interaction.p, permeability: permeability,
            contagionRate: config.contagionRate)
    }

    /// Contagion probability of every interaction of a batch, in one parallel pass.
    ///
    /// - Throws: `AgentEconomiesError` when `permeability` is not finite.
    /// - Complexity: O(n), parallel over fixed chunks.
    public func contagionProbabilities(
        _ batch: InteractionBatch, permeability: Double,
        threads: Int? = nil
    ) throws -> [Double] {
        try PermeabilityKernels.contagionProbabilities(
            p: batch.p, permeability: permeability,
            contagionRate: config.contagionRate, threads: threads)
    }

    /// Simulates spillover for the accepted interactions, in order (see <doc:Permeability>): a draw
    /// below the contagion probability makes an event, a second draw decides whether the
    /// boundary blocks it. Events are returned and appended to ``history``; the state's
    /// totals and cumulative harm grow.
    ///
    /// - Parameters:
    ///   - interactions: the interactions, in order; only accepted ones can spill over.
    ///   - permeability: overrides the state's effective permeability.
    /// - Complexity: O(n) on one thread, plus one event object per event (appended to ``history``
    ///   too).
    public func simulateSpillover(_ interactions: [SoftInteraction], permeability: Double? = nil) -> [SpilloverEvent] {
        let perm = permeability ?? state.effectivePermeability
        // Columns built here always have equal lengths, so the kernel cannot throw.
        let spillovers =
            (try? PermeabilityKernels.simulateSpillover(
                p: interactions.map(\.p), accepted: interactions.map(\.accepted), permeability: perm, rates: rates,
                random: &random)) ?? PermeabilityKernels.Spillovers()
        let events = (0..<spillovers.count).map { event in
            let source = interactions[spillovers.indices[event]]
            return SpilloverEvent(
                sourceInteractionID: source.id, sourceP: source.p,
                harmMagnitude: spillovers.harm[event], blocked: spillovers.blocked[event])
        }
        absorb(spillovers)
        history.append(contentsOf: events)
        return events
    }

    /// The batch form of ``simulateSpillover(_:permeability:)``: events come back as columns
    /// (index of the source interaction, harm, blocked) and are added to the state's totals.
    ///
    /// With a seeded (CPython) model the draws are the reference's stream, one thread, and
    /// the events equal those of the object form. With a fast source
    /// (`RandomSource/fast(seed:)` or no seed) the batch runs on all cores: chunk `k`
    /// draws from its own stream of a seed taken from the model's generator, so results
    /// depend on the model's seed only, never on the thread count.
    ///
    /// - Parameters:
    ///   - batch: the interactions as columns.
    ///   - permeability: overrides the state's effective permeability.
    ///   - recordHistory: also append the events to ``history`` as objects (their source IDs
    ///     from `batch.ids`, or positions).
    ///   - threads: worker count for the fast source (`nil`: all cores).
    /// - Throws: `AgentEconomiesError` when `permeability` is not finite.
    /// - Complexity: O(n): one thread with a CPython source, over the workers with a fast one;
    ///   O(events) memory, plus one object per event in ``history`` with `recordHistory`.
    public func simulateSpillover(
        _ batch: InteractionBatch, permeability: Double? = nil, recordHistory: Bool = false,
        threads: Int? = nil
    ) throws -> PermeabilityKernels.Spillovers {
        let perm = permeability ?? state.effectivePermeability
        try Validate.finite(perm, "permeability")
        let spillovers: PermeabilityKernels.Spillovers
        if random.isCPythonCompatible {
            spillovers = try PermeabilityKernels.simulateSpillover(
                p: batch.p, accepted: batch.accepted,
                permeability: perm, rates: rates, random: &random)
        } else {
            let seed = UInt64(random.random() * 9_007_199_254_740_992)
            spillovers = try PermeabilityKernels.simulateSpillover(
                p: batch.p, accepted: batch.accepted,
                permeability: perm, rates: rates, seed: seed,
                threads: threads)
        }
        absorb(spillovers)
        if recordHistory {
            for event in 0..<spillovers.count {
                let source = spillovers.indices[event]
                history.append(
                    SpilloverEvent(
                        sourceInteractionID: batch.id(at: source), sourceP: batch.p[source],
                        harmMagnitude: spillovers.harm[event],
                        blocked: spillovers.blocked[event]))
            }
        }
        return spillovers
    }

    /// Adds events to the totals in order, as the reference does one by one.
    private func absorb(_ spillovers: PermeabilityKernels.Spillovers) {
        for event in 0..<spillovers.count {
            if spillovers.blocked[event] {
                state.totalBlocked += 1
            } else {
                state.totalSpillovers += 1
                state.cumulativeExternalHarm += spillovers.harm[event]
            }
        }
    }

    /// Harm of the unblocked events among `events` (default: the whole history), in order.
    ///
    /// - Complexity: O(events), the whole ``history`` by default.
    public func spilloverHarm(_ events: [SpilloverEvent]? = nil) -> Double {
        var total = 0.0
        for event in events ?? history where !event.blocked { total += event.harmMagnitude }
        return total
    }

    /// Blocked spillovers over all spillovers; 1 when there were none.
    public func containmentRate() -> Double {
        let total = state.totalSpillovers + state.totalBlocked
        return total == 0 ? 1 : Double(state.totalBlocked) / Double(total)
    }

    /// The reference's grid search for the permeability with the best benefit minus
    /// weighted expected harm, over `perm = k / samples`, `k = 0...samples`; the first best
    /// wins. `samples <= 0` gives 0 (the reference fails on 0 and returns 0 below it).
    ///
    /// Computed from two sums and exact re-scoring of rounding-close grid points
    /// (`PermeabilityKernels/optimalPermeability(p:accepted:rates:externalHarmWeight:samples:threads:)`),
    /// so it equals the reference's answer at a cost that, on typical inputs, does not depend
    /// on `samples`.
    ///
    /// - Complexity: O(n) (one pass), plus O(n) per grid point left within the rounding bound of
    ///   the best: none on typical inputs, all `samples + 1` of them when the slope is 0.
    public func optimalPermeability(
        _ interactions: [SoftInteraction], externalHarmWeight: Double = 1,
        samples: Int = 10
    ) -> Double {
        (try? PermeabilityKernels.optimalPermeability(
            p: interactions.map(\.p), accepted: interactions.map(\.accepted),
            rates: rates, externalHarmWeight: externalHarmWeight,
            samples: samples
        ).permeability) ?? 0
    }

    /// ``optimalPermeability(_:externalHarmWeight:samples:)`` over a batch.
    ///
    /// - Complexity: O(n) over the workers, plus O(n) per grid point left within the rounding bound
    ///   of the best: none on typical inputs, all `samples + 1` of them when the slope is 0.
    public func optimalPermeability(
        _ batch: InteractionBatch, externalHarmWeight: Double = 1, samples: Int = 10,
        threads: Int? = nil
    ) -> Double {
        (try? PermeabilityKernels.optimalPermeability(
            p: batch.p, accepted: batch.accepted, rates: rates,
            externalHarmWeight: externalHarmWeight, samples: samples,
            threads: threads
        ).permeability) ?? 0
    }

    /// State back to the base permeability, history cleared (the random stream continues).
    public func reset() {
        state = PermeabilityState(effectivePermeability: config.basePermeability)
        history.removeAll()
    }
}
