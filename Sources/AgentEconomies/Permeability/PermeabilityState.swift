/// The running state of a ``PermeabilityModel``.
public struct PermeabilityState: Equatable, Sendable, Codable {
    /// The last computed effective permeability (the base one at start).
    public var effectivePermeability: Double
    /// Spillovers that crossed the boundary.
    public var totalSpillovers: Int
    /// Spillovers the boundary blocked.
    public var totalBlocked: Int
    /// Harm of the spillovers that crossed, summed in order.
    public var cumulativeExternalHarm: Double
    /// The threat level of the last adaptive computation.
    public var threatLevel: Double

    /// A state record.
    public init(
        effectivePermeability: Double = 0.5, totalSpillovers: Int = 0, totalBlocked: Int = 0,
        cumulativeExternalHarm: Double = 0, threatLevel: Double = 0
    ) {
        self.effectivePermeability = effectivePermeability
        self.totalSpillovers = totalSpillovers
        self.totalBlocked = totalBlocked
        self.cumulativeExternalHarm = cumulativeExternalHarm
        self.threatLevel = threatLevel
    }

    enum CodingKeys: String, CodingKey {
        case effectivePermeability = "effective_permeability"
        case totalSpillovers = "total_spillovers"
        case totalBlocked = "total_blocked"
        case cumulativeExternalHarm = "cumulative_external_harm"
        case threatLevel = "threat_level"
    }
}
