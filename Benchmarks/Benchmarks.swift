import AgentEconomies
import ArgumentParser
import Foundation

/// `swift run -c release benchmarks`: measures the peaks, runs the kernels against their
/// baselines, prints a table and optionally writes JSON.
@main
struct Benchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmarks",
        abstract: "Agent Economies kernel benchmarks, with peaks measured in the same run.")

    @Flag(help: "Small sizes; the whole suite in about a minute.")
    var quick = false

    @Flag(help: "Population-scale sizes and long baselines (about 20 minutes on 2 cores).")
    var full = false

    @Option(help: "Run only kernels whose name contains this substring.")
    var filter: String?

    @Option(help: "Also write the results as JSON to this path.")
    var json: String?

    /// Every benchmark by kernel name, in suite order.
    static let suite: [(String, @Sendable (Peak, Scale) throws -> [BenchmarkResult])] = [
        ("auction.tatonnement", AuctionBenchmarks.tatonnement),
        ("auction.envy_check", AuctionBenchmarks.envyCheck),
        ("auction.envy_pairwise", EnvyPathBenchmarks.pairwise),
        ("auction.envy_sparse", SortedEnvyBenchmarks.sorted),
        ("auction.dictionary_api", AuctionDictionaryBenchmarks.dictionaryAPI),
        ("auction.equilibrium", EquilibriumBenchmarks.equilibrium),
        ("auction.solver_comparison", SolverComparison.compare),
        ("hfn.submit_match", HFNBenchmarks.submitMatch),
        ("hfn.object_api", HFNObjectBenchmarks.objectAPI),
        ("payoffs.metrics", PayoffBenchmarks.metrics),
        ("permeability.spillover", PermeabilityBenchmarks.spillover),
        ("permeability.optimal", PermeabilityBenchmarks.optimal),
        ("shapley.exact", ShapleyBenchmarks.exact),
        ("shapley.permutation", ShapleyBenchmarks.permutation),
        ("mission.rewards", MissionBenchmarks.rewards),
        ("sybil.dense_similarity", SybilBenchmarks.denseSimilarity),
        ("sybil.sparse_clusters", SybilBenchmarks.sparseClusters),
        ("simulation.epoch", SimulationBenchmarks.epoch),
    ]

    func run() throws {
        let selected = Self.suite.filter { filter == nil || $0.0.contains(filter!) }
        if selected.isEmpty {
            throw ValidationError(
                "no kernel matches --filter \(filter ?? ""); kernels: "
                    + Self.suite.map(\.0).joined(separator: ", "))
        }
        if quick && full { throw ValidationError("--quick and --full exclude each other") }
        let scale: Scale = quick ? .quick : (full ? .full : .standard)
        let peak = try measurePeak(quick: quick)
        printPeak(peak)
        var results: [BenchmarkResult] = []
        for (_, benchmark) in selected {
            let rows = try benchmark(peak, scale)
            // Each row as soon as it is measured; the aligned table again at the end.
            for row in rows { printRow(row) }
            results += rows
        }
        print("")
        printTable(peak: peak, results: results)
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(Report(peak: peak, results: results)).write(to: URL(fileURLWithPath: json))
            progress("wrote \(json)")
        }
    }
}
