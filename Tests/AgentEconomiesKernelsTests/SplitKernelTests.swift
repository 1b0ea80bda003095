import AgentEconomiesKernels
import Foundation
import Testing
import Workloads

/// The kernels' shares (ranges of agents, blocks of rows, slices of interactions, chunks of
/// permutations), put together as the MPI module does, give the whole kernel's answer bit
/// for bit: the single-process side of the distributed kernels, tested without MPI.
@Suite struct SplitKernelTests {
    @Test(arguments: [AuctionKernels.EnvyPath.sorted, .pairwise])
    func envyCountsOverAgentRanges(path: AuctionKernels.EnvyPath) throws {
        let input = try SortedEnvyTests().randomInput(
            agents: 300, resources: 7, seed: 41, tolerance: 0.05, residueShare: 0.2)
        let whole = try AuctionKernels.envyCheck(input, path: path, threads: 2)
        let shares = try [0..<97, 97..<97, 97..<211, 211..<300].map {
            try AuctionKernels.envyCounts(input, envious: $0, path: path, threads: 3)
        }
        let counts = shares.flatMap(\.counts)
        #expect(counts == whole.violationsPerAgent)
        #expect(shares.map(\.largestGap).max() == whole.largestGap)
        let report = EnvyReport(input: input, counts: counts, largestGap: whole.largestGap)
        #expect(Array(report.violations) == Array(whole.violations))
        #expect(throws: AgentEconomiesError.self) { try AuctionKernels.envyCounts(input, envious: 250..<301) }
    }

    @Test(arguments: [SimilarityPath.sparse, .dense])
    func similarityBlocksReplayTheClusters(path: SimilarityPath) throws {
        let patterns = try PlantedPatterns.keyed(rows: 700, columns: 60, seed: 5, keyCounts: 2...7) { row in
            row % 9 < 3 ? Set((0..<6).map { Int32((row / 9 * 7 + $0) % 60) }) : nil
        }
        let blocks = [300..<700, 0..<128, 128..<300]
        for (metric, threshold) in [(SimilarityMetric.combined, 0.5), (.jaccard, 0.6)] {
            let (strips, statistics) = try SimilarityJoin.forwardNeighbors(
                patterns, metric: metric, threshold: threshold, path: path, threads: 2, blocks: blocks)
            var byRow = [Int: [Int32]]()
            for strip in strips { for row in strip.rows { byRow[row] = Array(strip.neighbors(of: row)) } }
            var csr = [0], neighbors: [Int32] = []
            for row in 0..<patterns.rowCount {
                neighbors += byRow[row]!
                csr.append(neighbors.count)
            }
            #expect(statistics.pairsFound == neighbors.count)
            for rule in [ClusteringRule.greedy, .connectedComponents] {
                let whole = try SimilarityJoin.clusters(
                    patterns, metric: metric, threshold: threshold, rule: rule, path: path, threads: 2)
                let replayed = SimilarityJoin.clusters(
                    rowCount: patterns.rowCount, rule: rule, offsets: csr, neighbors: neighbors)
                #expect(replayed == whole.clusters, "\(metric) \(rule)")
                #expect(!whole.clusters.isEmpty)
            }
        }
    }

    @Test func tatonnementOverBlockAlignedSubMarkets() throws {
        let agents = 2_500, resources = 5
        let market = try Markets.random(agents: agents, resources: resources, seed: 3)
        let supplies = market.supplies
        let parts = [0..<1_024, 1_024..<2_048, 2_048..<agents].map { market.rows($0) }
        let parameters = AuctionKernels.TatonnementParameters(maxRounds: 40, tolerance: 1e-6)
        let whole = AuctionKernels.tatonnement(market, parameters: parameters, threads: 2)
        let split = AuctionKernels.tatonnement(supplies: supplies, parameters: parameters, hasAgents: true) { prices in
            AuctionKernels.sumInBlockOrder(
                parts.flatMap { AuctionKernels.demandBlockPartials($0, prices: prices, threads: 1) },
                resources: resources)
        }
        #expect(split.prices.map(\.bitPattern) == whole.prices.map(\.bitPattern))
        #expect(split.rounds == whole.rounds && split.converged == whole.converged)
        #expect(split.lastMaxExcess.bitPattern == whole.lastMaxExcess.bitPattern)
    }

    @Test func spilloverSlicesDrawTheBatchStreams() throws {
        let chunk = PermeabilityKernels.chunkSize, n = 2 * chunk + 321
        let (p, accepted) = Interactions.columns(n, seed: 8, acceptance: 0.6)
        let rates = PermeabilityKernels.Rates(contagionRate: 0.4, spilloverAmplification: 2)
        let whole = try PermeabilityKernels.simulateSpillover(
            p: p, accepted: accepted, permeability: 0.7, rates: rates, seed: 12, threads: 2)
        var joined = PermeabilityKernels.Spillovers()
        for (first, slice) in [(0, 0..<chunk), (1, chunk..<n)] {
            let part = try PermeabilityKernels.simulateSpillover(
                p: Array(p[slice]), accepted: Array(accepted[slice]), permeability: 0.7, rates: rates, seed: 12,
                firstChunk: first, threads: 1)
            joined.indices += part.indices
            joined.harm += part.harm
            joined.blocked += part.blocked
        }
        #expect(joined == whole)
        #expect(whole.count > 0)
    }

    @Test func permutationChunksSplitOverWorkers() throws {
        let players = 11
        let game = try Games.random(players: players, seed: 9)
        let parameters = ShapleyKernels.SamplingParameters(
            maxPermutations: 300, targetStandardError: 0.01, roundPermutations: 40, seed: 4)
        let whole = try ShapleyKernels.permutation(game, parameters: parameters, threads: 2)
        let split = ShapleyKernels.permutation(players: players, walker: { AdditiveWalker(game) }, parameters: parameters) {
            emptyValue, done, pairs in
            let chunks = (pairs + ShapleyKernels.pairsPerChunk - 1) / ShapleyKernels.pairsPerChunk
            return [0..<(chunks / 2), (chunks / 2)..<chunks].flatMap { range in
                ShapleyKernels.permutationChunks(
                    players: players, walker: { AdditiveWalker(game) }, seed: parameters.seed, emptyValue: emptyValue,
                    pairsDone: done, pairs: pairs, chunks: range, threads: 1)
            }
        }
        #expect(split.values.map(\.bitPattern) == whole.values.map(\.bitPattern))
        #expect(split.standardErrors.map(\.bitPattern) == whole.standardErrors.map(\.bitPattern))
        #expect(split.samples == whole.samples)
    }

    /// The equilibrium solver over row groups held by simulated ranks (threads that gather
    /// through ``ThreadExchange``) gives the whole solve's prices, counts and certificate,
    /// and each rank's rows of its bundles.
    @Test func equilibriumOverRowGroups() throws {
        let groupRows = AuctionKernels.equilibriumGroupRows
        let agents = 2 * groupRows + 700
        // Agents without budget or valuations; the last good is valued only by the last group's agents.
        let market = try Markets.holed(agents: agents, resources: 5, seed: 23, lastResourceValuedBy: 700)
        let whole = try AuctionKernels.equilibrium(market, threads: 2)
        let shares = [0..<groupRows, groupRows..<groupRows, groupRows..<agents]
        let exchange = ThreadExchange(processes: shares.count)
        // Real threads: every simulated rank blocks in its gathers until the others arrive.
        let results = Locked([Int: Result<AuctionKernels.EquilibriumOutcome, any Error>]())
        let done = DispatchGroup()
        for (rank, rows) in shares.enumerated() {
            done.enter()
            Thread {
                let result = Result {
                    try AuctionKernels.equilibrium(
                        market.rows(rows), parameters: .init(), threads: 1, exchange: exchange.process(rank))
                }
                results.withLock { $0[rank] = result }
                done.leave()
            }.start()
        }
        done.wait()
        let outcomes = try results.withLock { all in try (0..<shares.count).map { try all[$0]!.get() } }
        #expect(whole.converged)
        for (rank, outcome) in outcomes.enumerated() {
            #expect(outcome.prices.map(\.bitPattern) == whole.prices.map(\.bitPattern))
            #expect(outcome.iterations == whole.iterations && outcome.newtonSteps == whole.newtonSteps)
            #expect(outcome.rowsReadFraction == whole.rowsReadFraction)
            #expect(outcome.certificate == whole.certificate)
            let rows = shares[rank]
            #expect(outcome.bundles.rowCount == rows.count)
            for (local, agent) in rows.enumerated() {
                let mine = outcome.bundles.rowOffsets[local]..<outcome.bundles.rowOffsets[local + 1]
                let theirs = whole.bundles.rowOffsets[agent]..<whole.bundles.rowOffsets[agent + 1]
                #expect(Array(outcome.bundles.columns[mine]) == Array(whole.bundles.columns[theirs]))
                #expect(
                    outcome.bundles.values[mine].map(\.bitPattern) == whole.bundles.values[theirs].map(\.bitPattern))
            }
        }
    }
}

/// An all-gather between threads standing in for ranks: each call of a process blocks until
/// every process has made its call of the same index, then returns every process's values in
/// process order.
final class ThreadExchange: @unchecked Sendable {
    private let condition = NSCondition()
    private let processes: Int
    /// Per call index, each process's values.
    private var calls: [[[Double]?]] = []
    private var nextCall: [Int]

    init(processes: Int) {
        self.processes = processes
        nextCall = [Int](repeating: 0, count: processes)
    }

    /// The exchange seen by process `rank`.
    func process(_ rank: Int) -> Process { Process(exchange: self, rank: rank) }

    struct Process: EquilibriumExchange, Sendable {
        let exchange: ThreadExchange
        let rank: Int
        func gather(_ values: [Double]) -> [Double] { exchange.gather(values, rank: rank) }
    }

    private func gather(_ values: [Double], rank: Int) -> [Double] {
        condition.lock()
        defer { condition.unlock() }
        let call = nextCall[rank]
        nextCall[rank] += 1
        while calls.count <= call { calls.append([[Double]?](repeating: nil, count: processes)) }
        calls[call][rank] = values
        condition.broadcast()
        while calls[call].contains(where: { $0 == nil }) { condition.wait() }
        return calls[call].flatMap { $0! }
    }
}
