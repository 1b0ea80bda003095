import AgentEconomiesKernels

extension DistributedKernels {
    /// `AuctionKernels.tatonnement(_:parameters:threads:)` with the agents in row blocks
    /// over the ranks: each rank holds its agents' rows only (`localMarket`) and computes its
    /// blocks' demand totals at the round's prices; every block's totals are gathered
    /// (resources x 8 bytes per block of `AuctionKernels.blockRows` agents) and added in
    /// block order, the single-process order, so every round's prices, the rounds and the
    /// convergence are the single-process run's, bit for bit.
    ///
    /// - Parameters:
    ///   - localMarket: this rank's agents (valuations, budgets; the same supplies and tie
    ///     ranks on every rank).
    ///   - firstAgent: the index of this rank's first agent in the whole market. Ranks hold
    ///     consecutive agents in rank order, each starting on a multiple of
    ///     `AuctionKernels.blockRows` (as ``Partition/contiguous(count:block:rank:size:)``
    ///     deals them with that block).
    ///   - parameters: the tatonnement's rounds, rate and tolerance.
    ///   - threads: worker threads per rank (`nil`: the kernels' default).
    ///   - communicator: the ranks.
    /// - Throws: `AgentEconomiesError` when the ranks' rows are not consecutive and
    ///   block-aligned or their resources differ, and ``MPIError``.
    /// - Complexity: per round, O(agents / ranks x resources) for the rank's agents (as
    ///   `AuctionKernels.tatonnement(_:parameters:threads:)`) plus an all-gather of resources x 8
    ///   bytes per block of every rank; at most `parameters.maxRounds` rounds.
    public static func tatonnement(
        _ localMarket: AuctionMarket, firstAgent: Int, parameters: AuctionKernels.TatonnementParameters,
        threads: Int? = nil, communicator: Communicator
    ) throws -> AuctionKernels.TatonnementOutcome {
        try parameters.validate()
        let expected = try validateRowLayout(
            localMarket, firstAgent: firstAgent, alignment: AuctionKernels.blockRows, communicator: communicator)
        let r = localMarket.resourceCount
        var failure: (any Error)?
        let outcome = AuctionKernels.tatonnement(
            supplies: localMarket.supplies, parameters: parameters, hasAgents: expected > 0
        ) { prices in
            let partials = AuctionKernels.demandBlockPartials(localMarket, prices: prices, threads: threads)
            do {
                let flat = try communicator.allGatherConcatenated(partials.flatMap { $0 }).values
                return AuctionKernels.sumInBlockOrder(flat: flat, resources: r)
            } catch {
                failure = error
                return [Double](repeating: .nan, count: r)
            }
        }
        if let failure { throw failure }
        return outcome
    }
}

extension DistributedKernels {
    /// Checks that the ranks' markets are consecutive agent ranges in rank order, each
    /// starting on a multiple of `alignment` (or empty), with the same resources; returns the
    /// whole market's agent count.
    static func validateRowLayout(
        _ localMarket: AuctionMarket, firstAgent: Int, alignment: Int, communicator: Communicator
    ) throws -> Int64 {
        let layout = try communicator.allGather([
            Int64(firstAgent), Int64(localMarket.agentCount), Int64(localMarket.resourceCount),
        ])
        var expected: Int64 = 0
        for (rank, entry) in layout.enumerated() {
            if entry[0] != expected || (entry[0] % Int64(alignment) != 0 && entry[1] > 0) {
                throw AgentEconomiesError.outOfRange(
                    field: "firstAgent", value: "\(entry[0]) on rank \(rank)",
                    requirement: "consecutive ranges in rank order starting at multiples of \(alignment)")
            }
            if entry[2] != Int64(localMarket.resourceCount) {
                throw AgentEconomiesError.shapeMismatch(
                    field: "resources", expected: "\(localMarket.resourceCount)", actual: "\(entry[2]) on rank \(rank)")
            }
            expected += entry[1]
        }
        return expected
    }
}
