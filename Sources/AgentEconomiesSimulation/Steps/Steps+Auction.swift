import AgentEconomiesKernels

extension Steps {
    /// The auction: budgets from wallets (`wallet_share` of a positive wallet, times
    /// `0.5 + 0.5 mean p`; barred agents bring none), payments burned from the wallets.
    static func auction(_ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels) throws {
        let spec = state.scenario.auction, n = state.population.count
        let modulation = try reputationBudgets(endowment: 1, averageP: context.meanP)
        var budgets = [Double](repeating: 0, count: n)
        for agent in 0..<n where state.active[agent] {
            budgets[agent] = spec.walletShare * max(0, state.ledger.wallets[agent]) * modulation[agent]
        }
        let supplies = [Double](
            repeating: spec.supplyPerAgent * Double(n) / Double(spec.resources), count: spec.resources)
        let market = try AuctionMarket(
            valuations: state.population.valuations(threads: context.threads), budgets: budgets, supplies: supplies)
        let solver: AuctionKernels.Solver =
            spec.solver == "equilibrium"
            ? .competitiveEquilibrium(.init())
            : .tatonnement(
                .init(maxRounds: spec.maxRounds, rate: spec.priceAdjustmentRate, tolerance: spec.convergenceTolerance))
        let result = try kernels.auction(
            market, .init(solver: solver, envyTolerance: spec.envyTolerance), context.threads)
        if let directory = context.traceDirectory {
            try EpochTrace.writeAuction(to: directory, spec: spec, market: market, result: result)
        }
        for agent in 0..<n where result.pricesPaid[agent] > 0 { state.ledger.charge(agent, result.pricesPaid[agent]) }
        // The HFN market trades resource 0: who holds it, and who would rather have it.
        let bundles = result.bundles, price = result.prices[0], needRatio = state.scenario.hfn.needRatio
        context.holdings = [Double](repeating: 0, count: n)
        context.wantsResource0 = [Bool](repeating: false, count: n)
        for agent in 0..<n where state.active[agent] {
            for entry in bundles.rowOffsets[agent]..<bundles.rowOffsets[agent + 1] where bundles.columns[entry] == 0 {
                context.holdings[agent] += bundles.values[entry]
            }
            let spent = result.pricesPaid[agent], value = market.valuations[agent, 0]
            if context.holdings[agent] == 0 && spent > 0 && value > 0 {
                context.wantsResource0[agent] = value / price >= needRatio * result.utilities[agent] / spent
            }
        }
        context.record.auctionGini = giniCoefficient(result.utilities, threads: context.threads)
        context.record.envyViolations = result.envy.violationCount
        context.record.maxExcessDemand = result.certificate.maxExcess
        context.record.auctionRounds = result.roundsToConverge
    }
}
