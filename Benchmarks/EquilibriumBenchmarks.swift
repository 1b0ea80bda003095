import AgentEconomies
import Workloads

/// `auction.equilibrium`: the competitive-equilibrium solver on the benchmark markets.
enum EquilibriumBenchmarks {
    /// Agents 10,000 and 100,000, 64 resources, equal budgets. Reports iterations, the
    /// certificate, the envy check at tolerance 1e-6 x budget, and bytes per second of the
    /// passes: agents x resources x 8 bytes of log-valuations per pass, whole solve time
    /// included. Rows settled from the row cache are counted although not read;
    /// `rows_read_fraction` says how many were read.
    static func equilibrium(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let resources = 64
        let options = EquilibriumOptions(tolerance: 1e-6)
        var results: [BenchmarkResult] = []
        for agents in quick ? [2_000, 10_000] : [10_000, 100_000] {
            progress("auction.equilibrium: \(agents) agents x \(resources)")
            let market = try Markets.uniform(agents: agents, resources: resources)
            var outcome = try AuctionKernels.equilibrium(market, parameters: options)
            let timing = try measure(runs: quick ? 3 : 5, budget: 40) {
                outcome = try AuctionKernels.equilibrium(market, parameters: options)
            }
            let utilities = try outcome.bundles.rowDots(market.valuations)
            let costs = try outcome.bundles.rowDots(outcome.prices)
            let envy = try AuctionKernels.envyCheck(
                .init(
                    valuations: market.valuations, bundles: outcome.bundles,
                    bundleCosts: costs, utilities: utilities,
                    budgets: market.budgets, tolerance: 1e-6 * 100))
            let bytesPerSecond = Double(agents * resources * 8 * outcome.iterations) / timing.median
            results.append(
                BenchmarkResult(
                    kernel: "auction.equilibrium",
                    params: [
                        ("agents", .int(agents)), ("resources", .int(resources)), ("tolerance", .double(1e-6)),
                        ("threads", .int(Parallel.defaultThreadCount)),
                    ],
                    timing: timing,
                    metrics: [
                        ("iterations", .int(outcome.iterations)), ("newton_steps", .int(outcome.newtonSteps)),
                        ("max_excess", .double(outcome.certificate.maxExcess)),
                        ("equilibrium_gap", .double(outcome.certificate.equilibriumGap)),
                        ("converged", .string("\(outcome.converged)")),
                        ("envy_violations", .int(envy.violationCount)),
                        ("rows_read_fraction", .double(outcome.rowsReadFraction)),
                        ("bytes_per_s", .double(bytesPerSecond)),
                        ("stream_fraction", .double(bytesPerSecond / (peak.streamGbps * 1e9))),
                    ]))
        }
        return results
    }
}

/// `auction.solver_comparison`: the reference tatonnement and the equilibrium solver side by
/// side on 20 random markets (valuations uniform in (0, 10], equal budgets 100), both judged
/// by the same envy check at tolerance 1e-6 x budget and the same certificate.
enum SolverComparison {
    static let sizes = [(100, 8), (200, 16), (500, 16), (1_000, 32), (2_000, 64), (5_000, 64), (10_000, 64)]

    static func compare(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let quick = scale == .quick
        let count = quick ? 7 : 20
        var results: [BenchmarkResult] = []
        for index in 0..<count {
            let (agents, resources) = sizes[index % sizes.count]
            let seed = UInt64(100 + index)
            progress("auction.solver_comparison: market \(index + 1)/\(count), \(agents) agents x \(resources)")
            let market = try Markets.uniform(agents: agents, resources: resources, seed: seed)
            let envyTolerance = 1e-6 * 100
            let reference = try DworkinAuction(config: AuctionConfig(envyTolerance: envyTolerance))
                .runAuction(market: market)
            let auction = try DworkinAuction(
                config: AuctionConfig(
                    envyTolerance: envyTolerance,
                    solver: .competitiveEquilibrium()))
            var solved = try auction.runAuction(market: market)
            let timing = try measure(runs: 3, budget: 10) {
                _ = try AuctionKernels.equilibrium(market)
            }
            solved = try auction.runAuction(market: market)
            results.append(
                BenchmarkResult(
                    kernel: "auction.solver_comparison",
                    params: [("agents", .int(agents)), ("resources", .int(resources)), ("seed", .int(Int(seed)))],
                    timing: timing,
                    metrics: [
                        ("tatonnement_converged", .string("\(reference.converged)")),
                        ("tatonnement_envy_violations", .int(reference.envy.violationCount)),
                        ("tatonnement_max_excess", .double(reference.certificate.maxExcess)),
                        ("tatonnement_equilibrium_gap", .double(reference.certificate.equilibriumGap)),
                        ("equilibrium_converged", .string("\(solved.converged)")),
                        ("envy_violations", .int(solved.envy.violationCount)),
                        ("iterations", .int(solved.roundsToConverge)),
                        ("max_excess", .double(solved.certificate.maxExcess)),
                        ("equilibrium_gap", .double(solved.certificate.equilibriumGap)),
                    ]))
        }
        return results
    }
}
