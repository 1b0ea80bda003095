/// The sandbox boundary (the reference's defaults).
public struct PermeabilitySpec: Codable, Equatable, Sendable {
    /// Permeability with no threat and full trust, in [0, 1].
    public var basePermeability: Double = 0.5
    /// Scales the chance that an accepted interaction spreads, in [0, 1].
    public var contagionRate: Double = 0.05
    /// Harm of a spillover per unit of `1 - p`.
    public var spilloverAmplification: Double = 1.5
    /// How strongly the threat level closes the boundary.
    public var threatSensitivity: Double = 1.0
    /// External harm per interaction that makes the threat level 1: the threat is the previous
    /// epoch's harm over this times the epoch's interactions (at most 1), so it does not
    /// depend on the population's size.
    public var harmPerInteractionAtFullThreat: Double = 0.005
    /// Tokens burned from an interaction's initiator per unit of external harm its spillover
    /// carried across the boundary (the permeability sanction; >= 0).
    public var sanctionRate: Double = 0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sanctionRate = "sanction_rate"
        case basePermeability = "base_permeability"
        case contagionRate = "contagion_rate"
        case spilloverAmplification = "spillover_amplification"
        case threatSensitivity = "threat_sensitivity"
        case harmPerInteractionAtFullThreat = "harm_per_interaction_at_full_threat"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = PermeabilitySpec()
        basePermeability = try c.value(CodingKeys.basePermeability, d.basePermeability)
        contagionRate = try c.value(CodingKeys.contagionRate, d.contagionRate)
        spilloverAmplification = try c.value(CodingKeys.spilloverAmplification, d.spilloverAmplification)
        threatSensitivity = try c.value(CodingKeys.threatSensitivity, d.threatSensitivity)
        harmPerInteractionAtFullThreat = try c.value(
            "harm_per_interaction_at_full_threat", d.harmPerInteractionAtFullThreat)
        sanctionRate = try c.value(CodingKeys.sanctionRate, d.sanctionRate)
    }

    func validate() throws {
        try Check.unit(basePermeability, "permeability.base_permeability")
        try Check.unit(contagionRate, "permeability.contagion_rate")
        try Check.nonNegative(spilloverAmplification, "permeability.spillover_amplification")
        try Check.nonNegative(threatSensitivity, "permeability.threat_sensitivity")
        try Check.positive(harmPerInteractionAtFullThreat, "permeability.harm_per_interaction_at_full_threat")
        try Check.nonNegative(sanctionRate, "permeability.sanction_rate")
    }
}
