import AgentEconomiesKernels

extension DistributedKernels {
    /// `AuctionKernels.equilibrium(_:parameters:threads:)` with the agents in row groups over
    /// the ranks: each rank holds only its agents' rows (`localMarket`) and its row cache.
    /// Every pass of the smoothed dual sums each reduction group of
    /// `AuctionKernels.equilibriumGroupRows` agents on the rank that holds it; the groups'
    /// sums (objective, spending, Hessian diagonal and smoothing derivative per good, and the
    /// goods x goods Gram matrix when a row of the group split its budget) are gathered on
    /// every rank and added in group order, the single-process order. Every rank then takes
    /// the same Newton step, so prices, iterations, Newton steps, smoothing, the rows-read
    /// share and the certificate are the single-process solve's, bit for bit.
    ///
    /// - Parameters:
    ///   - localMarket: this rank's agents (valuations, budgets; the same supplies and tie
    ///     ranks on every rank).
    ///   - firstAgent: the index of this rank's first agent in the whole market. Ranks hold
    ///     consecutive agents in rank order, each starting on a multiple of
    ///     `AuctionKernels.equilibriumGroupRows` (as ``Partition/contiguous(count:block:rank:size:)``
    ///     deals them with that block).
    ///   - parameters: the solver's tolerance and pass limit.
    ///   - threads: worker threads per rank (`nil`: the kernels' default).
    ///   - communicator: the ranks.
    /// - Returns: the whole market's outcome, except `bundles`, which holds this rank's
    ///   agents only (row `i` is agent `firstAgent + i`; gather them with
    ///   ``gatherRows(_:communicator:)`` when one process needs them all).
    /// - Throws: `AgentEconomiesError` for invalid parameters, or when the ranks' rows are not
    ///   consecutive and group-aligned or their resources differ; ``MPIError``.
    /// - Complexity: as `AuctionKernels.equilibrium(_:parameters:threads:)` with the agents divided
    ///   over the ranks; every pass gathers each reduction group's sums on every rank (O(resources)
    ///   values per group, plus resources^2 for the Gram matrix of a group with a splitting agent),
    ///   and every rank solves each Newton step's R x R system (O(resources^3)).
    public static func equilibrium(
        _ localMarket: AuctionMarket, firstAgent: Int,
        parameters: AuctionKernels.EquilibriumParameters = .init(),
        threads: Int? = nil, communicator: Communicator
    ) throws -> AuctionKernels.EquilibriumOutcome {
        try parameters.validate()
        _ = try validateRowLayout(
            localMarket, firstAgent: firstAgent, alignment: AuctionKernels.equilibriumGroupRows,
            communicator: communicator)
        return try AuctionKernels.equilibrium(
            localMarket, parameters: parameters, threads: threads,
            exchange: CommunicatorExchange(communicator: communicator))
    }
}

/// The equilibrium solver's exchange over the ranks of a communicator.
struct CommunicatorExchange: EquilibriumExchange {
    let communicator: Communicator

    func gather(_ values: [Double]) throws -> [Double] {
        try communicator.allGatherConcatenated(values).values
    }
}
