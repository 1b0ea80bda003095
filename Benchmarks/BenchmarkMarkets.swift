import AgentEconomies

/// What the auction benchmarks derive from their market (`Markets.uniform` in Workloads:
/// valuations uniform in (0, 10], budgets 100, supply of each resource 100 x agents /
/// resources; seeded, so every run times the same market): bundles to check for envy and the
/// reference-style dictionaries.
enum BenchmarkMarkets {
    /// Dense bundles for the envy check: every agent spends its budget of 100 at prices 1
    /// across all resources in proportion to its valuations, the shape of an
    /// equilibrium-seeking solver's allocation. Nearly envy-free, so the check evaluates
    /// every pair and records few violations. Returns the bundles with their costs and
    /// utilities summed in buying order.
    static func proportionalBundles(_ market: AuctionMarket) throws -> (SparseRows, [Double], [Double]) {
        let agents = market.agentCount, resources = market.resourceCount
        var offsets = [0], columns: [Int32] = [], values: [Double] = []
        columns.reserveCapacity(agents * resources)
        values.reserveCapacity(agents * resources)
        for agent in 0..<agents {
            let row = market.valuations.row(agent)
            let total = row.reduce(0, +)
            for (column, value) in row.enumerated() {
                columns.append(Int32(column))
                values.append(market.budgets[agent] * value / total)
            }
            offsets.append(columns.count)
        }
        let bundles = try SparseRows(columnCount: resources, rowOffsets: offsets, columns: columns, values: values)
        let costs = try bundles.rowDots([Double](repeating: 1, count: resources))
        let utilities = try bundles.rowDots(market.valuations)
        return (bundles, costs, utilities)
    }

    /// The same market as the reference-style baseline sees it: per-agent dictionaries
    /// keyed by agent and resource names.
    static func dictionaries(_ market: AuctionMarket) -> ReferenceStyleAuction {
        let names = (0..<market.resourceCount).map { "r\($0)" }
        let bids = (0..<market.agentCount).map { agent in
            ReferenceStyleAuction.Bid(
                agentID: "agent_\(agent)",
                valuations: Dictionary(uniqueKeysWithValues: zip(names, market.valuations.row(agent))),
                budget: market.budgets[agent])
        }
        return ReferenceStyleAuction(bids: bids, resources: Array(zip(names, market.supplies)))
    }
}
