import AgentEconomiesKernels

extension DistributedKernels {
    /// `AuctionKernels.run(_:parameters:threads:)` over the ranks: the solver with the agents
    /// in row blocks (``tatonnement(_:firstAgent:parameters:threads:communicator:)``, then
    /// each rank's final demands, normalised by the gathered block totals; or
    /// ``equilibrium(_:firstAgent:parameters:threads:communicator:)``), the certificate from
    /// the ranks' rows, utilities and costs per rank, and
    /// ``envyCheck(_:path:threads:communicator:)``. Every rank receives the whole result,
    /// equal to the single-process run's bit for bit.
    ///
    /// Sent, besides the solver's rounds: the bundles (12 bytes per entry), two numbers per
    /// agent (utility, cost), the certificate's block totals, and the envy counts.
    ///
    /// - Parameters:
    ///   - market: the whole market, the same on every rank (the envy check reads every
    ///     agent's valuations; the solver reads only the rank's rows).
    ///   - parameters: the solver and the envy tolerance.
    ///   - threads: worker threads per rank (`nil`: the kernels' default).
    ///   - communicator: the ranks.
    /// - Throws: as the single-process run (on every rank alike), and ``MPIError``.
    /// - Complexity: per rank, the solver on its share of the agents (for the tatonnement
    ///   O(rounds x agents / ranks x resources), with each round's block totals gathered),
    ///   ``envyCheck(_:path:threads:communicator:)`` on its share of the envious agents, and
    ///   O(agents + entries) received to gather the bundles, utilities and costs on every rank.
    public static func auction(
        _ market: AuctionMarket, parameters: AuctionKernels.RunParameters = .init(), threads: Int? = nil,
        communicator: Communicator
    ) throws -> AuctionMarketResult {
        try parameters.validate()
        let exchange = CommunicatorExchange(communicator: communicator)
        let prices: [Double], rounds: Int, converged: Bool
        var localBundles: SparseRows
        // The solver's unit of rows: demand blocks, or the equilibrium's reduction groups.
        let block: Int
        if case .tatonnement = parameters.solver {
            block = AuctionKernels.blockRows
        } else {
            block = AuctionKernels.equilibriumGroupRows
        }
        let mine = Partition.contiguous(
            count: market.agentCount, block: block, rank: communicator.rank, size: communicator.size)
        let local = market.rows(mine)
        switch parameters.solver {
        case let .tatonnement(options):
            let outcome = try tatonnement(
                local, firstAgent: mine.lowerBound, parameters: options, threads: threads, communicator: communicator)
            localBundles = try AuctionKernels.demands(local, prices: outcome.prices, threads: threads)
            let totals = AuctionKernels.sumInBlockOrder(
                flat: try exchange.gather(localBundles.columnBlockSums()), resources: market.resourceCount)
            try AuctionKernels.normalize(&localBundles, supplies: market.supplies, totals: totals)
            (prices, rounds, converged) = (outcome.prices, outcome.rounds, outcome.converged)
        case let .competitiveEquilibrium(options):
            let outcome = try equilibrium(
                local, firstAgent: mine.lowerBound, parameters: options, threads: threads, communicator: communicator)
            localBundles = outcome.bundles
            (prices, rounds, converged) = (outcome.prices, outcome.iterations, outcome.converged)
        }
        let bundles = try gatherRows(localBundles, communicator: communicator)
        try AuctionKernels.checkFinite(prices: prices, bundles: bundles)
        let certificate = try AuctionKernels.certificate(
            market: local, prices: prices, bundles: localBundles, threads: threads, exchange: exchange)
        let utilities = try exchange.gather(localBundles.rowDots(local.valuations))
        let costs = try exchange.gather(localBundles.rowDots(prices))
        var total = 0.0
        for utility in utilities { total += utility }
        let envy = try envyCheck(
            AuctionKernels.EnvyCheckInput(
                valuations: market.valuations, bundles: bundles, bundleCosts: costs, utilities: utilities,
                budgets: market.budgets, tolerance: parameters.envyTolerance),
            threads: threads, communicator: communicator)
        return AuctionMarketResult(
            prices: prices, roundsToConverge: rounds, converged: converged, certificate: certificate,
            bundles: bundles, utilities: utilities, pricesPaid: costs, totalUtility: total, envy: envy)
    }
}
