import AgentEconomiesKernels
import Testing

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
        let patterns = try plantedPatterns(rows: 700, columns: 60, seed: 5, keyCounts: 2...7) { row in
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
        var random = FastRandom(seed: 3)
        let valuations = (0..<(agents * resources)).map { _ in random.uniform(0.1, 10) }
        let budgets = (0..<agents).map { _ in random.uniform(50, 150) }
        let supplies = [Double](repeating: 100 * Double(agents) / Double(resources), count: resources)
        let market = try AuctionMarket(
            valuations: Matrix(rows: agents, columns: resources, storage: valuations), budgets: budgets,
            supplies: supplies)
        let parts = try [0..<1_024, 1_024..<2_048, 2_048..<agents].map { rows in
            try AuctionMarket(
                valuations: Matrix(
                    rows: rows.count, columns: resources,
                    storage: Array(valuations[(rows.lowerBound * resources)..<(rows.upperBound * resources)])),
                budgets: Array(budgets[rows]), supplies: supplies)
        }
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
        var random = FastRandom(seed: 8)
        let p = (0..<n).map { _ in random.random() }
        let accepted = (0..<n).map { _ in random.random() < 0.6 }
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
        var random = FastRandom(seed: 9)
        let game = try AdditiveGame(
            aggregates: Matrix(rows: players, columns: 2, storage: (0..<(2 * players)).map { _ in random.random() })
        ) { sums, _ in sums[0] * sums[0] + sums[1] }
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
}
