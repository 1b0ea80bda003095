import AgentEconomies
import Workloads

/// `auction.tatonnement` and `auction.envy_check`.
enum AuctionBenchmarks {
    /// The reference tatonnement (50 rounds, 64 resources) at each size, against the
    /// dictionary baseline at a size it finishes in seconds. Work unit: agent x resource x round.
    static func tatonnement(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let resources = 64, rounds = 50
        let parameters = AuctionKernels.TatonnementParameters(maxRounds: rounds, rate: 0.1, tolerance: 0.01)

        let baselineAgents = quick ? 100 : 500
        let baselineRounds = quick ? 5 : 10
        progress("auction.tatonnement baseline: \(baselineAgents) agents x \(resources) x \(baselineRounds) rounds")
        let baselineMarket = BenchmarkMarkets.dictionaries(
            try Markets.uniform(
                agents: baselineAgents,
                resources: resources))
        let baseline = measure(runs: 3, budget: 30, warmup: false) {
            _ = baselineMarket.tatonnement(rounds: baselineRounds)
        }
        let baselinePerUnit = baseline.median / Double(baselineAgents * resources * baselineRounds)

        var results: [BenchmarkResult] = []
        for agents in quick ? [1_000, 10_000] : [10_000, 100_000] {
            progress("auction.tatonnement: \(agents) agents x \(resources) x \(rounds) rounds")
            let market = try Markets.uniform(agents: agents, resources: resources)
            var outcome = AuctionKernels.tatonnement(market, parameters: parameters)
            let timing = measure(runs: quick ? 3 : 7, budget: 30) {
                outcome = AuctionKernels.tatonnement(market, parameters: parameters)
            }
            let bytes = Double(agents * resources * 8 * outcome.rounds)
            let bytesPerSecond = bytes / timing.median
            let perUnit = timing.median / Double(agents * resources * outcome.rounds)
            results.append(
                BenchmarkResult(
                    kernel: "auction.tatonnement",
                    params: [
                        ("agents", .int(agents)), ("resources", .int(resources)), ("rounds", .int(rounds)),
                        ("threads", .int(Parallel.defaultThreadCount)),
                    ],
                    timing: timing, baselineSeconds: baseline.median, speedupVsBaseline: baselinePerUnit / perUnit,
                    metrics: [
                        ("bytes_per_s", .double(bytesPerSecond)),
                        ("stream_fraction", .double(bytesPerSecond / (peak.streamGbps * 1e9))),
                        ("rounds_run", .int(outcome.rounds)), ("converged", .string("\(outcome.converged)")),
                        ("baseline_params", .string("agents=\(baselineAgents) rounds=\(baselineRounds)")),
                        ("simd", .string(AuctionKernels.screeningInstructionSet)),
                    ]))
        }
        return results
    }

    /// The tiled-GEMM envy check over every ordered pair, on dense bundles, against the
    /// dictionary baseline. Work unit: agent pair x resource.
    static func envyCheck(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let resources = 256, tolerance = 0.05
        let agents = quick ? 2_000 : 8_000

        let baselineAgents = quick ? 60 : 200
        progress("auction.envy_check baseline: \(baselineAgents) agents x \(resources)")
        let smallMarket = try Markets.uniform(agents: baselineAgents, resources: resources)
        let (smallBundles, _, _) = try BenchmarkMarkets.proportionalBundles(smallMarket)
        let reference = BenchmarkMarkets.dictionaries(smallMarket)
        let names = (0..<resources).map { "r\($0)" }
        var bundleDictionaries: [String: [String: Double]] = [:]
        for agent in 0..<baselineAgents {
            bundleDictionaries["agent_\(agent)"] = Dictionary(
                uniqueKeysWithValues: smallBundles.row(agent).map { (names[$0.column], $0.value) })
        }
        let prices = Dictionary(uniqueKeysWithValues: names.map { ($0, 1.0) })
        var baselineCount = 0
        let baseline = measure(runs: 3, budget: 30, warmup: false) {
            baselineCount = reference.envyViolations(bundles: bundleDictionaries, prices: prices, tolerance: tolerance)
        }
        let baselinePerUnit = baseline.median / Double(baselineAgents * (baselineAgents - 1) * resources)

        progress("auction.envy_check: \(agents) agents x \(resources)")
        let market = try Markets.uniform(agents: agents, resources: resources)
        let (bundles, costs, utilities) = try BenchmarkMarkets.proportionalBundles(market)
        let input = AuctionKernels.EnvyCheckInput(
            valuations: market.valuations, bundles: bundles, bundleCosts: costs,
            utilities: utilities, budgets: market.budgets, tolerance: tolerance)
        var report = try AuctionKernels.envyCheck(input, path: .tiled)  // the warm-up
        let timing = try measure(runs: quick ? 3 : 5, budget: 40, warmup: false) {
            report = try AuctionKernels.envyCheck(input, path: .tiled)
        }
        let flops = 2 * Double(agents) * Double(agents) * Double(resources)
        let gflops = flops / timing.median / 1e9
        let perUnit = timing.median / Double(agents * (agents - 1) * resources)
        // Cross-check: the small market through the kernel finds the baseline's count.
        let (_, smallCosts, smallUtilities) = try BenchmarkMarkets.proportionalBundles(smallMarket)
        let check = try AuctionKernels.envyCheck(
            .init(
                valuations: smallMarket.valuations, bundles: smallBundles,
                bundleCosts: smallCosts, utilities: smallUtilities,
                budgets: smallMarket.budgets, tolerance: tolerance))
        precondition(check.violationCount == baselineCount, "kernel and baseline disagree on envy")
        return [
            BenchmarkResult(
                kernel: "auction.envy_check",
                params: [
                    ("agents", .int(agents)), ("resources", .int(resources)),
                    ("threads", .int(Parallel.defaultThreadCount)),
                ],
                timing: timing, gflops: gflops, peakFraction: gflops / peak.dgemmGflops,
                baselineSeconds: baseline.median, speedupVsBaseline: baselinePerUnit / perUnit,
                metrics: [
                    ("violations", .int(report.violationCount)), ("largest_gap", .double(report.largestGap)),
                    ("baseline_params", .string("agents=\(baselineAgents)")),
                ])
        ]
    }
}
