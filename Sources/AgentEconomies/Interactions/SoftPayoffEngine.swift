/// The reference's name for the payoff constants (`PayoffConfig` in SWARM 1.9.0).
public typealias PayoffConfig = SoftPayoffParameters

/// The reference's soft payoff engine (`SoftPayoffEngine`) on ``SoftInteraction`` values:
/// each payoff is SWARM 1.9.0's to the last bit (see <doc:SoftInteractions>). For columns,
/// ``payoffs(_:)`` and the kernels' `SoftPayoffKernels` take arrays.
///
/// ```swift
/// let engine = try SoftPayoffEngine(config: PayoffConfig(theta: 0.6, rhoA: 0.2))
/// let interaction = try SoftInteraction(p: 0.8, accepted: true, tau: 0.1)
/// engine.payoffInitiator(interaction)   // 0.6 * 1.4 - 0.1 - 0.2 * 0.4
/// ```
public struct SoftPayoffEngine: Sendable {
    /// The payoff constants (validated).
    public let config: SoftPayoffParameters

    /// An engine; throws `AgentEconomiesError` naming a constant outside the reference's range.
    public init(config: SoftPayoffParameters = SoftPayoffParameters()) throws {
        try config.validate()
        self.config = config
    }

    /// `p s+ - (1 - p) s-`.
    public func expectedSurplus(_ p: Double) -> Double { config.expectedSurplus(p) }

    /// `(1 - p) h`.
    public func expectedHarm(_ p: Double) -> Double { config.expectedHarm(p) }

    /// The initiator's payoff `theta S - tau - c_a - rho_a E + w_rep r_a`.
    public func payoffInitiator(_ interaction: SoftInteraction) -> Double { payoffsBoth(interaction).initiator }

    /// The counterparty's payoff `(1 - theta) S + tau - c_b - rho_b E + w_rep r_b`.
    public func payoffCounterparty(_ interaction: SoftInteraction) -> Double { payoffsBoth(interaction).counterparty }

    /// Both payoffs of one interaction.
    public func payoffsBoth(_ interaction: SoftInteraction) -> (initiator: Double, counterparty: Double) {
        let c = config, i = interaction
        let surplus = c.expectedSurplus(i.p), harm = c.expectedHarm(i.p)
        return (
            c.theta * surplus - i.tau - i.cA - c.rhoA * harm + c.wRep * i.rA,
            (1 - c.theta) * surplus + i.tau - i.cB - c.rhoB * harm + c.wRep * i.rB
        )
    }

    /// The sum of both payoffs (the reference's `total_welfare`).
    public func totalWelfare(_ interaction: SoftInteraction) -> Double {
        payoffInitiator(interaction) + payoffCounterparty(interaction)
    }

    /// `S - E` (the reference's `social_surplus`).
    public func socialSurplus(_ interaction: SoftInteraction) -> Double { config.socialSurplus(interaction.p) }

    /// The p at which the expected surplus is 0.
    public var breakEvenP: Double { config.breakEvenP }

    /// The p at which the social surplus is 0.
    public var socialBreakEvenP: Double { config.socialBreakEvenP }

    /// Both payoffs of every interaction, as columns.
    ///
    /// - Complexity: O(n).
    public func payoffs(_ interactions: [SoftInteraction]) throws -> SoftPayoffKernels.Payoffs {
        try SoftPayoffKernels.payoffs(
            p: interactions.map(\.p), terms: SoftMetrics.terms(interactions), parameters: config)
    }
}

/// The reference's interaction metrics (`SoftMetrics`) on ``SoftInteraction`` values: one
/// pass computes them all (``summary(_:options:)``); the methods named after the reference's
/// read one each.
public struct SoftMetrics: Sendable {
    /// The payoff engine whose payoffs the payoff metrics use.
    public let payoffEngine: SoftPayoffEngine

    /// Metrics under `payoffEngine`'s constants.
    public init(payoffEngine: SoftPayoffEngine) {
        self.payoffEngine = payoffEngine
    }

    /// Every metric; the calibration ones over the interactions with a ground truth.
    ///
    /// - Throws: `AgentEconomiesError` naming an option out of range or a ground truth other
    ///   than +1 or -1.
    /// - Complexity: O(n) plus O(k log k) for the AUC over k interactions with a ground truth.
    public func summary(
        _ interactions: [SoftInteraction], options: SoftMetricsOptions = .init()
    ) throws
        -> SoftMetricsSummary
    {
        let truth = interactions.map { Int8(clamping: $0.groundTruth ?? 0) }
        return try SoftMetricsKernels.summary(
            p: interactions.map(\.p), accepted: interactions.map(\.accepted), terms: Self.terms(interactions),
            parameters: payoffEngine.config, groundTruth: truth.contains { $0 != 0 } ? truth : nil, options: options)
    }

    /// E[1 - p | accepted].
    ///
    /// - Complexity: O(n) plus O(k log k) for the k interactions with a ground truth: the whole
    ///   ``summary(_:options:)`` is computed for one field.
    public func toxicityRate(_ interactions: [SoftInteraction]) throws -> Double {
        try summary(interactions).toxicityRate
    }

    /// E[p | accepted] - E[p | rejected].
    ///
    /// - Complexity: O(n) plus O(k log k) for the k interactions with a ground truth: the whole
    ///   ``summary(_:options:)`` is computed for one field.
    public func qualityGap(_ interactions: [SoftInteraction]) throws -> Double {
        try summary(interactions).qualityGap
    }

    /// E[pi_a | accepted] - E[pi_a].
    ///
    /// - Complexity: O(n) plus O(k log k) for the k interactions with a ground truth: the whole
    ///   ``summary(_:options:)`` is computed for one field.
    public func conditionalLossInitiator(_ interactions: [SoftInteraction]) throws -> Double {
        try summary(interactions).conditionalLossInitiator
    }

    /// The payoff term columns of `interactions`.
    static func terms(_ interactions: [SoftInteraction]) -> SoftPayoffTerms {
        SoftPayoffTerms(
            tau: interactions.map(\.tau), cA: interactions.map(\.cA), cB: interactions.map(\.cB),
            rA: interactions.map(\.rA), rB: interactions.map(\.rB))
    }
}
