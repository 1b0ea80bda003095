import AgentEconomies
import Foundation

/// `sybil.dense_similarity` and `sybil.sparse_clusters`.
enum SybilBenchmarks {
    /// A population with planted Sybil groups: the patterns, the reference-shaped copy (for the
    /// baseline) and the planted groups (row indices, ascending).
    struct Population {
        var patterns: PatternMatrix
        var groups: [[Int]]
        var reference: ReferenceStyleSybil.Patterns
    }

    /// Rows of (counterparty, count) pairs into a population; `groupOf[row]` says which
    /// planted group a row belongs to (-1: none).
    static func population(
        rows: [[(Int32, Int)]], columns: Int, groupOf: [Int], groups: Int,
        referenceRows: Int
    ) throws -> Population {
        var offsets = [0], cols = [Int32](), values = [Double]()
        offsets.reserveCapacity(rows.count + 1)
        for row in rows {
            for (column, count) in row { cols.append(column); values.append(Double(count)) }
            offsets.append(cols.count)
        }
        var members = [[Int]](repeating: [], count: groups)
        for (row, group) in groupOf.enumerated() where group >= 0 { members[group].append(row) }
        let reference = rows.prefix(referenceRows).enumerated().map { index, row in
            (agent: "agent_\(index)", pattern: Dictionary(uniqueKeysWithValues: row.map { ("cp_\($0.0)", $0.1) }))
        }
        return Population(
            patterns: try PatternMatrix(
                columnCount: columns, rowOffsets: offsets, columns: cols,
                values: values),
            groups: members, reference: reference)
    }

    /// Sybil groups of 3 to 10 agents placed at random positions: every member has the group's
    /// counterparties, with the counts perturbed, and most of its interactions go to one
    /// shared target (the collusion the lever is meant to catch).
    static func plant(
        into rows: inout [[(Int32, Int)]], groupOf: inout [Int], groups: Int, dominantBase: Int,
        template: (inout FastRandom) -> [Int32], random: inout FastRandom
    ) {
        var free = Array(0..<rows.count).shuffled(using: &random)
        for group in 0..<groups {
            let keys = template(&random)
            let dominant = dominantBase + Int(random.next() % UInt64(dominantBase / 2))
            let size = 3 + Int(random.next() % 8)
            for _ in 0..<size {
                let row = free.removeLast()
                groupOf[row] = group
                rows[row] = keys.enumerated().map { index, key in
                    (key, index == 0 ? dominant + Int(random.next() % 11) - 5 : 1 + Int(random.next() % 3))
                }
            }
        }
    }

    /// `count` distinct draws from a Zipf(1) popularity over `columns` counterparties.
    static func zipfDraws(_ count: Int, cumulative: [Double], random: inout FastRandom) -> [Int32] {
        var chosen = [Int32]()
        while chosen.count < count {
            let u = random.random() * cumulative.last!
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < u { low = middle + 1 } else { high = middle }
            }
            let key = Int32(low)
            if !chosen.contains(key) { chosen.append(key) }
        }
        return chosen
    }

    /// Sparse interaction patterns: `agents` agents, 20 counterparties each from a skewed
    /// popularity over `counterparties`, one planted group per 500 agents.
    static func sparsePopulation(
        agents: Int, counterparties: Int, seed: UInt64,
        referenceRows: Int = 0
    ) throws -> Population {
        var random = FastRandom(seed: seed)
        var cumulative = [Double](repeating: 0, count: counterparties)
        var total = 0.0
        for rank in 0..<counterparties {
            total += 1 / Double(rank + 1)
            cumulative[rank] = total
        }
        var rows = (0..<agents).map { _ in
            zipfDraws(20, cumulative: cumulative, random: &random).map { ($0, 1 + Int(random.next() % 5)) }
        }
        var groupOf = [Int](repeating: -1, count: agents)
        let groups = max(1, agents / 500)
        plant(
            into: &rows, groupOf: &groupOf, groups: groups, dominantBase: 200,
            template: { zipfDraws(20, cumulative: cumulative, random: &$0) }, random: &random)
        return try population(
            rows: rows, columns: counterparties, groupOf: groupOf, groups: groups,
            referenceRows: referenceRows)
    }

    /// Dense behaviour profiles: every feature present with probability 0.3, counts 1 to 9,
    /// one planted group per 200 agents.
    static func densePopulation(agents: Int, features: Int, seed: UInt64, referenceRows: Int = 0) throws -> Population {
        var random = FastRandom(seed: seed)
        func profile(_ random: inout FastRandom) -> [Int32] {
            (0..<Int32(features)).filter { _ in random.random() < 0.3 }.shuffled(using: &random)
        }
        var rows = (0..<agents).map { _ in profile(&random).sorted().map { ($0, 1 + Int(random.next() % 9)) } }
        var groupOf = [Int](repeating: -1, count: agents)
        let groups = max(1, agents / 200)
        plant(
            into: &rows, groupOf: &groupOf, groups: groups, dominantBase: 4_000, template: { profile(&$0) },
            random: &random)
        return try population(
            rows: rows, columns: features, groupOf: groupOf, groups: groups,
            referenceRows: referenceRows)
    }

    /// The reference-style baseline at `population.reference.count` agents, cross-checked
    /// against the kernel on the same agents. Returns (baseline timing, kernel seconds there).
    static func baseline(
        _ population: Population, threshold: Double, path: SimilarityPath,
        name: String
    ) throws -> (Timing, Double) {
        let reference = population.reference
        progress("\(name) baseline: \(reference.count) agents, reference-style pairwise")
        var expected = [[String]]()
        // Long baselines (about 2 minutes for dense profiles at 2,000 agents) run once.
        let timing = measure(runs: 3, minimumRuns: 1, budget: 30, warmup: false) {
            expected = ReferenceStyleSybil.clusters(reference, threshold: threshold)
        }
        let small = try prefix(population.patterns, rows: reference.count)
        var found = [[Int]]()
        let kernel = try measure(runs: 3, budget: 10) {
            found = try SimilarityJoin.clusters(small, threshold: threshold, path: path).clusters
        }
        let names = found.map { $0.map { "agent_\($0)" }.sorted() }
        precondition(names == expected, "\(name): kernel and reference-style clusters disagree")
        return (timing, kernel.median)
    }

    /// The first `rows` rows of `patterns`.
    static func prefix(_ patterns: PatternMatrix, rows: Int) throws -> PatternMatrix {
        let offsets = Array(patterns.rowOffsets.prefix(rows + 1))
        return try PatternMatrix(
            columnCount: patterns.columnCount, rowOffsets: offsets,
            columns: Array(patterns.columns.prefix(offsets.last!)),
            values: Array(patterns.values.prefix(offsets.last!)))
    }

    /// Planted groups that come out as a cluster of exactly their members.
    static func recovered(_ groups: [[Int]], clusters: [[Int]]) -> Int {
        let found = Set(clusters.map { $0.sorted() })
        return groups.filter { found.contains($0) }.count
    }

    static func denseSimilarity(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let agents = scale.pick(quick: 4_000, standard: 8_000, full: 20_000), features = 512, threshold = 0.8
        let baselineAgents = scale.pick(quick: 500, standard: 700, full: 2_000)
        progress("sybil.dense_similarity: generating \(agents) x \(features)")
        let population = try densePopulation(
            agents: agents, features: features, seed: 11,
            referenceRows: baselineAgents)
        let (baseline, kernelSmall) = try baseline(
            population, threshold: threshold, path: .dense,
            name: "sybil.dense_similarity")
        progress("sybil.dense_similarity: \(agents) agents")
        // The first call is the warm-up.
        var result = try SimilarityJoin.clusters(population.patterns, threshold: threshold, path: .dense)
        let timing = try measure(runs: 3, budget: 60, warmup: false) {
            result = try SimilarityJoin.clusters(population.patterns, threshold: threshold, path: .dense)
        }
        // The sparse join on the same input gives the same clusters (on the first 4,000 agents
        // outside --full: the sparse join is the slow path on dense profiles).
        let checked = scale == .full ? population.patterns : try prefix(population.patterns, rows: min(agents, 4_000))
        let sparse = try SimilarityJoin.clusters(checked, threshold: threshold, path: .sparse)
        let dense = scale == .full ? result : try SimilarityJoin.clusters(checked, threshold: threshold, path: .dense)
        precondition(sparse.clusters == dense.clusters, "dense and sparse clusters differ")
        let gflops = result.statistics.gemmFlops / timing.median / 1e9
        let pairs = Double(agents) * Double(agents - 1) / 2
        let baselinePairs = Double(baselineAgents) * Double(baselineAgents - 1) / 2
        return [
            BenchmarkResult(
                kernel: "sybil.dense_similarity",
                params: [
                    ("agents", .int(agents)), ("features", .int(features)),
                    ("density", .double(population.patterns.density)),
                    ("metric", .string("combined")), ("threshold", .double(threshold)),
                    ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing, gflops: gflops, peakFraction: gflops / peak.dgemmGflops,
                baselineSeconds: baseline.median,
                speedupVsBaseline: (baseline.median / baselinePairs) / (timing.median / pairs),
                metrics: [
                    ("pairs_scored", .int(result.statistics.pairsScored)),
                    ("pairs_rescored", .int(result.statistics.pairsRescored)),
                    ("pairs_found", .int(result.statistics.pairsFound)),
                    ("clusters", .int(result.clusters.count)),
                    ("planted_groups", .int(population.groups.count)),
                    ("planted_recovered", .int(recovered(population.groups, clusters: result.clusters))),
                    ("baseline_params", .string("agents=\(baselineAgents), speedup per pair")),
                    ("speedup_same_size", .double(baseline.median / kernelSmall)),
                ])
        ]
    }

    static func sparseClusters(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let agents = scale.pick(quick: 100_000, standard: 300_000, full: 1_000_000)
        let counterparties = scale.pick(quick: 20_000, standard: 30_000, full: 100_000), threshold = 0.8
        let baselineAgents = scale.pick(quick: 500, standard: 1_000, full: 2_000)
        progress("sybil.sparse_clusters: generating \(agents) agents x 20 of \(counterparties) counterparties")
        let population = try sparsePopulation(
            agents: agents, counterparties: counterparties, seed: 12,
            referenceRows: baselineAgents)
        let (baseline, kernelSmall) = try baseline(
            population, threshold: threshold, path: .sparse,
            name: "sybil.sparse_clusters")
        progress("sybil.sparse_clusters: \(agents) agents")
        PeakMemory.reset()
        var result = try SimilarityJoin.clusters(population.patterns, threshold: threshold)
        let timing = try measure(runs: 3, budget: 60, warmup: false) {
            result = try SimilarityJoin.clusters(population.patterns, threshold: threshold)
        }
        let pairs = Double(agents) * Double(agents - 1) / 2
        let baselinePairs = Double(baselineAgents) * Double(baselineAgents - 1) / 2
        let recoveredGroups = recovered(population.groups, clusters: result.clusters)
        return [
            BenchmarkResult(
                kernel: "sybil.sparse_clusters",
                params: [
                    ("agents", .int(agents)), ("counterparties", .int(counterparties)),
                    ("keys_per_agent", .int(20)), ("popularity", .string("zipf(1)")),
                    ("metric", .string("combined")), ("threshold", .double(threshold)),
                    ("path", .string(result.statistics.path.rawValue)),
                    ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing, baselineSeconds: baseline.median,
                speedupVsBaseline: (baseline.median / baselinePairs) / (timing.median / pairs),
                metrics: [
                    ("pairs_scored", .int(result.statistics.pairsScored)),
                    ("candidates_visited", .int(result.statistics.candidatesVisited)),
                    ("pairs_found", .int(result.statistics.pairsFound)),
                    ("clusters", .int(result.clusters.count)),
                    ("peak_rss_bytes", .int(PeakMemory.peakResidentBytes())),
                    ("planted_groups", .int(population.groups.count)),
                    ("planted_recovered", .int(recoveredGroups)),
                    ("baseline_params", .string("agents=\(baselineAgents), speedup per pair of the population")),
                    ("speedup_same_size", .double(baseline.median / kernelSmall)),
                ])
        ]
    }
}
