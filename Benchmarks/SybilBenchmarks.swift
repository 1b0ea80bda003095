import AgentEconomies
import Foundation
import Workloads

/// `sybil.dense_similarity` and `sybil.sparse_clusters`.
enum SybilBenchmarks {
    /// A population with planted Sybil groups (from Workloads' `PlantedPatterns`): the
    /// patterns, the reference-shaped copy of the leading rows (for the baseline) and the
    /// planted groups (row indices, ascending).
    struct Population {
        var patterns: PatternMatrix
        var groups: [[Int]]
        var reference: ReferenceStyleSybil.Patterns

        /// `planted` with its kept leading rows as the reference's dictionaries, keyed
        /// `agent_<row>` and `cp_<counterparty>`.
        init(_ planted: PlantedPopulation) {
            patterns = planted.patterns
            groups = planted.groups
            reference = planted.leadingRows.enumerated().map { index, row in
                (agent: "agent_\(index)", pattern: Dictionary(uniqueKeysWithValues: row.map { ("cp_\($0.0)", $0.1) }))
            }
        }
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
        let population = Population(
            try PlantedPatterns.dense(agents: agents, features: features, seed: 11, keepingRows: baselineAgents))
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
        let population = Population(
            try PlantedPatterns.sparse(
                agents: agents, counterparties: counterparties, seed: 12, keepingRows: baselineAgents))
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
