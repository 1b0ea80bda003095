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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, agents, epochs, seed, population, interactions, identity, permeability, auction, missions, hfn
        case economy
    }

    /// The defaults (the `baseline` scenario).
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = Scenario()
        name = try c.value(CodingKeys.name, d.name)
        agents = try c.value(CodingKeys.agents, d.agents)
        epochs = try c.value(CodingKeys.epochs, d.epochs)
        seed = try c.value(CodingKeys.seed, d.seed)
        population = try c.value(CodingKeys.population, d.population)
        interactions = try c.value(CodingKeys.interactions, d.interactions)
        identity = try c.value(CodingKeys.identity, d.identity)
        permeability = try c.value(CodingKeys.permeability, d.permeability)
        auction = try c.value(CodingKeys.auction, d.auction)
        missions = try c.value(CodingKeys.missions, d.missions)
        hfn = try c.value(CodingKeys.hfn, d.hfn)
        economy = try c.value(CodingKeys.economy, d.economy)
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
