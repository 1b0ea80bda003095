import AgentEconomies

/// `auction.envy_pairwise`: the pairwise envy check on tatonnement bundles (about one good
/// each) against the tiled GEMM check on the same input, in the same run.
enum EnvyPathBenchmarks {
    static func pairwise(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let resources = 64, tolerance = 0.05
        let agents = quick ? 2_000 : 10_000
        progress("auction.envy_pairwise: \(agents) agents x \(resources), tatonnement bundles")
        let market = try BenchmarkMarkets.market(agents: agents, resources: resources)
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
