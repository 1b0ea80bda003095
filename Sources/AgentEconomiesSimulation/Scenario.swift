/// A population simulation's description: who the agents are, how they interact, and each
/// component's configuration. Every key has a default; `Scenario.load(yaml:)` reads the YAML
/// schema documented in <doc:Scenarios> and names the key of any error.
public struct Scenario: Codable, Equatable, Sendable {
    /// A label for the outputs.
    public var name: String = "baseline"
    /// Number of agents.
    public var agents: Int = 10_000
    /// Number of epochs.
    public var epochs: Int = 10
    /// The seed of every random draw; the same seed gives the same outputs for any thread count.
    public var seed: UInt64 = 1
    /// Agent types, Sybil rings and proof of personhood.
    public var population = PopulationSpec()
    /// The interaction graph.
    public var interactions = InteractionSpec()
    /// Identity, credentials and the Sybil lever.
    public var identity = IdentitySpec()
    /// The sandbox boundary.
    public var permeability = PermeabilitySpec()
    /// The Dworkin auction over shared resources.
    public var auction = AuctionSpec()
    /// Missions.
    public var missions = MissionSpec()
    /// The high-frequency negotiation market.
    public var hfn = HFNSpec()
    /// Wallets, payoffs and learning.
    public var economy = EconomySpec()

    enum CodingKeys: String, CodingKey {
        case name, agents, epochs, seed, population, interactions, identity, permeability, auction, missions, hfn
        case economy
    }

    /// The defaults (the `baseline` scenario).
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(Set(CodingKeys.allStrings))
        let d = Scenario()
        name = try c.value("name", d.name)
        agents = try c.value("agents", d.agents)
        epochs = try c.value("epochs", d.epochs)
        seed = try c.value("seed", d.seed)
        population = try c.value("population", d.population)
        interactions = try c.value("interactions", d.interactions)
        identity = try c.value("identity", d.identity)
        permeability = try c.value("permeability", d.permeability)
        auction = try c.value("auction", d.auction)
        missions = try c.value("missions", d.missions)
        hfn = try c.value("hfn", d.hfn)
        economy = try c.value("economy", d.economy)
    }

    /// Throws ``ScenarioError`` naming the first key out of range.
    public func validate() throws {
        try Check.atLeast(agents, 2, "agents")
        try Check.atLeast(epochs, 1, "epochs")
        try population.validate(agents: agents)
        try interactions.validate(agents: agents)
        try identity.validate()
        try permeability.validate()
        try auction.validate()
        try missions.validate()
        try hfn.validate()
        try economy.validate()
    }
}

extension Scenario.CodingKeys {
    static let allStrings = [
        "name", "agents", "epochs", "seed", "population", "interactions", "identity", "permeability", "auction",
        "missions", "hfn", "economy",
    ]
}

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

    enum CodingKeys: String, CodingKey {
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
        try c.checkKeys(["name", "share", "p_mean", "p_spread"])
        name = try c.value("name", "honest")
        share = try c.value("share", 1.0)
        pMean = try c.value("p_mean", 0.8)
        pSpread = try c.value("p_spread", 0.1)
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

    enum CodingKeys: String, CodingKey {
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
        try c.checkKeys([
            "types", "proof_of_personhood_share", "sybil_entities", "sybil_ring_size", "sybil_obfuscation",
            "sybil_boost_p",
        ])
        let d = PopulationSpec()
        types = try c.value("types", d.types)
        proofOfPersonhoodShare = try c.value("proof_of_personhood_share", d.proofOfPersonhoodShare)
        sybilEntities = try c.value("sybil_entities", d.sybilEntities)
        sybilRingSize = try c.value("sybil_ring_size", d.sybilRingSize)
        sybilObfuscation = try c.value("sybil_obfuscation", d.sybilObfuscation)
        sybilBoostP = try c.value("sybil_boost_p", d.sybilBoostP)
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

/// The interaction graph of each epoch.
public struct InteractionSpec: Codable, Equatable, Sendable {
    /// Interactions each active agent initiates per epoch (counterparties drawn with replacement).
    public var perAgent: Int = 20
    /// Zipf exponent of counterparty popularity (0: uniform).
    public var popularityExponent: Double = 1.0
    /// Counterparties a Sybil ring shares (its members draw from this set and from each other).
    public var sybilSharedCounterparties: Int = 8

    enum CodingKeys: String, CodingKey {
        case perAgent = "per_agent"
        case popularityExponent = "popularity_exponent"
        case sybilSharedCounterparties = "sybil_shared_counterparties"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(["per_agent", "popularity_exponent", "sybil_shared_counterparties"])
        let d = InteractionSpec()
        perAgent = try c.value("per_agent", d.perAgent)
        popularityExponent = try c.value("popularity_exponent", d.popularityExponent)
        sybilSharedCounterparties = try c.value("sybil_shared_counterparties", d.sybilSharedCounterparties)
    }

    func validate(agents: Int) throws {
        try Check.atLeast(perAgent, 1, "interactions.per_agent")
        try Check.nonNegative(popularityExponent, "interactions.popularity_exponent")
        try Check.atLeast(sybilSharedCounterparties, 1, "interactions.sybil_shared_counterparties")
    }
}

/// Identity, credentials and the Sybil lever (the reference's rules by default).
public struct IdentitySpec: Codable, Equatable, Sendable {
    /// Similarity at or above which two agents are clustered.
    public var similarityThreshold: Double = 0.8
    /// `combined` (the reference's), `cosine` or `jaccard`.
    public var metric: String = "combined"
    /// `greedy` (the reference's) or `connected_components`.
    public var clustering: String = "greedy"
    /// Agents in a larger cluster cannot act the next epoch.
    public var maxClusterSize: Int = 3
    /// Mean p at or above which an agent earns a reputation credential for the epoch.
    public var credentialThreshold: Double = 0.7
    /// Epochs a credential stays valid.
    public var credentialExpiryEpochs: Int = 5
    /// Tokens each identity costs when it is created (the seed's IdentityConfig field; every
    /// agent pays it in the first epoch, so a Sybil entity pays it once per identity; >= 0).
    public var identityCreationCost: Double = 0
    /// Each detection burns `multiplier x 1` token from every flagged agent and takes its
    /// credential of the epoch (the reference's lever; >= 0).
    public var sybilPenaltyMultiplier: Double = 1
    /// Whether an interaction between two agents flagged by the last detection costs each side
    /// `sybil_realtime_rate` (the reference's real-time penalty).
    public var sybilRealtimePenalty = false
    /// The real-time penalty per interaction of a flagged pair (>= 0).
    public var sybilRealtimeRate: Double = 0.1

    enum CodingKeys: String, CodingKey {
        case similarityThreshold = "similarity_threshold"
        case metric, clustering
        case maxClusterSize = "max_cluster_size"
        case credentialThreshold = "credential_threshold"
        case credentialExpiryEpochs = "credential_expiry_epochs"
        case identityCreationCost = "identity_creation_cost"
        case sybilPenaltyMultiplier = "sybil_penalty_multiplier"
        case sybilRealtimePenalty = "sybil_realtime_penalty"
        case sybilRealtimeRate = "sybil_realtime_rate"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(
            Set([
                "similarity_threshold", "metric", "clustering", "max_cluster_size", "credential_threshold",
                "credential_expiry_epochs", "identity_creation_cost", "sybil_penalty_multiplier",
                "sybil_realtime_penalty", "sybil_realtime_rate",
            ]))
        let d = IdentitySpec()
        similarityThreshold = try c.value("similarity_threshold", d.similarityThreshold)
        metric = try c.value("metric", d.metric)
        clustering = try c.value("clustering", d.clustering)
        maxClusterSize = try c.value("max_cluster_size", d.maxClusterSize)
        credentialThreshold = try c.value("credential_threshold", d.credentialThreshold)
        credentialExpiryEpochs = try c.value("credential_expiry_epochs", d.credentialExpiryEpochs)
        identityCreationCost = try c.value("identity_creation_cost", d.identityCreationCost)
        sybilPenaltyMultiplier = try c.value("sybil_penalty_multiplier", d.sybilPenaltyMultiplier)
        sybilRealtimePenalty = try c.value("sybil_realtime_penalty", d.sybilRealtimePenalty)
        sybilRealtimeRate = try c.value("sybil_realtime_rate", d.sybilRealtimeRate)
    }

    func validate() throws {
        try Check.unit(similarityThreshold, "identity.similarity_threshold")
        try Check.oneOf(metric, ["combined", "cosine", "jaccard"], "identity.metric")
        try Check.oneOf(clustering, ["greedy", "connected_components"], "identity.clustering")
        try Check.atLeast(maxClusterSize, 1, "identity.max_cluster_size")
        try Check.unit(credentialThreshold, "identity.credential_threshold")
        try Check.atLeast(credentialExpiryEpochs, 1, "identity.credential_expiry_epochs")
        try Check.nonNegative(identityCreationCost, "identity.identity_creation_cost")
        try Check.nonNegative(sybilPenaltyMultiplier, "identity.sybil_penalty_multiplier")
        try Check.nonNegative(sybilRealtimeRate, "identity.sybil_realtime_rate")
    }
}

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

    enum CodingKeys: String, CodingKey {
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
        try c.checkKeys([
            "base_permeability", "contagion_rate", "spillover_amplification", "threat_sensitivity",
            "harm_per_interaction_at_full_threat", "sanction_rate",
        ])
        let d = PermeabilitySpec()
        basePermeability = try c.value("base_permeability", d.basePermeability)
        contagionRate = try c.value("contagion_rate", d.contagionRate)
        spilloverAmplification = try c.value("spillover_amplification", d.spilloverAmplification)
        threatSensitivity = try c.value("threat_sensitivity", d.threatSensitivity)
        harmPerInteractionAtFullThreat = try c.value(
            "harm_per_interaction_at_full_threat", d.harmPerInteractionAtFullThreat)
        sanctionRate = try c.value("sanction_rate", d.sanctionRate)
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

/// The Dworkin auction over shared resources each epoch.
public struct AuctionSpec: Codable, Equatable, Sendable {
    /// Number of resources.
    public var resources: Int = 64
    /// `tatonnement` (the reference's) or `equilibrium`.
    public var solver: String = "tatonnement"
    public var maxRounds: Int = 50
    public var priceAdjustmentRate: Double = 0.1
    public var convergenceTolerance: Double = 0.01
    public var envyTolerance: Double = 0.05
    /// Share of its wallet an agent brings to the auction (its budget is this times the
    /// wallet, reputation-modulated: `(0.5 + 0.5 mean p)`), in (0, 1].
    public var walletShare: Double = 0.5
    /// Units per agent over all resources: each resource's supply is this times the number of
    /// agents over the number of resources.
    public var supplyPerAgent: Double = 1.0

    enum CodingKeys: String, CodingKey {
        case resources, solver
        case walletShare = "wallet_share"
        case maxRounds = "max_rounds"
        case priceAdjustmentRate = "price_adjustment_rate"
        case convergenceTolerance = "convergence_tolerance"
        case envyTolerance = "envy_tolerance"
        case supplyPerAgent = "supply_per_agent"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys([
            "resources", "solver", "max_rounds", "price_adjustment_rate", "convergence_tolerance",
            "envy_tolerance", "wallet_share", "supply_per_agent",
        ])
        let d = AuctionSpec()
        resources = try c.value("resources", d.resources)
        solver = try c.value("solver", d.solver)
        maxRounds = try c.value("max_rounds", d.maxRounds)
        priceAdjustmentRate = try c.value("price_adjustment_rate", d.priceAdjustmentRate)
        convergenceTolerance = try c.value("convergence_tolerance", d.convergenceTolerance)
        envyTolerance = try c.value("envy_tolerance", d.envyTolerance)
        walletShare = try c.value("wallet_share", d.walletShare)
        supplyPerAgent = try c.value("supply_per_agent", d.supplyPerAgent)
    }

    func validate() throws {
        try Check.atLeast(resources, 1, "auction.resources")
        try Check.oneOf(solver, ["tatonnement", "equilibrium"], "auction.solver")
        try Check.atLeast(maxRounds, 1, "auction.max_rounds")
        if !(priceAdjustmentRate > 0 && priceAdjustmentRate <= 1) {
            throw ScenarioError(key: "auction.price_adjustment_rate", problem: "must be in (0, 1], got \(priceAdjustmentRate)")
        }
        try Check.positive(convergenceTolerance, "auction.convergence_tolerance")
        try Check.nonNegative(envyTolerance, "auction.envy_tolerance")
        if !(walletShare > 0 && walletShare <= 1) {
            throw ScenarioError(key: "auction.wallet_share", problem: "must be in (0, 1], got \(walletShare)")
        }
        try Check.positive(supplyPerAgent, "auction.supply_per_agent")
    }
}

/// Missions proposed and settled each epoch.
public struct MissionSpec: Codable, Equatable, Sendable {
    /// Missions proposed per epoch.
    public var perEpoch: Int = 10
    /// Participants per mission (sampled among active agents when it is proposed).
    public var participants: Int = 50
    /// Epochs of contributions, the proposal's included; evaluated at the end of the last.
    public var durationEpochs: Int = 3
    /// The objective: mean p of the contributed interactions at least this.
    public var targetAvgP: Double = 0.6
    /// Reward pool of each mission.
    public var rewardPool: Double = 1_000
    /// `equal`, `proportional`, `shapley` (the reference's leave-one-out rule),
    /// `shapley_exact` (true Shapley values, at most 20 contributors) or `shapley_permutation`
    /// (true Shapley values by `shapley_samples` antithetic permutation pairs).
    public var rewardDistribution: String = "proportional"
    /// Antithetic permutation pairs of `shapley_permutation` (>= 1).
    public var shapleySamples: Int = 100
    /// Tokens a participant pays per interaction it contributes (the cost of effort; >= 0).
    public var effortCost: Double = 0
    /// Share of its epoch's interactions a participant contributes when the economy does not
    /// adapt (adaptive agents choose it among 0, 0.25, 0.5, 0.75 and 1 per mission), in [0, 1].
    public var effort: Double = 1
    /// Second objective: contributions at least this many (0: none).
    public var targetContributions: Int = 0

    enum CodingKeys: String, CodingKey {
        case participants, effort
        case shapleySamples = "shapley_samples"
        case effortCost = "effort_cost"
        case targetContributions = "target_contributions"
        case perEpoch = "per_epoch"
        case durationEpochs = "duration_epochs"
        case targetAvgP = "target_avg_p"
        case rewardPool = "reward_pool"
        case rewardDistribution = "reward_distribution"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys([
            "per_epoch", "participants", "duration_epochs", "target_avg_p", "reward_pool", "reward_distribution",
            "shapley_samples", "effort_cost", "effort", "target_contributions",
        ])
        let d = MissionSpec()
        perEpoch = try c.value("per_epoch", d.perEpoch)
        participants = try c.value("participants", d.participants)
        durationEpochs = try c.value("duration_epochs", d.durationEpochs)
        targetAvgP = try c.value("target_avg_p", d.targetAvgP)
        rewardPool = try c.value("reward_pool", d.rewardPool)
        rewardDistribution = try c.value("reward_distribution", d.rewardDistribution)
        shapleySamples = try c.value("shapley_samples", d.shapleySamples)
        effortCost = try c.value("effort_cost", d.effortCost)
        effort = try c.value("effort", d.effort)
        targetContributions = try c.value("target_contributions", d.targetContributions)
    }

    func validate() throws {
        try Check.atLeast(perEpoch, 0, "missions.per_epoch")
        try Check.atLeast(participants, 1, "missions.participants")
        try Check.atLeast(durationEpochs, 1, "missions.duration_epochs")
        try Check.unit(targetAvgP, "missions.target_avg_p")
        try Check.positive(rewardPool, "missions.reward_pool")
        try Check.oneOf(
            rewardDistribution, ["equal", "proportional", "shapley", "shapley_exact", "shapley_permutation"],
            "missions.reward_distribution")
        try Check.atLeast(shapleySamples, 1, "missions.shapley_samples")
        try Check.nonNegative(effortCost, "missions.effort_cost")
        try Check.unit(effort, "missions.effort")
        try Check.atLeast(targetContributions, 0, "missions.target_contributions")
        if rewardDistribution == "shapley_exact" && participants > 20 {
            throw ScenarioError(
                key: "missions.participants",
                problem: "shapley_exact rewards at most 20 participants, got \(participants) (use shapley_permutation)")
        }
    }
}

/// The HFN market each epoch.
public struct HFNSpec: Codable, Equatable, Sendable {
    /// Ticks per epoch.
    public var ticksPerEpoch: Int = 20
    /// Share of active agents drawn each tick to place an order.
    public var traderShare: Double = 0.01
    /// An agent without resource 0 bids for it when its value per price is at least this
    /// share of the value per price of the bundle it bought.
    public var needRatio: Double = 0.9
    /// The books clear every this many ticks.
    public var batchIntervalTicks: Int = 5
    /// Ticks a halt lasts.
    public var haltDurationTicks: Int = 20
    /// Fractional drop from the window's maximum price that the detector calls a crash.
    public var priceDropThreshold: Double = 0.1
    /// Epoch of a panic (for its first batch interval every trader sells and buys at half the
    /// price); -1 for none.
    public var panicEpoch: Int = -1
    /// A holder sells its whole holding at a discount (a distressed sale) once the price has
    /// fallen this share below the epoch's opening price (a stop-loss), or when its wallet is
    /// negative; in (0, 1].
    public var distressThreshold: Double = 0.3
    /// Discount of a distressed sale below the market price, in [0, 1).
    public var distressDiscount: Double = 0.2

    enum CodingKeys: String, CodingKey {
        case ticksPerEpoch = "ticks_per_epoch"
        case traderShare = "trader_share"
        case needRatio = "need_ratio"
        case batchIntervalTicks = "batch_interval_ticks"
        case haltDurationTicks = "halt_duration_ticks"
        case priceDropThreshold = "price_drop_threshold"
        case panicEpoch = "panic_epoch"
        case distressThreshold = "distress_threshold"
        case distressDiscount = "distress_discount"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys([
            "ticks_per_epoch", "trader_share", "need_ratio", "batch_interval_ticks", "halt_duration_ticks",
            "price_drop_threshold", "panic_epoch", "distress_threshold", "distress_discount",
        ])
        let d = HFNSpec()
        ticksPerEpoch = try c.value("ticks_per_epoch", d.ticksPerEpoch)
        traderShare = try c.value("trader_share", d.traderShare)
        needRatio = try c.value("need_ratio", d.needRatio)
        batchIntervalTicks = try c.value("batch_interval_ticks", d.batchIntervalTicks)
        haltDurationTicks = try c.value("halt_duration_ticks", d.haltDurationTicks)
        priceDropThreshold = try c.value("price_drop_threshold", d.priceDropThreshold)
        panicEpoch = try c.value("panic_epoch", d.panicEpoch)
        distressThreshold = try c.value("distress_threshold", d.distressThreshold)
        distressDiscount = try c.value("distress_discount", d.distressDiscount)
    }

    func validate() throws {
        try Check.atLeast(ticksPerEpoch, 1, "hfn.ticks_per_epoch")
        try Check.unit(traderShare, "hfn.trader_share")
        try Check.positive(needRatio, "hfn.need_ratio")
        try Check.atLeast(batchIntervalTicks, 1, "hfn.batch_interval_ticks")
        try Check.atLeast(haltDurationTicks, 1, "hfn.halt_duration_ticks")
        if !(priceDropThreshold > 0 && priceDropThreshold <= 1) {
            throw ScenarioError(key: "hfn.price_drop_threshold", problem: "must be in (0, 1], got \(priceDropThreshold)")
        }
        if !(distressThreshold > 0 && distressThreshold <= 1) {
            throw ScenarioError(key: "hfn.distress_threshold", problem: "must be in (0, 1], got \(distressThreshold)")
        }
        if !(distressDiscount >= 0 && distressDiscount < 1) {
            throw ScenarioError(key: "hfn.distress_discount", problem: "must be in [0, 1), got \(distressDiscount)")
        }
    }
}
