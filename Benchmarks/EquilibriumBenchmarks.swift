import AgentEconomies

/// `auction.equilibrium`: the competitive-equilibrium solver on the benchmark markets.
enum EquilibriumBenchmarks {
    /// Agents 10,000 and 100,000, 64 resources, equal budgets. Reports iterations, the
    /// certificate, the envy check at tolerance 1e-6 x budget, and bytes per second of the
    /// passes (agents x resources x 8 bytes of log-valuations per pass).
    static func equilibrium(peak: Peak, quick: Bool) throws -> [BenchmarkResult] {
        let resources = 64
        let options = EquilibriumOptions(tolerance: 1e-6)
        var results: [BenchmarkResult] = []
        for agents in quick ? [2_000, 10_000] : [10_000, 100_000] {
            progress("auction.equilibrium: \(agents) agents x \(resources)")
            let market = try BenchmarkMarkets.market(agents: agents, resources: resources)
            var outcome = try AuctionKernels.equilibrium(market, parameters: options)
            let timing = try measure(runs: quick ? 3 : 5, budget: 40) {
                outcome = try AuctionKernels.equilibrium(market, parameters: options)
            }
            let utilities = try outcome.bundles.rowDots(market.valuations)
            let costs = try outcome.bundles.rowDots(outcome.prices)
            let envy = try AuctionKernels.envyCheck(valuations: market.valuations, bundles: outcome.bundles,
                                                    bundleCosts: costs, utilities: utilities, budgets: market.budgets,
                                                    tolerance: 1e-6 * 100, recordLimit: 10)
            let bytesPerSecond = Double(agents * resources * 8 * outcome.iterations) / timing.median
            results.append(BenchmarkResult(
                kernel: "auction.equilibrium",
                params: [("agents", .int(agents)), ("resources", .int(resources)), ("tolerance", .double(1e-6)),
                         ("threads", .int(Parallel.defaultThreadCount))],
                timing: timing,
                metrics: [("iterations", .int(outcome.iterations)), ("newton_steps", .int(outcome.newtonSteps)),
                          ("max_excess", .double(outcome.certificate.maxExcess)),
                          ("equilibrium_gap", .double(outcome.certificate.equilibriumGap)),
                          ("converged", .string("\(outcome.converged)")),
                          ("envy_violations", .int(envy.violationCount)),
                          ("bytes_per_s", .double(bytesPerSecond)),
                          ("stream_fraction", .double(bytesPerSecond / (peak.streamGbps * 1e9)))]))
        }
        return results
    }
}
