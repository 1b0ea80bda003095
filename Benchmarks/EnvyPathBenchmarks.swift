import AgentEconomies
import Workloads

/// `auction.envy_pairwise`: the pairwise envy check on tatonnement bundles (about one good
/// each) against the tiled GEMM check on the same input, in the same run.
enum EnvyPathBenchmarks {
    static func pairwise(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let resources = 64, tolerance = 0.05
        let agents = quick ? 2_000 : 10_000
        progress("auction.envy_pairwise: \(agents) agents x \(resources), tatonnement bundles")
        let market = try Markets.uniform(agents: agents, resources: resources)
        let run = try AuctionKernels.run(
            market,
            parameters: AuctionKernels.RunParameters(
                solver: .tatonnement(.init(maxRounds: 20, rate: 0.1, tolerance: 0.01)), envyTolerance: tolerance))
        let input = AuctionKernels.EnvyCheckInput(
            valuations: market.valuations, bundles: run.bundles, bundleCosts: run.pricesPaid,
            utilities: run.utilities, budgets: market.budgets, tolerance: tolerance)
        var tiled = try AuctionKernels.envyCheck(input, path: .tiled)
        let tiledTiming = try measure(runs: quick ? 3 : 5, budget: 40) {
            tiled = try AuctionKernels.envyCheck(input, path: .tiled)
        }
        var pairwise = try AuctionKernels.envyCheck(input, path: .pairwise)
        let timing = try measure(runs: quick ? 3 : 5, budget: 40) {
            pairwise = try AuctionKernels.envyCheck(input, path: .pairwise)
        }
        precondition(pairwise.violationCount == tiled.violationCount, "pairwise and tiled envy checks disagree")
        let entries = Double(run.bundles.columns.count) / Double(agents)
        return [
            BenchmarkResult(
                kernel: "auction.envy_pairwise",
                params: [
                    ("agents", .int(agents)), ("resources", .int(resources)),
                    ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing, baselineSeconds: tiledTiming.median,
                speedupVsBaseline: tiledTiming.median / timing.median,
                metrics: [
                    ("violations", .int(pairwise.violationCount)), ("bundle_entries_per_agent", .double(entries)),
                    ("pairs_per_s", .double(Double(agents) * Double(agents - 1) / timing.median)),
                    ("baseline", .string("the tiled GEMM check on the same input")),
                ])
        ]
    }
}

/// `auction.envy_sparse`: the sorted envy path on tatonnement and equilibrium bundles at
/// population scale, where the pairwise and tiled paths would visit 10^12 pairs; checked
/// against the pairwise path on a sample of agents.
enum SortedEnvyBenchmarks {
    static func sorted(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let resources = 64, tolerance = 0.05
        let sizes = scale == .quick ? [20_000] : [1_000_000]
        var results: [BenchmarkResult] = []
        for agents in sizes {
            let market = try Markets.uniform(agents: agents, resources: resources)
            let solvers: [(String, AuctionKernels.Solver)] = [
                ("tatonnement", .tatonnement(.init(maxRounds: 50, rate: 0.1, tolerance: 0.01))),
                ("equilibrium", .competitiveEquilibrium(.init())),
            ]
            for (name, solver) in solvers {
                progress("auction.envy_sparse: \(agents) agents x \(resources), \(name) bundles")
                let run = try AuctionKernels.run(
                    market, parameters: AuctionKernels.RunParameters(solver: solver, envyTolerance: tolerance))
                let input = AuctionKernels.EnvyCheckInput(
                    valuations: market.valuations, bundles: run.bundles, bundleCosts: run.pricesPaid,
                    utilities: run.utilities, budgets: market.budgets, tolerance: tolerance)
                var report = run.envy
                let timing = try measure(runs: 3, budget: 60, warmup: false) {
                    report = try AuctionKernels.envyCheck(input, path: .sorted)
                }
                // Spot check: 50 agents' rows against the pair-by-pair rule.
                var checked = 0
                for agent in stride(from: 0, to: agents, by: max(1, agents / 50)) {
                    let expected = input.violations(ofAgent: agent).count
                    precondition(report.violationsPerAgent[agent] == expected, "sorted envy disagrees at \(agent)")
                    checked += 1
                }
                let multiGood = (0..<agents).filter { run.bundles.rowOffsets[$0 + 1] - run.bundles.rowOffsets[$0] > 1 }
                results.append(
                    BenchmarkResult(
                        kernel: "auction.envy_sparse",
                        params: [
                            ("agents", .int(agents)), ("resources", .int(resources)), ("bundles", .string(name)),
                            ("threads", .int(Parallel.defaultThreadCount)),
                        ],
                        timing: timing,
                        metrics: [
                            ("violations", .int(report.violationCount)),
                            ("multi_good_bundles", .int(multiGood.count)),
                            ("pairs_per_s", .double(Double(agents) * Double(agents - 1) / timing.median)),
                            ("rows_checked_pairwise", .int(checked)),
                            ("peak_rss_mib", .double(Double(PeakMemory.peakResidentBytes()) / 1_048_576)),
                        ]))
            }
        }
        return results
    }
}
