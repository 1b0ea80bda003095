/// Configuration of the sandbox boundary; the reference's defaults.
public struct PermeabilityConfig: Equatable, Sendable, Codable {
    /// Permeability with no threat and neutral trust, in [0, 1] (0 sealed, 1 open).
    public var basePermeability: Double
    /// Fraction of quality lost by a flow that crosses, in [0, 1].
    public var informationDecay: Double
    /// Base rate at which harmful interactions spread, in [0, 1].
    public var contagionRate: Double
    /// Harm multiplier of a spillover (>= 0).
    public var spilloverAmplification: Double
    /// Whether threat and trust move the permeability.
    public var adaptive: Bool
    /// How strongly threat closes the boundary (>= 0).
    public var threatSensitivity: Double

    /// A configuration; every argument defaults to the reference's value.
    public init(
        basePermeability: Double = 0.5, informationDecay: Double = 0.1, contagionRate: Double = 0.05,
        spilloverAmplification: Double = 1.5, adaptive: Bool = true, threatSensitivity: Double = 1.0
    ) {
        self.basePermeability = basePermeability
        self.informationDecay = informationDecay
        self.contagionRate = contagionRate
        self.spilloverAmplification = spilloverAmplification
        self.adaptive = adaptive
        self.threatSensitivity = threatSensitivity
    }

    /// Checks every field.
    ///
    /// - Throws: `AgentEconomiesError` naming the field when a rate is outside [0, 1],
    ///   `spilloverAmplification` or `threatSensitivity` is negative, or a number is NaN or
    ///   infinite.
    public func validate() throws {
        try Validate.inRange(basePermeability, 0, 1, "PermeabilityConfig.basePermeability")
        try Validate.inRange(informationDecay, 0, 1, "PermeabilityConfig.informationDecay")
        try Validate.inRange(contagionRate, 0, 1, "PermeabilityConfig.contagionRate")
        try Validate.nonNegative(spilloverAmplification, "PermeabilityConfig.spilloverAmplification")
        try Validate.nonNegative(threatSensitivity, "PermeabilityConfig.threatSensitivity")
    }

    enum CodingKeys: String, CodingKey {
        case basePermeability = "base_permeability"
        case informationDecay = "information_decay"
        case contagionRate = "contagion_rate"
        case spilloverAmplification = "spillover_amplification"
        case adaptive
        case threatSensitivity = "threat_sensitivity"
    }
}
