import AgentEconomiesKernels
import Foundation
import Testing

@testable import AgentEconomiesSimulation

/// The economy: tokens conserved in every committed scenario, adaptive runs deterministic for
/// any thread count and across a checkpoint, the learners' rule, the free-riding effect and
/// its control, and the new keys checked by name.
@Suite struct EconomyTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")

    func committed(_ name: String, agents: Int = 1_200, epochs: Int = 4) throws -> Scenario {
        var scenario = try Scenario.load(path: Self.scenarios.appendingPathComponent("\(name).yaml").path)
        scenario.agents = agents
        scenario.epochs = epochs
        scenario.auction.resources = min(scenario.auction.resources, 8)
        scenario.population.sybilEntities = min(scenario.population.sybilEntities, agents / 40)
        return scenario
    }

    func run(_ scenario: Scenario, threads: Int) throws -> (records: [EpochRecord], state: SimulationState) {
        var simulation = try Simulation(scenario: scenario, threads: threads)
        var records: [EpochRecord] = []
        while let record = try simulation.runEpoch() { records.append(record.withoutTimings) }
        return (records, simulation.state)
    }

    @Test(
        "every committed scenario conserves tokens in every epoch and fills the economy's columns",
        arguments: [
            "baseline", "sybil-attack", "flash-crash", "leaky-sandbox", "free-riding", "sybil-evasion",
            "permeability-tradeoff",
        ])
    func conservation(name: String) throws {
        let scenario = try committed(name)
        let (records, state) = try run(scenario, threads: 2)
        #expect(records.count == scenario.epochs)
        let initial = scenario.economy.initialTokens * Double(scenario.agents)
        for record in records {
            let expected = initial + record.tokensMinted - record.tokensBurned
            #expect(abs(record.tokensTotal - expected) <= 1e-9 * (initial + record.tokensMinted + record.tokensBurned))
            #expect(record.tokensMinted > 0 && record.tokensBurned > 0)
            #expect(record.totalWelfare != 0 && record.toxicity > 0 && record.toxicity < 1)
            #expect(record.payoffHonest != 0 && record.walletHonest > 0)
        }
        #expect(state.ledger.total == records.last!.tokensTotal)
    }

    @Test("the rings' payoffs kept by the payoffs step equal a recount from every interaction's payoffs")
    func ringPayoffsRecount() throws {
        let scenario = try committed("sybil-evasion", agents: 2_000, epochs: 3)
        #expect(scenario.economy.qualityCost == 0 && scenario.economy.tau == 0 && !scenario.identity.sybilRealtimePenalty)
        let checks = Counter()
        // A step after the payoffs recounts the rings' gross payoffs the way the learners
        // used to, from the per-interaction payoffs (no cost terms in this scenario).
        var steps = Simulation.defaultSteps
        let payoffs = try #require(steps.firstIndex { $0.name == "payoffs" })
        steps.insert(
            SimulationStep(name: "recount") { state, context in
                let population = state.population, interactions = context.interactions
                let paid = try SoftPayoffKernels.payoffs(p: interactions.p, parameters: state.scenario.economy.payoff)
                var rings = [Double](repeating: 0, count: state.scenario.population.sybilEntities)
                for agent in 0..<population.count where population.ring[agent] >= 0 {
                    let ring = Int(population.ring[agent]), beneficiary = Int(population.ringBeneficiary[ring])
                    for index in interactions.offsets[agent]..<interactions.offsets[agent + 1] where interactions.accepted[index] {
                        rings[ring] += paid.initiator[index]
                        let other = Int(interactions.counterparties[index])
                        if other == beneficiary || population.ring[other] == Int32(ring) { rings[ring] += paid.counterparty[index] }
                    }
                }
                #expect(context.ringPayoffs.count == rings.count)
                for (kept, recounted) in zip(context.ringPayoffs, rings) {
                    #expect(abs(kept - recounted) <= 1e-9 * max(1, abs(recounted)))
                }
                // Rings barred by the last detection earn nothing; the others do.
                if rings.contains(where: { $0 != 0 }) { checks.increment() }
            }, at: payoffs + 1)
        var simulation = try Simulation(scenario: scenario, threads: 2, steps: steps)
        while try simulation.runEpoch() != nil {}
        #expect(checks.value > 0)
    }

    @Test("the payments credited over the workers are one pass's sums, bit for bit", arguments: [1, 3, 8])
    func paymentsEqualOneSerialPass(threads: Int) throws {
        let scenario = try committed("sybil-evasion", agents: 3_000, epochs: 3)
        #expect(scenario.economy.qualityCost == 0 && scenario.economy.tau == 0 && !scenario.identity.sybilRealtimePenalty)
        let before = WalletSnapshot()
        let checks = Counter()
        var steps = Simulation.defaultSteps
        let payoffs = try #require(steps.firstIndex { $0.name == "payoffs" })
        // Around the payoffs step: the wallets before it, then one pass over the interactions
        // (initiator order, initiator before counterparty) from them, compared bit for bit.
        steps.insert(
            SimulationStep(name: "recount") { state, context in
                let interactions = context.interactions, n = state.population.count
                let paid = try SoftPayoffKernels.payoffs(p: interactions.p, parameters: state.scenario.economy.payoff)
                var wallets = before.wallets
                var payoff = [Double](repeating: 0, count: n), initiated = payoff
                for agent in 0..<n {
                    for index in interactions.offsets[agent]..<interactions.offsets[agent + 1] where interactions.accepted[index] {
                        let other = Int(interactions.counterparties[index])
                        wallets[agent] += paid.initiator[index]
                        wallets[other] += paid.counterparty[index]
                        payoff[agent] += paid.initiator[index]
                        payoff[other] += paid.counterparty[index]
                        initiated[agent] += paid.initiator[index]
                    }
                }
                let firstWrong = (0..<n).first {
                    wallets[$0] != state.ledger.wallets[$0] || payoff[$0] != context.payoff[$0]
                        || initiated[$0] != context.initiatorPayoff[$0]
                }
                #expect(firstWrong == nil, "agent \(firstWrong ?? -1) at \(threads) threads")
                checks.increment()
            }, at: payoffs + 1)
        steps.insert(SimulationStep(name: "snapshot") { state, _ in before.wallets = state.ledger.wallets }, at: payoffs)
        var simulation = try Simulation(scenario: scenario, threads: threads, steps: steps)
        while try simulation.runEpoch() != nil {}
        #expect(checks.value == scenario.epochs)
    }

    @Test("valuations drawn on demand are the same matrix for every thread count and every call")
    func valuationsOnDemand() throws {
        let scenario = try committed("baseline", agents: 9_000)
        let population = try Population(scenario, threads: 1)
        let one = population.valuations(threads: 1)
        #expect(one.rows == 9_000 && one.columns == scenario.auction.resources)
        #expect(population.valuations(threads: 3) == one && population.valuations == one)
        #expect(one.storage.allSatisfy { $0 >= 0 && $0 < 10 })
        // Chunks of 4,096 agents draw from their own streams: no two chunks repeat a row.
        #expect(one.row(0) != one.row(4_096) && one.row(4_096) != one.row(8_192))
    }

    @Test("the guided popularity search finds the rank a search over the whole table finds")
    func guidedPopularity() throws {
        for exponent in [0.0, 1.0, 2.5] {
            var scenario = try committed("baseline", agents: 5_000)
            scenario.interactions.popularityExponent = exponent
            let population = try Population(scenario, threads: 1)
            let cdf = population.popularityCDF
            func plain(_ draw: Double) -> Int {
                var low = 0, high = cdf.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cdf[middle] < draw { low = middle + 1 } else { high = middle }
                }
                return low
            }
            var random = FastRandom(seed: 7, stream: 3)
            // Uniform draws, every table value itself and its neighbours, and the ends.
            var draws = (0..<50_000).map { _ in random.random() } + [0, 1, 1.0.nextDown, Double.leastNonzeroMagnitude]
            for value in cdf.prefix(2_000) + cdf.suffix(2_000) { draws += [value, value.nextDown, value.nextUp] }
            for bucket in stride(from: 0, through: cdf.count, by: 7) {
                let bound = Double(bucket) / Double(cdf.count)
                draws += [bound, bound.nextDown, bound.nextUp]
            }
            let mismatches = draws.filter { population.popularRank($0) != plain($0) }
            let count = mismatches.count
            #expect(count == 0, "exponent \(exponent): \(Array(mismatches.prefix(5)))")
        }
    }

    @Test func aBrokenLedgerStopsTheRunNamingTheEpoch() throws {
        var simulation = try Simulation(scenario: try committed("baseline", agents: 600, epochs: 3))
        _ = try simulation.runEpoch()
        simulation.state.ledger.wallets[3] += 1  // a token from nowhere
        let error = #expect(throws: SimulationError.self) { try simulation.runEpoch() }
        #expect(error?.description.hasPrefix("epoch 2: tokens_total") == true)
    }

    @Test(
        "adaptive runs give the same records and learners for any thread count",
        arguments: ["free-riding", "sybil-evasion", "permeability-tradeoff"])
    func adaptiveDeterminism(name: String) throws {
        let scenario = try committed(name, agents: 1_000, epochs: 4)
        let one = try run(scenario, threads: 1)
        for threads in [2, 5] {
            let other = try run(scenario, threads: threads)
            #expect(other.records == one.records, "\(threads) threads")
            #expect(other.state.effort == one.state.effort && other.state.quality == one.state.quality)
            #expect(other.state.obfuscation == one.state.obfuscation && other.state.strategy == one.state.strategy)
            #expect(other.state.ledger == one.state.ledger)
        }
    }

    @Test func anAdaptiveRunResumesFromItsCheckpointWithTheSameRecords() throws {
        var scenario = try committed("sybil-evasion", agents: 1_000, epochs: 5)
        scenario.population.types[0].share = 0.5
        scenario.population.types[3].share = 0.3  // adversaries that choose strategies
        let whole = try run(scenario, threads: 2).records
        var first = try Simulation(scenario: scenario, threads: 2)
        for _ in 0..<2 { _ = try first.runEpoch() }
        let data = try JSONEncoder().encode(first.state)
        var resumed = Simulation(resuming: try JSONDecoder().decode(SimulationState.self, from: data), threads: 1)
        var records = first.state.records.map(\.withoutTimings)
        while let record = try resumed.runEpoch() { records.append(record.withoutTimings) }
        #expect(records == whole)
    }

    @Test func aLearnerSettlesOnTheBetterActionAfterTryingEach() {
        var learner = ChoiceLearner(learners: 1, actions: 3, initial: 0, value: 2)
        var random = FastRandom(seed: 9)
        var counts = [0, 0, 0]
        for round in 0..<300 {
            let action = learner.draw(0, temperature: 0.05, exploration: 0.05, random: &random)
            if round >= 200 { counts[action] += 1 }
            learner.update(0, action: action, reward: [0.2, 1.0, 0.5][action], rate: 0.3)
        }
        #expect(counts[1] > 90)  // 100 late rounds: exploration aside, the best arm
        #expect(learner.values[0] < 0.5 && learner.values[2] < 0.7)  // every arm was tried
    }

    /// Free riding, small and short: rewards by marginal contribution (proportional) keep more
    /// effort than the equal split, where only the smallest positive effort is paid for; with
    /// learning off (the control) both rules play the scripted effort and the gap vanishes.
    @Test func rewardsByContributionKeepEffortAndTheControlShowsNoGap() throws {
        func lateEffort(_ rule: String, adaptive: Bool) throws -> Double {
            var scenario = try committed("free-riding", agents: 400, epochs: 14)
            scenario.missions.perEpoch = 35
            scenario.missions.rewardDistribution = rule
            scenario.economy.adaptive = adaptive
            let records = try run(scenario, threads: 2).records
            return records.suffix(5).map(\.meanEffort).reduce(0, +) / 5
        }
        let equal = try lateEffort("equal", adaptive: true)
        let proportional = try lateEffort("proportional", adaptive: true)
        #expect(proportional > equal + 0.1, "proportional \(proportional), equal \(equal)")
        #expect(try lateEffort("equal", adaptive: false) == 1)
        #expect(try lateEffort("proportional", adaptive: false) == 1)
    }

    @Test func eventsMatchTheRecordsAndDoNotChangeThem() throws {
        var scenario = try committed("sybil-attack", agents: 1_000, epochs: 3)
        scenario.hfn.panicEpoch = 2
        let plain = try run(scenario, threads: 2).records
        var simulation = try Simulation(scenario: scenario, threads: 2)
        simulation.recordsEvents = true
        var records: [EpochRecord] = []
        while let record = try simulation.runEpoch() {
            records.append(record.withoutTimings)
            let events = simulation.lastEvents
            func count(_ type: String) -> Int { events.filter { $0.type == type }.count }
            #expect(events.allSatisfy { $0.epoch == record.epoch })
            #expect(count("IDENTITY_CREATED") == (record.epoch == 1 ? scenario.agents : 0))
            #expect(count("SYBIL_DETECTED") == record.sybilClusters)
            #expect(count("MISSION_PROPOSED") == record.missionsProposed)
            #expect(count("MISSION_SUCCEEDED") == record.missionsSucceeded)
            #expect(count("MISSION_EXPIRED") == record.missionsExpired)
            #expect(count("TRADE") == record.trades)
            #expect(count("FLASH_CRASH") == record.flashCrashes)
            #expect(count("SANCTION") == record.sybilFlagged)  // multiplier 1, no boundary sanction
            for event in events.prefix(50) {
                let object = try JSONSerialization.jsonObject(with: Data(event.jsonLine.utf8)) as? [String: Any]
                #expect(object?["type"] as? String == event.type)
            }
        }
        #expect(records == plain)
        #expect(records.contains { $0.flashCrashes > 0 } && records.contains { $0.sybilClusters > 0 })
    }

    @Test func newKeysAreCheckedByName() throws {
        let cases: [(String, String)] = [
            ("economy: {theta: 1.5}", "economy.theta"),
            ("economy: {initial_tokens: -1}", "economy.initial_tokens"),
            ("economy: {learning_rate: 0}", "economy.learning_rate"),
            ("economy: {exploration: 1}", "economy.exploration"),
            ("economy: {tau: .nan}", "economy.tau"),
            ("economy: {bogus: 1}", "economy.bogus"),
            ("missions: {reward_distribution: shapley_magic}", "missions.reward_distribution"),
            ("missions: {reward_distribution: shapley_exact, participants: 30}", "missions.participants"),
            ("missions: {effort: 1.5}", "missions.effort"),
            ("permeability: {sanction_rate: -1}", "permeability.sanction_rate"),
            ("identity: {sybil_penalty_multiplier: -1}", "identity.sybil_penalty_multiplier"),
            ("population: {sybil_obfuscation: 2}", "population.sybil_obfuscation"),
            ("population: {types: [{name: saint, share: 1}]}", "population.types[0].name"),
            ("auction: {wallet_share: 0}", "auction.wallet_share"),
            ("hfn: {distress_discount: 1}", "hfn.distress_discount"),
        ]
        for (yaml, key) in cases {
            #expect(throws: ScenarioError.self, "\(yaml)") {
                do {
                    try Scenario.load(yaml: yaml).validate()
                } catch let error as ScenarioError {
                    #expect(error.key == key, "\(yaml): \(error)")
                    throw error
                }
            }
        }
    }
}

/// A count shared with a `@Sendable` step.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}

/// The wallets a step saw, kept for a later step.
private final class WalletSnapshot: @unchecked Sendable {
    var wallets: [Double] = []
}
