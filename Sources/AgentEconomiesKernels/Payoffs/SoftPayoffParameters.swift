/// The soft payoff rules' constants (the reference's `PayoffConfig`, SWARM 1.9.0
/// `swarm/core/payoff.py`): the surplus of a beneficial and the loss of a harmful interaction,
/// the harm it does to third parties, how the surplus is split, how much of the harm each side
/// bears, and the weight of reputation in a payoff.
///
/// With `S = p s+ - (1 - p) s-` (expected surplus) and `E = (1 - p) h` (expected harm):
///
///     initiator    = theta S - tau - c_a - rho_a E + w_rep r_a
///     counterparty = (1 - theta) S + tau - c_b - rho_b E + w_rep r_b
///
/// See <doc:SoftPayoffs>.
public struct SoftPayoffParameters: Sendable, Equatable, Codable {
    /// Surplus when the interaction is beneficial (`s_plus`, >= 0; default 2).
    public var sPlus: Double
    /// Loss when it is harmful (`s_minus`, >= 0; default 1).
    public var sMinus: Double
    /// Harm to third parties when it is harmful (`h`, >= 0; default 2).
    public var h: Double
    /// The initiator's share of the surplus (`theta`, in [0, 1]; default 0.5).
    public var theta: Double
    /// Share of the harm the initiator internalises (`rho_a`, in [0, 1]; default 0).
    public var rhoA: Double
    /// Share of the harm the counterparty internalises (`rho_b`, in [0, 1]; default 0).
    public var rhoB: Double
    /// Weight of the reputation terms (`w_rep`, in [0, 100]; default 1).
    public var wRep: Double

    enum CodingKeys: String, CodingKey {
        case h, theta
        case sPlus = "s_plus"
        case sMinus = "s_minus"
        case rhoA = "rho_a"
        case rhoB = "rho_b"
        case wRep = "w_rep"
    }

    /// Parameters (the reference's defaults unless given); call ``validate()`` before use, as
    /// every kernel does.
    public init(
        sPlus: Double = 2, sMinus: Double = 1, h: Double = 2, theta: Double = 0.5, rhoA: Double = 0, rhoB: Double = 0,
        wRep: Double = 1
    ) {
        self.sPlus = sPlus
        self.sMinus = sMinus
        self.h = h
        self.theta = theta
        self.rhoA = rhoA
        self.rhoB = rhoB
        self.wRep = wRep
    }

    /// Throws ``AgentEconomiesError`` naming the first field outside the reference's ranges
    /// (the ranges its configuration validator enforces), or not finite.
    public func validate() throws {
        try Validate.nonNegative(sPlus, "s_plus")
        try Validate.nonNegative(sMinus, "s_minus")
        try Validate.nonNegative(h, "h")
        try Validate.inRange(theta, 0, 1, "theta")
        try Validate.inRange(rhoA, 0, 1, "rho_a")
        try Validate.inRange(rhoB, 0, 1, "rho_b")
        try Validate.inRange(wRep, 0, 100, "w_rep")
    }

    /// Expected surplus `p s+ - (1 - p) s-` (evaluated in the reference's order).
    @inlinable
    public func expectedSurplus(_ p: Double) -> Double { p * sPlus - (1 - p) * sMinus }

    /// Expected harm to third parties `(1 - p) h`.
    @inlinable
    public func expectedHarm(_ p: Double) -> Double { (1 - p) * h }

    /// Social surplus `S - E`: the interaction's value with the harm counted.
    @inlinable
    public func socialSurplus(_ p: Double) -> Double { expectedSurplus(p) - expectedHarm(p) }

    /// The p at which the expected surplus is 0: `s- / (s+ + s-)` (0.5 when both are 0).
    public var breakEvenP: Double {
        let denominator = sPlus + sMinus
        return denominator == 0 ? 0.5 : sMinus / denominator
    }

    /// The p at which the social surplus is 0: `(s- + h) / (s+ + s- + h)` (0.5 when all are 0).
    public var socialBreakEvenP: Double {
        let denominator = sPlus + sMinus + h
        return denominator == 0 ? 0.5 : (sMinus + h) / denominator
    }
}
