/// Evidence that prices and bundles form a competitive equilibrium, checkable without
/// re-solving.
///
/// - `maxExcess`: the largest relative excess demand `|sum_i x_ij - s_j| / s_j` over the
///   goods someone values (positive valuation, positive budget, positive supply).
/// - `equilibriumGap`: the largest `1 - u_i / (B_i alpha_i)` over agents with a budget who
///   value something, where `alpha_i = max_j v_ij / p_j` is the agent's best value per
///   price: the share of the utility its budget could buy at these prices that its bundle
///   misses (0 when it spends only on its best value-per-price goods).
///
/// Both 0 means the market clears and every agent buys an optimal bundle: a competitive
/// equilibrium. With equal budgets no agent then envies another; with unequal budgets no
/// agent envies a bundle it can afford.
public struct EquilibriumCertificate: Equatable, Sendable {
    /// Largest relative excess demand over the goods someone values.
    public var maxExcess: Double
    /// Largest shortfall of an agent's utility from the best its budget buys at the prices.
    public var equilibriumGap: Double

    /// A certificate record.
    public init(maxExcess: Double, equilibriumGap: Double) {
        self.maxExcess = maxExcess
        self.equilibriumGap = equilibriumGap
    }
}

extension AuctionKernels {
    /// Computes the certificate of `prices` and `bundles` on `market` from scratch.
    ///
    /// Goods nobody values are excluded from the clearing test; agents with no budget or no
    /// positively valued good at a positive price are excluded from the gap.
    ///
    /// - Parameters:
    ///   - market: the market.
    ///   - prices: a price per resource.
    ///   - bundles: each agent's bundle.
    ///   - threads: worker count (`nil`: ``Parallel/defaultThreadCount``); the result does not
    ///     depend on it.
    /// - Throws: ``AgentEconomiesError/shapeMismatch(field:expected:actual:)`` on mismatched sizes.
    /// - Complexity: O(agents x resources).
    public static func certificate(
        market: AuctionMarket, prices: [Double], bundles: SparseRows,
        threads: Int? = nil
    ) throws -> EquilibriumCertificate {
        try certificate(market: market, prices: prices, bundles: bundles, threads: threads, exchange: LocalExchange())
    }

    /// The certificate of `prices` and the bundles of `market`'s rows, with the rows of a
    /// solve's other processes through `exchange`: the valued goods or-ed, the gaps a
    /// maximum, the demand's block sums added in block order.
    ///
    /// - Complexity: O(agents x resources) over this process's agents, over the workers, plus the
    ///   exchange's O(resources) and O(blocks x resources) collectives.
    package static func certificate(
        market: AuctionMarket, prices: [Double], bundles: SparseRows,
        threads: Int?, exchange: some EquilibriumExchange
    ) throws -> EquilibriumCertificate {
        let agents = market.agentCount, resources = market.resourceCount
        try Validate.count(prices.count, resources, "prices")
        if bundles.rowCount != agents || bundles.columnCount != resources {
            throw AgentEconomiesError.shapeMismatch(
                field: "bundles", expected: "\(agents) x \(resources)",
                actual: "\(bundles.rowCount) x \(bundles.columnCount)")
        }
        // Per block of agents: which goods someone values, and the largest gap.
        let blockRows = AuctionKernels.blockRows
        let blocks = Parallel.chunkCount(agents, chunkSize: blockRows)
        let blockResults = market.valuations.withUnsafeBufferPointer { values in
            Parallel.map(chunks: blocks, threads: threads) { block, _ in
                var flags = [Bool](repeating: false, count: resources)
                var gap = 0.0
                for i in Parallel.range(ofChunk: block, chunkSize: blockRows, count: agents)
                where market.budgets[i] > 0 {
                    var best = 0.0
                    for j in 0..<resources where market.valued?[i * resources + j] ?? true {
                        let value = values[i * resources + j]
                        if value > 0 {
                            flags[j] = true
                            if prices[j] > 0 { best = max(best, value / prices[j]) }
                        }
                    }
                    if best > 0 {
                        var utility = 0.0
                        for entry in bundles.rowOffsets[i]..<bundles.rowOffsets[i + 1] {
                            utility += values[i * resources + Int(bundles.columns[entry])] * bundles.values[entry]
                        }
                        gap = max(gap, 1 - utility / (market.budgets[i] * best))
                    }
                }
                return (flags: flags, gap: gap)
            }
        }
        let gap = try exchange.maximum(blockResults.map(\.gap).max() ?? 0)
        let someoneValues = try exchange.any((0..<resources).map { j in blockResults.contains { $0.flags[j] } })
        let demand = AuctionKernels.sumInBlockOrder(
            flat: try exchange.gather(bundles.columnBlockSums()), resources: resources)
        var excess = 0.0
        for j in 0..<resources where someoneValues[j] && market.supplies[j] > 0 {
            excess = max(excess, abs(demand[j] - market.supplies[j]) / market.supplies[j])
        }
        return EquilibriumCertificate(maxExcess: excess, equilibriumGap: gap)
    }
}
