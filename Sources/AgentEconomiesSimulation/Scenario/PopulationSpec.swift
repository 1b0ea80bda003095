/// One kind of agent: its share of the population and the quality p of its interactions,
/// drawn uniformly in `p_mean ± p_spread` and clamped to [0, 1].
public struct AgentTypeSpec: Codable, Equatable, Sendable {
    /// `honest`, `opportunistic`, `deceptive` or `adversarial`: the behaviour (opportunistic
    /// and deceptive agents learn their quality, adversarial ones an attack strategy, when the
    /// economy is adaptive) and the `payoff_T` and `wallet_T` columns.
    public var name: String
    /// Share of the agents (the shares are normalised to sum to 1).
    public var share: Double
    /// Mean quality of the type's interactions.
    public var pMean: Double
    /// Half-width of the uniform spread around the mean.
    public var pSpread: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, share
        case pMean = "p_mean"
        case pSpread = "p_spread"
    }

    /// A type.
    public init(name: String, share: Double, pMean: Double, pSpread: Double) {
        self.name = name
        self.share = share
        self.pMean = pMean
        self.pSpread = pSpread
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        name = try c.value(CodingKeys.name, "honest")
        share = try c.value(CodingKeys.share, 1.0)
        pMean = try c.value(CodingKeys.pMean, 0.8)
        pSpread = try c.value(CodingKeys.pSpread, 0.1)
    }
}

extension AgentTypeSpec {
    /// The type names the schema knows, in column order.
    public static let names = ["honest", "opportunistic", "deceptive", "adversarial"]
}

/// Who the agents are.
public struct PopulationSpec: Codable, Equatable, Sendable {
    /// The agent types (the seed's soft-label pipeline: honest, opportunistic, deceptive,
    /// adversarial).
    public var types: [AgentTypeSpec] = [
        AgentTypeSpec(name: "honest", share: 0.6, pMean: 0.8, pSpread: 0.1),
        AgentTypeSpec(name: "opportunistic", share: 0.2, pMean: 0.6, pSpread: 0.15),
        AgentTypeSpec(name: "deceptive", share: 0.1, pMean: 0.45, pSpread: 0.2),
        AgentTypeSpec(name: "adversarial", share: 0.1, pMean: 0.2, pSpread: 0.1),
    ]
    /// Share of the honest-entity agents holding proof of personhood.
    public var proofOfPersonhoodShare: Double = 0.5
    /// Sybil entities; each controls one ring of identities (adversarial agents).
    public var sybilEntities: Int = 0
    /// Identities per Sybil ring.
    public var sybilRingSize: Int = 5
    /// Share of a ring member's interactions sent to random counterparties instead of the
    /// beneficiary, in [0, 1]: the rings' play when the economy does not adapt (adaptive rings
    /// choose it among 0, 0.25, 0.5, 0.75 and 1 each epoch).
    public var sybilObfuscation: Double = 0
    /// Quality p of a ring member's interactions with its beneficiary (faked praise), in [0, 1].
    public var sybilBoostP: Double = 0.9

    enum CodingKeys: String, CodingKey, CaseIterable {
        case types
        case proofOfPersonhoodShare = "proof_of_personhood_share"
        case sybilEntities = "sybil_entities"
        case sybilRingSize = "sybil_ring_size"
        case sybilObfuscation = "sybil_obfuscation"
        case sybilBoostP = "sybil_boost_p"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = PopulationSpec()
        types = try c.value(CodingKeys.types, d.types)
        proofOfPersonhoodShare = try c.value(CodingKeys.proofOfPersonhoodShare, d.proofOfPersonhoodShare)
        sybilEntities = try c.value(CodingKeys.sybilEntities, d.sybilEntities)
        sybilRingSize = try c.value(CodingKeys.sybilRingSize, d.sybilRingSize)
        sybilObfuscation = try c.value(CodingKeys.sybilObfuscation, d.sybilObfuscation)
        sybilBoostP = try c.value(CodingKeys.sybilBoostP, d.sybilBoostP)
    }

    func validate(agents: Int) throws {
        if types.isEmpty { throw ScenarioError(key: "population.types", problem: "must list at least one type") }
        var total = 0.0
        for (index, type) in types.enumerated() {
            try Check.nonNegative(type.share, "population.types[\(index)].share")
            try Check.unit(type.pMean, "population.types[\(index)].p_mean")
            try Check.nonNegative(type.pSpread, "population.types[\(index)].p_spread")
            try Check.oneOf(type.name, AgentTypeSpec.names, "population.types[\(index)].name")
            total += type.share
        }
        if !(total > 0) { throw ScenarioError(key: "population.types", problem: "shares must not all be 0") }
        try Check.unit(proofOfPersonhoodShare, "population.proof_of_personhood_share")
        try Check.atLeast(sybilEntities, 0, "population.sybil_entities")
        try Check.atLeast(sybilRingSize, 2, "population.sybil_ring_size")
        try Check.unit(sybilObfuscation, "population.sybil_obfuscation")
        try Check.unit(sybilBoostP, "population.sybil_boost_p")
        if sybilEntities * sybilRingSize > agents / 2 {
            throw ScenarioError(
                key: "population.sybil_entities",
                problem: "\(sybilEntities) rings of \(sybilRingSize) exceed half of the \(agents) agents")
        }
    }
}
