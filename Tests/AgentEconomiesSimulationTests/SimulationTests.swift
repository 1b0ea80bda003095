import AgentEconomiesKernels
import AgentEconomiesSimulation
import Testing

/// Population simulations: determinism across thread counts, the planted Sybil rings found,
/// the flash crash detected, and scenario files checked key by key.
@Suite struct SimulationTests {
    func small(_ yaml: String) throws -> Scenario {
        var scenario = try Scenario.load(yaml: yaml)
        scenario.agents = 1_500
        scenario.epochs = 3
        scenario.auction.resources = 8
        return scenario
    }

    func records(_ scenario: Scenario, threads: Int) throws -> [EpochRecord] {
        var simulation = try Simulation(scenario: scenario, threads: threads)
        var records: [EpochRecord] = []
        while let record = try simulation.runEpoch() { records.append(record) }
        return records.map(\.withoutTimings)
    }

    @Test func theSameSeedGivesTheSameRecordsForAnyThreadCount() throws {
        let scenario = try small("population: {sybil_entities: 20}\nhfn: {panic_epoch: 2}")
        let one = try records(scenario, threads: 1)
        #expect(one.count == 3)
        for threads in [2, 5] { #expect(try records(scenario, threads: threads) == one, "\(threads) threads") }
        var other = scenario
        other.seed += 1
        #expect(try records(other, threads: 2) != one)
    }

    @Test func interactionDrawsOverAgentRangesMakeTheWholeDraw() throws {
        let scenario = try small("population: {sybil_entities: 20}")
        var big = scenario
        big.agents = 3 * EpochInteractions.chunkAgents + 500
        let state = try SimulationState(big, threads: 2)
        // A plan that uses every field: barred agents, partial activity, shifted quality, a
        // harmful share, and rings that obfuscate.
        var plan = EpochPlan(agents: big.agents, rings: 20, obfuscation: 0.5)
        for agent in stride(from: 7, to: big.agents, by: 31) { plan.active[agent] = false }
        for agent in stride(from: 3, to: big.agents, by: 17) { plan.activity[agent] = 0.3 }
        for agent in stride(from: 5, to: big.agents, by: 13) { plan.qualityShift[agent] = -0.2 }
        for agent in stride(from: 2, to: big.agents, by: 11) { plan.harmfulShare[agent] = 0.25 }
        let whole = EpochInteractions.draw(
            state.population, scenario: big, plan: plan, epoch: 2, threads: 3, agents: 0..<big.agents)
        let chunk = EpochInteractions.chunkAgents
        let ranges = [0..<chunk, chunk..<chunk, chunk..<(3 * chunk), (3 * chunk)..<big.agents]
        var offsets = [0], counterparties: [Int32] = [], p: [Double] = [], accepted: [Bool] = []
        for range in ranges {
            let part = EpochInteractions.draw(
                state.population, scenario: big, plan: plan, epoch: 2, threads: 2, agents: range)
            #expect(part.offsets.count == range.count + 1)
            offsets += part.offsets.dropFirst().map { $0 + offsets[offsets.count - 1] }
            counterparties += part.counterparties
            p += part.p
            accepted += part.accepted
        }
        #expect(offsets == whole.offsets && counterparties == whole.counterparties)
        #expect(p.map(\.bitPattern) == whole.p.map(\.bitPattern) && accepted == whole.accepted)
    }

    @Test func sybilRingsAreFoundAndBarredForAnEpoch() throws {
        let scenario = try small("population: {sybil_entities: 40, sybil_ring_size: 5}\nidentity: {max_cluster_size: 3}")
        let series = try records(scenario, threads: 2)
        #expect(series[0].sybilRecall >= 0.95)
        #expect(series[0].sybilPrecision >= 0.95)
        #expect(series[0].sybilClusters >= 40)
        // The 200 ring members sit out epoch 2.
        #expect(series[1].activeAgents == series[0].activeAgents - 200)
    }

    @Test func aPanicCrashesTheMarketAndHaltsIt() throws {
        let scenario = try small("hfn: {panic_epoch: 2, trader_share: 0.05, halt_duration_ticks: 5}")
        let series = try records(scenario, threads: 2)
        #expect(series[0].flashCrashes == 0)
        #expect(series[1].flashCrashes >= 1)
        #expect(series[1].haltedTicks > 0)
    }

    @Test func missionsRunToTheirDeadlineThenPayOrExpire() throws {
        var scenario = try small("missions: {per_epoch: 5, duration_epochs: 3, participants: 20, target_avg_p: 0}")
        scenario.epochs = 4
        let paid = try records(scenario, threads: 2)
        #expect(paid.map(\.missionsProposed) == [5, 5, 5, 5])
        #expect(paid.map(\.missionsOpen) == [5, 10, 10, 10])
        #expect(paid.map(\.missionsSucceeded) == [0, 0, 5, 5])
        #expect(paid.map(\.missionsExpired) == [0, 0, 0, 0])
        // Proportional rewards pay out each pool in full.
        #expect(abs(paid[2].rewardsPaid - 5 * scenario.missions.rewardPool) < 1e-9)
        #expect(paid[0].rewardsPaid == 0)

        scenario.missions.targetAvgP = 1
        let missed = try records(scenario, threads: 2)
        #expect(missed.map(\.missionsExpired) == [0, 0, 5, 5])
        #expect(missed.allSatisfy { $0.missionsSucceeded == 0 && $0.rewardsPaid == 0 })

        scenario.missions.durationEpochs = 1
        let sameEpoch = try records(scenario, threads: 1)
        #expect(sameEpoch.map(\.missionsExpired) == [5, 5, 5, 5])
        #expect(sameEpoch.allSatisfy { $0.missionsOpen == 0 })
    }

    @Test func everyComponentReports() throws {
        let series = try records(try small(""), threads: 2)
        let first = try #require(series.first)
        #expect(first.interactions == 1_500 * 20)
        #expect(first.meanP > 0.5 && first.meanP < 0.8)
        #expect(first.auctionRounds > 0 && first.auctionGini > 0)
        #expect(first.trades > 0)
        #expect(first.spilloverHarm > 0 && first.containmentRate > 0 && first.containmentRate < 1)
        #expect(first.meanTrust >= 0.3)
    }

    @Test func scenarioErrorsNameTheKey() {
        let cases: [(String, String)] = [
            ("agents: 1", "agents"),
            ("population: {typo: 3}", "population.typo"),
            ("population: {types: [{name: honest, share: -1}]}", "population.types[0].share"),
            ("identity: {metric: euclid}", "identity.metric"),
            ("auction: {resources: many}", "auction.resources"),
            ("hfn: {price_drop_threshold: 0}", "hfn.price_drop_threshold"),
            ("unknown_section: {}", "unknown_section"),
            // Found by the scenario fuzz target: an empty key, and a document that is not a mapping.
            ("\"\": 1", "\"\""),
            ("?", "\"\""),
            ("- 1", "(document)"),
            ("agents: 1:2:3:4:5:6:7:8:9:10:11:12:13:14", "agents"),
        ]
        for (yaml, key) in cases {
            do {
                _ = try Scenario.load(yaml: yaml)
                Issue.record("\(yaml) should have been refused")
            } catch let error as ScenarioError {
                #expect(error.key == key, "\(yaml): \(error.problem)")
            } catch {
                Issue.record("\(yaml): \(error)")
            }
        }
    }

    @Test func resolvedScenarioRoundTrips() throws {
        let scenario = try Scenario.load(yaml: "name: x\nagents: 123\nmissions: {reward_distribution: shapley}")
        let again = try Scenario.load(yaml: try scenario.resolvedYAML())
        #expect(again == scenario)
        #expect(again.missions.rewardDistribution == "shapley")
        #expect(again.auction.resources == Scenario().auction.resources)
    }

    @Test("a replacement step is timed in its library step's column; a step of your own in none")
    func stepTimings() throws {
        var scenario = Scenario()
        scenario.agents = 200
        scenario.epochs = 1
        scenario.auction.resources = 4
        let slow: @Sendable (inout SimulationState, inout EpochContext) throws -> Void = { _, _ in
            var x = 0.0
            for index in 0..<2_000_000 { x += Double(index & 7) }
            precondition(x > 0)
        }
        var steps = Simulation.defaultSteps.filter { $0.name != "hfn" }
        steps.append(SimulationStep(name: "hfn", run: slow))  // a replacement, by its name
        steps.append(SimulationStep(name: "mine", run: slow))  // a step of your own
        #expect(steps.last?.timing == nil && steps[steps.count - 2].timing == .hfn)
        var simulation = try Simulation(scenario: scenario, threads: 1, steps: steps)
        let record = try #require(try simulation.runEpoch())
        #expect(record.secondsHFN > 0)
        #expect(record.trades == 0)  // the library's HFN step did not run
        #expect(StepName.allCases.map(\.rawValue) == Simulation.defaultSteps.map(\.name))
        #expect(Simulation.defaultSteps.allSatisfy { $0.timing?.rawValue == $0.name })
    }
}
