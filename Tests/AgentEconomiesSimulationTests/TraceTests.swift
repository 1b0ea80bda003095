import AgentEconomies
import AgentEconomiesKernels
import AgentEconomiesSimulation
import Foundation
import OrderedCollections
import Testing

/// A traced epoch's files replayed through the library's component API (the dictionary
/// interface a SWARM user calls) give the traced answers.
@Suite struct TraceTests {
    func tracedRun(_ yaml: String) throws -> URL {
        var scenario = try Scenario.load(yaml: yaml)
        scenario.agents = 800
        scenario.epochs = 2
        scenario.auction.resources = 8
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString)")
        var simulation = try Simulation(scenario: scenario, threads: 2)
        simulation.traceEpoch = 2
        simulation.traceRoot = root
        while try simulation.runEpoch() != nil {}
        return root.appendingPathComponent("trace/epoch-2")
    }

    /// Decodes a trace file (JSONDecoder: JSONSerialization on Linux rounds some doubles).
    func decode<T: Decodable>(_ type: T.Type, _ directory: URL, _ name: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
    }

    struct SybilTrace: Decodable {
        var threshold: Double
        var metric: String
        var clustering: String
        var patterns: [String: [String: Int]]
        var clusters: [[String]]
    }

    struct AuctionTrace: Decodable {
        struct Config: Decodable {
            var initialEndowment, priceAdjustmentRate, convergenceTolerance, envyTolerance: Double
            var maxRounds: Int
            var solver: String
        }
        struct Bid: Decodable {
            var valuations: [String: Double]
            var budget: Double
        }
        struct Result: Decodable {
            var clearingPrices: [String: Double]
            var roundsToConverge: Int
            var converged: Bool
            var envyViolations: Int
            var allocations: [String: [String: Double]]
        }
        var config: Config
        var bids: [String: Bid]
        var resources: [String: Double]
        var result: Result
    }

    struct SpilloverTrace: Decodable {
        struct Interactions: Decodable {
            var p: [Double]
            var accepted: [Bool]
        }
        struct Events: Decodable {
            var interaction: [Int]
            var harm: [Double]
            var blocked: [Bool]
        }
        var basePermeability, threatLevel, threatSensitivity, agentTrust, permeability: Double
        var contagionRate, spilloverAmplification, externalHarm: Double
        var seed: UInt64
        var interactions: Interactions
        var events: Events
    }

    /// The index of `agent_17` or `resource_3`.
    func index(_ name: String) -> Int { Int(name.split(separator: "_").last!)! }

    @Test func theTracedSybilStepEqualsTheIdentityRegistry() throws {
        let directory = try tracedRun("population: {sybil_entities: 40, sybil_ring_size: 4}\nidentity: {max_cluster_size: 10}")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent().deletingLastPathComponent()) }
        let trace = try decode(SybilTrace.self, directory, "sybil.json")
        #expect(trace.metric == "combined" && trace.clustering == "greedy")
        var patterns = OrderedDictionary<String, OrderedDictionary<String, Int>>()
        for agent in trace.patterns.keys.sorted(by: { index($0) < index($1) }) {
            let counts = trace.patterns[agent]!
            var row = OrderedDictionary<String, Int>()
            for counterparty in counts.keys.sorted(by: { index($0) < index($1) }) { row[counterparty] = counts[counterparty] }
            patterns[agent] = row
        }
        #expect(patterns.count == 800)
        let registry = try IdentityRegistry(config: IdentityConfig(behavioralSimilarityThreshold: trace.threshold))
        let clusters = registry.detectSybilClusters(patterns: patterns)
        #expect(trace.clusters.count >= 40)
        #expect(clusters == trace.clusters.map(Set.init))
    }

    @Test(arguments: ["tatonnement", "equilibrium"])
    func theTracedAuctionEqualsDworkinAuction(solver: String) throws {
        let directory = try tracedRun("auction: {solver: \(solver)}")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent().deletingLastPathComponent()) }
        let trace = try decode(AuctionTrace.self, directory, "auction.json")
        let config = trace.config
        #expect(config.solver == solver)
        let bids = trace.bids.keys.sorted { index($0) < index($1) }.map { agent in
            AuctionBid(agentID: agent, valuations: trace.bids[agent]!.valuations, budget: trace.bids[agent]!.budget)
        }
        var resources = OrderedDictionary<String, Double>()
        for name in trace.resources.keys.sorted(by: { index($0) < index($1) }) { resources[name] = trace.resources[name] }
        let auction = try DworkinAuction(
            config: AuctionConfig(
                initialEndowment: config.initialEndowment, maxRounds: config.maxRounds,
                priceAdjustmentRate: config.priceAdjustmentRate, convergenceTolerance: config.convergenceTolerance,
                envyTolerance: config.envyTolerance,
                solver: solver == "equilibrium" ? .competitiveEquilibrium(.init()) : .tatonnement))
        let result = try auction.runAuction(bids: bids, resources: resources)
        let traced = trace.result
        #expect(Dictionary(uniqueKeysWithValues: result.clearingPrices.map { ($0.key, $0.value) }) == traced.clearingPrices)
        #expect(result.roundsToConverge == traced.roundsToConverge)
        #expect(result.converged == traced.converged)
        #expect(result.envyViolations.count == traced.envyViolations)
        #expect(traced.allocations.count == 800)
        for (agent, allocation) in result.allocations {
            #expect(
                Dictionary(uniqueKeysWithValues: allocation.resources.map { ($0.key, $0.value) })
                    == traced.allocations[agent])
        }
    }

    @Test func theTracedSpilloverReplaysThroughTheKernel() throws {
        let directory = try tracedRun("")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent().deletingLastPathComponent()) }
        let trace = try decode(SpilloverTrace.self, directory, "spillover.json")
        #expect(trace.interactions.p.count == 800 * 20)
        #expect(trace.threatLevel > 0)
        let spillovers = try PermeabilityKernels.simulateSpillover(
            p: trace.interactions.p, accepted: trace.interactions.accepted, permeability: trace.permeability,
            rates: .init(contagionRate: trace.contagionRate, spilloverAmplification: trace.spilloverAmplification),
            seed: trace.seed, threads: 1)
        #expect(!spillovers.indices.isEmpty)
        #expect(spillovers.indices == trace.events.interaction)
        #expect(spillovers.harm == trace.events.harm)
        #expect(spillovers.blocked == trace.events.blocked)
        #expect(spillovers.externalHarm == trace.externalHarm)
        let model = try PermeabilityModel(
            config: PermeabilityConfig(
                basePermeability: trace.basePermeability, threatSensitivity: trace.threatSensitivity))
        #expect(
            model.computeEffectivePermeability(threatLevel: trace.threatLevel, agentTrust: trace.agentTrust)
                == trace.permeability)
    }
}
