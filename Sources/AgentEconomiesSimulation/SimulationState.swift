import AgentEconomiesKernels
import Foundation

/// What persists from epoch to epoch: the population, who may act, credentials, the
/// boundary's last harm, the HFN market with its detector, and the records so far.
///
/// `Codable` for checkpoints (see ``SimulationCheckpoint``): everything but the population is
/// encoded; decoding rebuilds the population from the scenario (it depends only on the
/// scenario and its seed) and checks that the arrays fit it.
public struct SimulationState: Sendable, Codable {
    /// The scenario (validated).
    public let scenario: Scenario
    /// The agents.
    public let population: Population
    /// Whether each agent may act this epoch (agents in oversized Sybil clusters sit one out).
    public var active: [Bool]
    /// Per agent, a bit per recent epoch in which it earned a reputation credential (bit 0:
    /// the last epoch).
    public var credentialEpochs: [UInt64]
    /// External harm of the previous epoch (the threat level's source).
    public var previousHarm = 0.0
    /// The HFN market (one book) and its flash-crash detector, across epochs.
    public var market: HFNMarket
    /// The circuit breaker's detector.
    public var monitor: FlashCrashMonitor
    /// Epochs run so far.
    public var epochsRun = 0
    /// The record of each epoch run so far, in order.
    public var records: [EpochRecord] = []
    /// Every mission's lifecycle (the kernels' `MissionBook`: participants, contributions by
    /// handle, status), shared rules with the component and the C ABI.
    public var missionBook: MissionBook
    /// The simulation's side of the missions proposed and not yet evaluated.
    public var openMissions: [OpenMission] = []
    /// Every agent's wallet and the run's minted and burned tokens.
    public var ledger: TokenLedger
    /// Each agent's mission effort learner (actions: ``Economy/efforts``).
    public var effort: ChoiceLearner
    /// Each agent's quality learner (actions: ``Economy/qualityShifts``; used by opportunistic
    /// and deceptive agents).
    public var quality: ChoiceLearner
    /// Each Sybil ring's obfuscation learner (actions: ``Economy/obfuscations``).
    public var obfuscation: ChoiceLearner
    /// Each agent's attack-strategy learner (actions: ``AttackStrategy``; used by adversarial
    /// agents outside the rings).
    public var strategy: ChoiceLearner
    /// Agents in a cluster of the last Sybil detection (the real-time penalty's pairs).
    public var flagged: [Bool]

    /// The initial state of `scenario`.
    ///
    /// - Complexity: O(agents x resources) to draw the population, O(agents) for the rest.
    public init(_ scenario: Scenario, threads: Int? = nil) throws {
        self.scenario = scenario
        population = try Population(scenario, threads: threads)
        active = [Bool](repeating: true, count: scenario.agents)
        credentialEpochs = [UInt64](repeating: 0, count: scenario.agents)
        market = try HFNMarket(
            parameters: .init(batchIntervalTicks: scenario.hfn.batchIntervalTicks),
            random: .fast(seed: scenario.seed &+ 17))
        for _ in 0..<scenario.agents { market.addAgent() }
        market.addBook()
        monitor = try FlashCrashMonitor(.init(priceDropThreshold: scenario.hfn.priceDropThreshold))
        let n = scenario.agents, rings = scenario.population.sybilEntities
        ledger = TokenLedger(agents: n, tokens: scenario.economy.initialTokens)
        missionBook = try MissionBook(minParticipants: 1, maxActiveMissions: Int.max)
        let optimism = scenario.economy.optimism
        effort = ChoiceLearner(
            learners: n, actions: Economy.efforts.count, initial: Economy.nearest(scenario.missions.effort, Economy.efforts),
            value: optimism)
        quality = ChoiceLearner(learners: n, actions: Economy.qualityShifts.count, initial: 0, value: optimism)
        obfuscation = ChoiceLearner(
            learners: rings, actions: Economy.obfuscations.count,
            initial: Economy.nearest(scenario.population.sybilObfuscation, Economy.obfuscations), value: optimism)
        strategy = ChoiceLearner(learners: n, actions: AttackStrategy.allCases.count, initial: 0, value: optimism)
        flagged = [Bool](repeating: false, count: n)
    }

    enum CodingKeys: String, CodingKey {
        case scenario, active, market, monitor, records
        case credentialEpochs = "credential_epochs"
        case openMissions = "open_missions"
        case previousHarm = "previous_harm"
        case epochsRun = "epochs_run"
        case ledger, effort, quality, obfuscation, strategy, flagged
        case missionBook = "mission_book"
    }

    /// Decodes a state and rebuilds its population (`threads` workers; the population does
    /// not depend on it).
    ///
    /// - Throws: `DecodingError.dataCorrupted` when an array's length does not match the
    ///   scenario's agents, or the epochs run do not match the records.
    /// - Complexity: O(size of the state) to decode and check it, plus O(agents x resources) to
    ///   rebuild the population.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try c.decode(Scenario.self, forKey: .scenario)
        try scenario.validate()
        active = try c.decode([Bool].self, forKey: .active)
        credentialEpochs = try c.decode([UInt64].self, forKey: .credentialEpochs)
        previousHarm = try c.decode(Double.self, forKey: .previousHarm)
        market = try c.decode(HFNMarket.self, forKey: .market)
        monitor = try c.decode(FlashCrashMonitor.self, forKey: .monitor)
        epochsRun = try c.decode(Int.self, forKey: .epochsRun)
        records = try c.decode([EpochRecord].self, forKey: .records)
        openMissions = try c.decode([OpenMission].self, forKey: .openMissions)
        missionBook = try c.decode(MissionBook.self, forKey: .missionBook)
        ledger = try c.decode(TokenLedger.self, forKey: .ledger)
        effort = try c.decode(ChoiceLearner.self, forKey: .effort)
        quality = try c.decode(ChoiceLearner.self, forKey: .quality)
        obfuscation = try c.decode(ChoiceLearner.self, forKey: .obfuscation)
        strategy = try c.decode(ChoiceLearner.self, forKey: .strategy)
        flagged = try c.decode([Bool].self, forKey: .flagged)
        let n = scenario.agents
        func check(_ ok: Bool, _ key: CodingKeys, _ problem: String) throws {
            if !ok {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: problem)
            }
        }
        try check(active.count == n, .active, "\(active.count) entries for \(n) agents")
        try check(credentialEpochs.count == n, .credentialEpochs, "\(credentialEpochs.count) entries for \(n) agents")
        try check(market.agentCount == n && market.books.count == 1, .market, "not a market of \(n) agents and one book")
        try check((0...scenario.epochs).contains(epochsRun), .epochsRun, "\(epochsRun) outside 0...\(scenario.epochs)")
        try check(records.count == epochsRun, .records, "\(records.count) records for \(epochsRun) epochs run")
        let book = missionBook, agents = Int32(n)
        try check(
            openMissions.allSatisfy { $0.isValid(in: book) }
                && book.missions.allSatisfy { $0.participants.allSatisfy { (0..<agents).contains($0) } },
            .openMissions, "a mission whose participants are not agents, or whose columns do not fit its book entry")
        try check(previousHarm.isFinite && previousHarm >= 0, .previousHarm, "\(previousHarm) is not a finite harm >= 0")
        try check(ledger.wallets.count == n, .ledger, "\(ledger.wallets.count) wallets for \(n) agents")
        try check(ledger.wallets.allSatisfy(\.isFinite), .ledger, "a wallet is not finite")
        let rings = scenario.population.sybilEntities
        for (learner, key, count, actions) in [
            (effort, CodingKeys.effort, n, Economy.efforts.count), (quality, .quality, n, Economy.qualityShifts.count),
            (obfuscation, .obfuscation, rings, Economy.obfuscations.count),
            (strategy, .strategy, n, AttackStrategy.allCases.count),
        ] {
            try check(
                learner.count == count && learner.actions == actions && learner.values.count == count * actions
                    && learner.chosen.allSatisfy { (0..<Int8(actions)).contains($0) }, key,
                "not \(count) learners over \(actions) actions")
        }
        try check(flagged.count == n, .flagged, "\(flagged.count) entries for \(n) agents")
        population = try Population(scenario, threads: nil)
    }

    /// Encodes everything but the population.
    ///
    /// - Complexity: O(size of the state): agents, records, missions and their contributions, the
    ///   HFN market.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(active, forKey: .active)
        try c.encode(credentialEpochs, forKey: .credentialEpochs)
        try c.encode(previousHarm, forKey: .previousHarm)
        try c.encode(market, forKey: .market)
        try c.encode(monitor, forKey: .monitor)
        try c.encode(epochsRun, forKey: .epochsRun)
        try c.encode(records, forKey: .records)
        try c.encode(openMissions, forKey: .openMissions)
        try c.encode(missionBook, forKey: .missionBook)
        try c.encode(ledger, forKey: .ledger)
        try c.encode(effort, forKey: .effort)
        try c.encode(quality, forKey: .quality)
        try c.encode(obfuscation, forKey: .obfuscation)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(flagged, forKey: .flagged)
    }

    /// Valid reputation credentials of an agent (earned within the expiry window).
    func validCredentials(_ agent: Int) -> Int {
        let window = min(scenario.identity.credentialExpiryEpochs, 64)
        let mask: UInt64 = window == 64 ? ~0 : (1 << UInt64(window)) - 1
        return (credentialEpochs[agent] & mask).nonzeroBitCount
    }

    /// The reference's trust score: 0.3, + 0.2 with proof of personhood, + 0.1 per valid
    /// credential up to 0.5.
    func trust(_ agent: Int) -> Double {
        trustScore(proofOfPersonhood: population.proofOfPersonhood[agent], validCredentials: validCredentials(agent))
    }
}

/// The data one epoch's steps share.
public struct EpochContext: Sendable {
    /// The epoch number (1-based).
    public var epoch: Int
    /// The epoch's interactions.
    public var interactions = EpochInteractions(offsets: [], counterparties: [], p: [], accepted: [])
    /// Mean p of each agent's interactions this epoch (0.5 when it had none).
    public var meanP: [Double] = []
    /// Trust score of each agent after this epoch's credentials.
    public var trust: [Double] = []
    /// Each agent's quantity of resource 0 (the good the HFN market trades) after the auction.
    public var holdings: [Double] = []
    /// Whether each agent wants resource 0 (see `HFNSpec.needRatio`).
    public var wantsResource0: [Bool] = []
    /// Agents barred from acting next epoch.
    public var blockedNext: [Bool] = []
    /// What each agent does this epoch.
    public var plan = EpochPlan(agents: 0, rings: 0, obfuscation: 0)
    /// Each agent's wallet when the epoch began.
    public var walletsAtStart: [Double] = []
    /// Per Sybil ring, the tokens the epoch's accepted interactions paid its members and its
    /// beneficiary: every payoff of an interaction a member initiated, and the counterparty's
    /// when that is the beneficiary or a member of the same ring (before penalties). The
    /// per-interaction payoffs themselves are not kept past the payoffs step (at ten million
    /// agents they would hold 3.2 GB through the Sybil step).
    public var ringPayoffs: [Double] = []
    /// Tokens each agent gained from interaction payoffs this epoch (as either party).
    public var payoff: [Double] = []
    /// Tokens each agent gained from the interactions it initiated this epoch.
    public var initiatorPayoff: [Double] = []
    /// Tokens burned from each agent this epoch as penalties and sanctions.
    public var penalties: [Double] = []
    /// Whether each agent earned a reputation credential this epoch.
    public var earnedCredential: [Bool] = []
    /// Whether each agent was flagged by this epoch's Sybil detection or sanctioned at the boundary.
    public var detected: [Bool] = []
    /// Per ring, whether this epoch's detection barred its members from the next epoch.
    public var ringCaught: [Bool] = []
    /// The epoch's events, when the run records them (else nil).
    public var events: [SimulationEvent]?

    /// Records an event of this epoch when the run records events (`fields` is not evaluated
    /// otherwise).
    mutating func emit(_ type: String, _ fields: @autoclosure () -> [(String, SimulationEvent.Value)]) {
        if events != nil { events!.append(SimulationEvent(type, epoch: epoch, fields())) }
    }
    /// The row being filled.
    public var record = EpochRecord()
    /// Worker count for the kernels (`nil`: all cores); results never depend on it.
    public var threads: Int?
    /// Where the steps write their trace files when this epoch is traced (else nil).
    public var traceDirectory: URL?
}

/// One step of an epoch: a name and what it does to the state and the epoch's context.
/// ``Simulation/defaultSteps`` lists the library's; replace one to try your own rule.
public struct SimulationStep: Sendable {
    /// The step's name.
    public var name: String
    /// The library step whose timing column (`seconds_<name>`) this step's time is added to,
    /// or nil: a step of your own under a new name is timed in no column.
    public var timing: StepName?
    /// The step.
    public var run: @Sendable (inout SimulationState, inout EpochContext) throws -> Void

    /// A step named `name`: timed in the column of the library step of that name (a
    /// replacement for it), else in none.
    public init(name: String, run: @escaping @Sendable (inout SimulationState, inout EpochContext) throws -> Void) {
        self.name = name
        self.timing = StepName(rawValue: name)
        self.run = run
    }

    /// The library's step `name` (or your replacement for it), timed in its column.
    public init(_ name: StepName, run: @escaping @Sendable (inout SimulationState, inout EpochContext) throws -> Void) {
        self.init(name: name.rawValue, run: run)
    }
}

/// The library's epoch steps, in the order ``Simulation/defaultSteps`` runs them; each is
/// timed in the record column `seconds_<rawValue>`.
public enum StepName: String, CaseIterable, Sendable {
    /// The interaction draw (``EpochInteractions``).
    case interactions
    /// Soft payoffs of the epoch's interactions into the wallets.
    case payoffs
    /// Identities, credentials and trust.
    case identity
    /// The Sybil lever: similarity join, clustering, penalties.
    case sybil
    /// The sandbox boundary: spillover and sanctions.
    case permeability
    /// The Dworkin auction over shared resources.
    case auction
    /// Missions: proposals, contributions, evaluation, rewards.
    case missions
    /// The high-frequency negotiation market.
    case hfn
    /// The learners' updates and next choices.
    case learning
}
