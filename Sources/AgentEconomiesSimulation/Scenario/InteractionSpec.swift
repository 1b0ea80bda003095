/// The interaction graph of each epoch.
public struct InteractionSpec: Codable, Equatable, Sendable {
    /// Interactions each active agent initiates per epoch (counterparties drawn with replacement).
    public var perAgent: Int = 20
    /// Zipf exponent of counterparty popularity (0: uniform).
    public var popularityExponent: Double = 1.0
    /// Counterparties a Sybil ring shares (its members draw from this set and from each other).
    public var sybilSharedCounterparties: Int = 8

    enum CodingKeys: String, CodingKey, CaseIterable {
        case perAgent = "per_agent"
        case popularityExponent = "popularity_exponent"
        case sybilSharedCounterparties = "sybil_shared_counterparties"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = InteractionSpec()
        perAgent = try c.value(CodingKeys.perAgent, d.perAgent)
        popularityExponent = try c.value(CodingKeys.popularityExponent, d.popularityExponent)
        sybilSharedCounterparties = try c.value(CodingKeys.sybilSharedCounterparties, d.sybilSharedCounterparties)
    }

    func validate(agents: Int) throws {
        try Check.atLeast(perAgent, 1, "interactions.per_agent")
        try Check.nonNegative(popularityExponent, "interactions.popularity_exponent")
        try Check.atLeast(sybilSharedCounterparties, 1, "interactions.sybil_shared_counterparties")
    }
}
