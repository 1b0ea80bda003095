import AgentEconomiesKernels

/// The economy around the mechanisms (see <doc:WalletsAndLearning>): wallets, the soft payoff rules every
/// accepted interaction pays by, and whether agents learn from what they earn.
public struct EconomySpec: Codable, Equatable, Sendable {
    /// Tokens every agent holds at the start (>= 0).
    public var initialTokens: Double = 100
    /// The reference's payoff constants (`s_plus`, `s_minus`, `h`, `theta`, `rho_a`, `rho_b`,
    /// `w_rep`; SWARM 1.9.0's defaults and ranges).
    public var payoff = SoftPayoffParameters()
    /// Transfer from initiator to counterparty per interaction (`tau`; negative: the
    /// counterparty pays the initiator, a price for the service).
    public var tau: Double = 0
    /// Production cost per unit of p: an interaction of quality p costs its initiator
    /// `quality_cost * p` (added to `c_a`), so lower quality is cheaper to produce (>= 0).
    public var qualityCost: Double = 0
    /// Value an agent puts on earning a reputation credential in an epoch, in tokens per
    /// interaction it initiated (the learners' reputation term; >= 0).
    public var credentialValue: Double = 0
    /// Whether agents learn (mission effort, interaction quality, ring obfuscation, attack
    /// strategy). Off: every agent plays its scripted action (the control).
    public var adaptive = false
    /// Step size of the learners' value updates, in (0, 1].
    public var learningRate: Double = 0.3
    /// Softmax temperature over the learners' values (in normalised return units, > 0).
    public var temperature: Double = 0.05
    /// Share of choices drawn uniformly at random instead of by the softmax, in [0, 1).
    public var exploration: Double = 0.05
    /// Every learner's initial value of every action (normalised return units; >= 0): above
    /// the returns, so each action is tried before a learner settles.
    public var optimism: Double = 2

    enum CodingKeys: String, CodingKey, CaseIterable {
        case adaptive, temperature, exploration, optimism, tau
        case initialTokens = "initial_tokens"
        case qualityCost = "quality_cost"
        case credentialValue = "credential_value"
        case learningRate = "learning_rate"
        case sPlus = "s_plus"
        case sMinus = "s_minus"
        case h, theta
        case rhoA = "rho_a"
        case rhoB = "rho_b"
        case wRep = "w_rep"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = EconomySpec()
        initialTokens = try c.value(CodingKeys.initialTokens, d.initialTokens)
        tau = try c.value(CodingKeys.tau, d.tau)
        qualityCost = try c.value(CodingKeys.qualityCost, d.qualityCost)
        credentialValue = try c.value(CodingKeys.credentialValue, d.credentialValue)
        adaptive = try c.value(CodingKeys.adaptive, d.adaptive)
        learningRate = try c.value(CodingKeys.learningRate, d.learningRate)
        temperature = try c.value(CodingKeys.temperature, d.temperature)
        exploration = try c.value(CodingKeys.exploration, d.exploration)
        optimism = try c.value(CodingKeys.optimism, d.optimism)
        payoff = SoftPayoffParameters(
            sPlus: try c.value(CodingKeys.sPlus, d.payoff.sPlus), sMinus: try c.value(CodingKeys.sMinus, d.payoff.sMinus),
            h: try c.value(CodingKeys.h, d.payoff.h), theta: try c.value(CodingKeys.theta, d.payoff.theta),
            rhoA: try c.value(CodingKeys.rhoA, d.payoff.rhoA), rhoB: try c.value(CodingKeys.rhoB, d.payoff.rhoB),
            wRep: try c.value(CodingKeys.wRep, d.payoff.wRep))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(initialTokens, forKey: .initialTokens)
        try c.encode(tau, forKey: .tau)
        try c.encode(qualityCost, forKey: .qualityCost)
        try c.encode(credentialValue, forKey: .credentialValue)
        try c.encode(adaptive, forKey: .adaptive)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(temperature, forKey: .temperature)
        try c.encode(exploration, forKey: .exploration)
        try c.encode(optimism, forKey: .optimism)
        try c.encode(payoff.sPlus, forKey: .sPlus)
        try c.encode(payoff.sMinus, forKey: .sMinus)
        try c.encode(payoff.h, forKey: .h)
        try c.encode(payoff.theta, forKey: .theta)
        try c.encode(payoff.rhoA, forKey: .rhoA)
        try c.encode(payoff.rhoB, forKey: .rhoB)
        try c.encode(payoff.wRep, forKey: .wRep)
    }

    func validate() throws {
        try Check.nonNegative(initialTokens, "economy.initial_tokens")
        do {
            try payoff.validate()
        } catch let error as AgentEconomiesError {
            throw ScenarioError(key: "economy.\(error.field)", problem: error.description)
        }
        try Check.finite(tau, "economy.tau")
        try Check.nonNegative(qualityCost, "economy.quality_cost")
        try Check.nonNegative(credentialValue, "economy.credential_value")
        if !(learningRate > 0 && learningRate <= 1) {
            throw ScenarioError(key: "economy.learning_rate", problem: "must be in (0, 1], got \(learningRate)")
        }
        try Check.positive(temperature, "economy.temperature")
        try Check.nonNegative(optimism, "economy.optimism")
        if !(exploration >= 0 && exploration < 1) {
            throw ScenarioError(key: "economy.exploration", problem: "must be in [0, 1), got \(exploration)")
        }
    }
}
