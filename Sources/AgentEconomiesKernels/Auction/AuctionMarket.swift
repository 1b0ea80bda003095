/// A linear market in columnar form: the input of the auction kernels.
///
/// `valuations` is agents x resources. `valued`, when present, says which entries an agent
/// actually bid on (agents x resources, row-major): an agent walks only its valued
/// resources when it spends its budget, and an unvalued entry counts as valuation 0 in
/// every utility. `nil` means every entry is valued. `tieRanks` orders resources whose
/// value per price is equal for an agent: the higher rank is bought first. The default
/// (`nil`) gives earlier columns the higher rank. The dictionary API derives ranks from
/// resource names (greater name first), as the reference does.
public struct AuctionMarket: Sendable {
    /// Valuations, agents x resources.
    public let valuations: Matrix<Double>
    /// Which entries were bid on, agents x resources row-major; `nil` for all.
    public let valued: [Bool]?
    /// Each agent's budget.
    public let budgets: [Double]
    /// Each resource's supply.
    public let supplies: [Double]
    /// Each resource's tie-break rank (distinct values; higher is bought first on ties).
    public let tieRanks: [Int32]

    /// Number of agents.
    public var agentCount: Int { valuations.rows }
    /// Number of resources.
    public var resourceCount: Int { valuations.columns }

    /// A validated market.
    ///
    /// - Throws: ``AgentEconomiesError`` naming the field: a NaN or infinite valuation
    ///   (`valuations[i][j]`), budget or supply; a negative budget or supply; arrays whose
    ///   lengths do not match the matrix; tie ranks that repeat.
    /// - Complexity: O(agents x resources), the checks over the default number of workers.
    public init(
        valuations: Matrix<Double>, valued: [Bool]? = nil, budgets: [Double], supplies: [Double],
        tieRanks: [Int32]? = nil
    ) throws {
        let agents = valuations.rows, resources = valuations.columns
        try Validate.count(budgets.count, agents, "budgets")
        try Validate.count(supplies.count, resources, "supplies")
        if let valued { try Validate.count(valued.count, agents * resources, "valued") }
        // Scanned over the workers; the first bad entry is named, as a serial scan would.
        try valuations.withUnsafeBufferPointer { buffer in
            let values = UncheckedSendable(buffer)
            if let index = Parallel.firstIndex(count: buffer.count, threads: nil, where: { !values.value[$0].isFinite }) {
                throw AgentEconomiesError.notFinite(
                    field: "valuations[\(index / resources)][\(index % resources)]",
                    value: buffer[index])
            }
        }
        if let index = Parallel.firstIndex(count: budgets.count, threads: nil, where: { !(budgets[$0].isFinite && budgets[$0] >= 0) })
        {
            try Validate.nonNegative(budgets[index], "budgets[\(index)]")
        }
        for (index, supply) in supplies.enumerated() { try Validate.nonNegative(supply, "supplies[\(index)]") }
        let ranks = tieRanks ?? (0..<resources).map { Int32(resources - $0) }
        try Validate.count(ranks.count, resources, "tieRanks")
        if Set(ranks).count != ranks.count {
            throw AgentEconomiesError.outOfRange(field: "tieRanks", value: "\(ranks)", requirement: "distinct values")
        }
        self.valuations = valuations
        self.valued = valued
        self.budgets = budgets
        self.supplies = supplies
        self.tieRanks = ranks
    }
}

extension AuctionMarket {
    /// The agents `agents` of this market (their valuations, valued flags and budgets) with
    /// the same supplies and tie ranks: a rank's share of a market for the distributed solvers.
    ///
    /// - Precondition: `agents` lies within `0..<agentCount`.
    /// - Complexity: O(agents.count x resources).
    public func rows(_ agents: Range<Int>) -> AuctionMarket {
        precondition(agents.lowerBound >= 0 && agents.upperBound <= agentCount, "AuctionMarket.rows: range out of bounds")
        let r = resourceCount
        let cells = (agents.lowerBound * r)..<(agents.upperBound * r)
        return AuctionMarket(
            uncheckedValuations: Matrix(uncheckedRows: agents.count, columns: r, storage: Array(valuations.storage[cells])),
            valued: valued.map { Array($0[cells]) }, budgets: Array(budgets[agents]), supplies: supplies,
            tieRanks: tieRanks)
    }

    /// A market from parts already validated (a slice of a valid market).
    private init(
        uncheckedValuations valuations: Matrix<Double>, valued: [Bool]?, budgets: [Double], supplies: [Double],
        tieRanks: [Int32]
    ) {
        self.valuations = valuations
        self.valued = valued
        self.budgets = budgets
        self.supplies = supplies
        self.tieRanks = tieRanks
    }
}
