import AgentEconomies
import AgentEconomiesKernels
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

    /// OpenBLAS's faster kernels where it did not recognise the processor
    /// (`BLAS.fasterCoreType`: read only at process start, so the run starts itself again once
    /// with `OPENBLAS_CORETYPE` set), then the command.
    static func main() {
        ProcessRestart.restart(adding: BLAS.coreTypeRestart())
        main(nil)
    }

    @Option(help: "Run only kernels whose name contains this substring.")
    var filter: String?

    @Option(help: "Also write the results as JSON to this path.")
    var json: String?

    @Option(
        help: ArgumentHelp(
            "Runs every selected kernel at each worker count (e.g. 1,2) and reports the measured speedups.",
            valueName: "COUNTS"))
    var threads: String?

    /// The `--threads` counts (nil: one pass at the default count).
    func threadCounts() throws -> [Int?] {
        guard let threads else { return [nil] }
        let counts = threads.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--threads takes worker counts >= 1 separated by commas (1,2), got '\(threads)'")
        }
        return counts
    }

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
        let counts = try threadCounts()
        var results: [BenchmarkResult] = []
        for count in counts {
            if let count {
                try Parallel.setDefaultThreadCount(count)
                progress("--threads: \(count) worker(s)")
            }
            for (_, benchmark) in selected {
                var rows = try benchmark(peak, scale)
                if let count {
                    for index in rows.indices where !rows[index].params.contains(where: { $0.0 == "threads" }) {
                        rows[index].params.append(("threads", .int(count)))
                    }
                }
                // Each row as soon as it is measured; the aligned table again at the end.
                for row in rows { printRow(row) }
                results += rows
            }
        }
        print("")
        printTable(peak: peak, results: results)
        if counts.count > 1 { printSpeedups(results) }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(Report(peak: peak, results: results)).write(to: URL(fileURLWithPath: json))
            progress("wrote \(json)")
        }
    }
}
