import AgentEconomiesKernels

extension Steps {
    /// The auction: budgets from wallets (`wallet_share` of a positive wallet, times
    /// `0.5 + 0.5 mean p`; barred agents bring none), payments burned from the wallets.
    static func auction(_ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels) throws {
        let spec = state.scenario.auction, n = state.population.count
        let modulation = try reputationBudgets(endowment: 1, averageP: context.meanP)
        let active = state.active, wallets = state.ledger.wallets, share = spec.walletShare
        let budgets: [Double] = Parallel.makeArray(count: n, chunkSize: 1 << 16, threads: context.threads) {
            agents, output in
            for (slot, agent) in agents.enumerated() {
                output[slot] = active[agent] ? share * max(0, wallets[agent]) * modulation[agent] : 0
            }
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
        // Per agent, over the workers (each agent's entries summed in bundle order, as before).
        let holdings: [Double] = Parallel.makeArray(count: n, chunkSize: 1 << 14, threads: context.threads) {
            agents, output in
            for (slot, agent) in agents.enumerated() {
                var held = 0.0
                if active[agent] {
                    for entry in bundles.rowOffsets[agent]..<bundles.rowOffsets[agent + 1] where bundles.columns[entry] == 0 {
                        held += bundles.values[entry]
                    }
                }
                output[slot] = held
            }
        }
        let valuations = market.valuations, paid = result.pricesPaid, utilities = result.utilities
        context.wantsResource0 = Parallel.makeArray(count: n, chunkSize: 1 << 14, threads: context.threads) {
            agents, output in
            for (slot, agent) in agents.enumerated() {
                let spent = paid[agent], value = valuations[agent, 0]
                output[slot] =
                    active[agent] && holdings[agent] == 0 && spent > 0 && value > 0
                    && value / price >= needRatio * utilities[agent] / spent
            }
        }
        context.holdings = holdings
        context.record.auctionGini = giniCoefficient(result.utilities, threads: context.threads)
        context.record.envyViolations = result.envy.violationCount
        context.record.maxExcessDemand = result.certificate.maxExcess
        context.record.auctionRounds = result.roundsToConverge
    }
}
