import AgentEconomiesKernels

/// The columnar market (`AuctionKernels.run`) with both solvers, bid masks and tie ranks:
/// budgets respected, supply exceeded by no more than the certificate reports; then the envy check on every path (tiled GEMM, pairwise, sorted) must count the same
/// violations per agent as the run's report.
enum AuctionMarketTarget {
    static let target = FuzzTarget(
        name: "auction-market",
        summary: "columnar auction: supply, budgets, the three envy paths agree"
    ) { bytes in
        var input = FuzzInput(bytes)
        let agents = input.int(0...24), resources = input.int(1...6)
        var storage: [Double] = []
        for _ in 0..<(agents * resources) { storage.append(input.byte() < 16 ? input.double() : input.amount()) }
        let valued: [Bool]? = input.bool() ? (0..<(agents * resources)).map { _ in input.byte() > 40 } : nil
        let budgets = (0..<agents).map { _ in input.byte() < 8 ? input.double() : input.amount() }
        let supplies = (0..<resources).map { _ in input.byte() < 8 ? input.double() : input.amount() }
        let tieRanks: [Int32]? = input.bool() ? (0..<resources).map { _ in Int32(input.int(0...8)) } : nil
        let market: AuctionMarket
        do {
            market = try AuctionMarket(
                valuations: try Matrix(rows: agents, columns: resources, storage: storage), valued: valued, budgets: budgets,
                supplies: supplies, tieRanks: tieRanks)
        } catch is AgentEconomiesError { return } catch {
            require(false, "unexpected error type \(error)")
            return
        }
        let tolerance = input.bool() ? 0.05 : input.unit()
        let solver: AuctionKernels.Solver =
            input.bool()
            ? .tatonnement(.init(maxRounds: input.int(1...40), rate: max(0.01, input.unit()), tolerance: 0.01))
            : .competitiveEquilibrium(.init())
        let result: AuctionMarketResult
        do {
            result = try AuctionKernels.run(
                market, parameters: .init(solver: solver, envyTolerance: tolerance), threads: 1 + input.int(0...3))
        } catch is AgentEconomiesError { return } catch {
            require(false, "unexpected error type \(error)")
            return
        }
        var used = [Double](repeating: 0, count: resources)
        for agent in 0..<agents {
            var cost = 0.0
            for entry in result.bundles.row(agent) {
                require(entry.value.isFinite && entry.value >= 0, "agent \(agent) quantity \(entry.value)")
                used[entry.column] += entry.value
                cost += entry.value * result.prices[entry.column]
            }
            require(result.pricesPaid[agent] <= budgets[agent] * (1 + 1e-9) + 1e-9, "agent \(agent) over budget")
            require(
                close(cost, result.pricesPaid[agent], relative: 1e-6), "agent \(agent) cost \(cost) != \(result.pricesPaid[agent])")
        }
        for resource in 0..<resources {
            let excess = used[resource] - supplies[resource]
            if supplies[resource] > 0 {
                require(
                    excess / supplies[resource] <= result.certificate.maxExcess + 1e-9,
                    "resource \(resource): relative excess beyond the certificate \(result.certificate.maxExcess)")
            }
        }
        let envyInput = AuctionKernels.EnvyCheckInput(
            valuations: market.valuations, bundles: result.bundles, bundleCosts: result.pricesPaid,
            utilities: result.utilities, budgets: budgets, tolerance: tolerance)
        for path in [AuctionKernels.EnvyPath.tiled, .pairwise, .sorted] {
            guard let report = try? AuctionKernels.envyCheck(envyInput, path: path, threads: 1 + input.int(0...2)) else {
                require(false, "envy path \(path) threw on a valid run")
                return
            }
            require(
                report.violationsPerAgent == result.envy.violationsPerAgent,
                "envy path \(path) counts \(report.violationsPerAgent) != \(result.envy.violationsPerAgent)")
        }
    }
}
