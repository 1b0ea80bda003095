import AgentEconomiesKernels

/// Seeded auction markets: the benchmarks' market (``uniform(agents:resources:seed:)``), the
/// property tests' random market (``random(agents:resources:seed:missingShare:negativeShare:)``)
/// and a market with holes in it (``holed(agents:resources:seed:lastResourceValuedBy:)``).
///
/// Every market is a function of its arguments: the same seed gives the same market, bit for
/// bit, on every machine and in every process (the MPI checks generate theirs on every rank).
package enum Markets {
    /// The benchmarks' market: valuations uniform in (0, 10] (`10 x (1 - u)` for successive
    /// draws `u` in [0, 1), row-major), every budget 100, the supply of each resource
    /// 100 x agents / resources. The auction benchmarks, `mpi-bench` and the equilibrium tests
    /// run it.
    ///
    /// - Throws: Never in practice: the market satisfies ``AuctionMarket``'s checks by construction.
    /// - Complexity: O(agents x resources).
    package static func uniform(agents: Int, resources: Int, seed: UInt64 = 42) throws -> AuctionMarket {
        var generator = FastRandom(seed: seed)
        return try AuctionMarket(
            valuations: Matrix(
                rows: agents, columns: resources,
                storage: (0..<(agents * resources)).map { _ in 10 * (1 - generator.random()) }),
            budgets: [Double](repeating: 100, count: agents),
            supplies: [Double](repeating: 100 * Double(agents) / Double(resources), count: resources))
    }

    /// A random market: for each entry in row-major order a valuation uniform in (0, 10],
    /// negated with probability `negativeShare`, and a draw that leaves it unvalued with
    /// probability `missingShare` (three draws per entry whatever the shares); then budgets
    /// uniform in [50, 150) and each resource's supply 0.5 to 1.5 times
    /// 100 x agents / resources. The `valued` mask is set only when `missingShare > 0`.
    /// The auction tests (columnar and dictionary), the split-kernel tests and `mpi-check`
    /// run it.
    ///
    /// - Throws: Never in practice: the market satisfies ``AuctionMarket``'s checks by construction.
    /// - Complexity: O(agents x resources).
    package static func random(
        agents: Int, resources: Int, seed: UInt64, missingShare: Double = 0,
        negativeShare: Double = 0
    ) throws -> AuctionMarket {
        var generator = FastRandom(seed: seed)
        var values = [Double](), valued = [Bool]()
        values.reserveCapacity(agents * resources)
        valued.reserveCapacity(agents * resources)
        for _ in 0..<(agents * resources) {
            var value = 10 * (1 - generator.random())
            if generator.random() < negativeShare { value = -value }
            values.append(value)
            valued.append(generator.random() >= missingShare)
        }
        return try AuctionMarket(
            valuations: Matrix(rows: agents, columns: resources, storage: values),
            valued: missingShare > 0 ? valued : nil,
            budgets: (0..<agents).map { _ in generator.uniform(50, 150) },
            supplies: (0..<resources).map { _ in generator.uniform(0.5, 1.5) * 100 * Double(agents) / Double(resources) })
    }

    /// ``random(agents:resources:seed:missingShare:negativeShare:)`` with holes: agent `i`
    /// has no budget when `i % 9 == 4` and values nothing when `i % 13 == 6`, and the last
    /// resource is valued only by the last `lastResourceValuedBy` agents. Agents that take no
    /// part and a good that most agents ignore: the cases the row-group equilibrium solver
    /// must skip the same way on every rank (`mpi-check` and the split-kernel tests).
    ///
    /// - Precondition: `resources > 0`.
    /// - Throws: Never in practice: the market satisfies ``AuctionMarket``'s checks by construction.
    /// - Complexity: O(agents x resources).
    package static func holed(
        agents: Int, resources: Int, seed: UInt64, lastResourceValuedBy: Int
    ) throws -> AuctionMarket {
        precondition(resources > 0, "Markets.holed: no resources")
        let market = try random(agents: agents, resources: resources, seed: seed)
        var valuations = market.valuations
        var budgets = market.budgets
        for agent in 0..<agents {
            if agent % 9 == 4 { budgets[agent] = 0 }
            if agent % 13 == 6 { for resource in 0..<resources { valuations[agent, resource] = 0 } }
            if agent < agents - lastResourceValuedBy { valuations[agent, resources - 1] = 0 }
        }
        return try AuctionMarket(valuations: valuations, budgets: budgets, supplies: market.supplies)
    }
}
