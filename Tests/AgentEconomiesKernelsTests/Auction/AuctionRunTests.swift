import AgentEconomiesKernels
import Testing
import Workloads

/// The reference's envy rule, pair by pair, summed in bundle order: the oracle for the
/// tiled kernel.
func bruteForceEnvy(_ market: AuctionMarket, _ result: AuctionMarketResult, tolerance: Double) -> [EnvyPair] {
    bruteForceEnvy(rows: Array(0..<market.agentCount), market, result, tolerance: tolerance).flatMap(\.1)
}

/// The pairwise rule for the envious agents `rows` only, row by row.
func bruteForceEnvy(
    rows: [Int], _ market: AuctionMarket, _ result: AuctionMarketResult,
    tolerance: Double
) -> [(Int, [EnvyPair])] {
    rows.map { i in
        var violations: [EnvyPair] = []
        for j in 0..<market.agentCount where i != j {
            if result.pricesPaid[j] > market.budgets[i] + tolerance { continue }
            var value = 0.0
            for (column, quantity) in result.bundles.row(j) { value += market.valuations[i, column] * quantity }
            let gap = value - result.utilities[i]
            if gap > tolerance { violations.append(EnvyPair(envious: i, envied: j, gap: gap)) }
        }
        return (i, violations)
    }
}

/// The auction pipeline on random markets: supply and budgets respected, the tiled envy
/// check equal to the pairwise rule, the lazy violation list equal to it too, and no
/// dependence on the thread count.
@Suite struct AuctionRunTests {
    /// Tatonnement with the reference's parameters but `rounds` rounds and `tolerance` envy tolerance.
    func parameters(rounds: Int = 50, tolerance: Double = 0.05) -> AuctionKernels.RunParameters {
        AuctionKernels.RunParameters(solver: .tatonnement(.init(maxRounds: rounds)), envyTolerance: tolerance)
    }

    @Test(arguments: [(40, 6, 1 as UInt64), (120, 12, 2), (300, 5, 3)])
    func supplyAndBudgetsAreRespected(agents: Int, resources: Int, seed: UInt64) throws {
        let market = try Markets.random(
            agents: agents, resources: resources, seed: seed, missingShare: 0.2,
            negativeShare: 0.1)
        let result = try AuctionKernels.run(market)
        let totals = result.bundles.columnSums()
        for r in 0..<resources { #expect(totals[r] <= market.supplies[r] * (1 + 1e-12), "resource \(r)") }
        for i in 0..<agents {
            #expect(result.pricesPaid[i] <= market.budgets[i] * (1 + 1e-12) + 1e-12, "agent \(i)")
            for (column, quantity) in result.bundles.row(i) {
                #expect(quantity > 0)
                #expect(market.valued![i * resources + column], "agent \(i) bought unvalued \(column)")
            }
        }
    }

    @Test(arguments: [0.0, 0.05, 1.0])
    func tiledEnvyEqualsPairwiseRule(tolerance: Double) throws {
        let market = try Markets.random(agents: 150, resources: 7, seed: 11, missingShare: 0.3)
        let result = try AuctionKernels.run(market, parameters: parameters(rounds: 3, tolerance: tolerance))
        let expected = bruteForceEnvy(market, result, tolerance: tolerance)
        #expect(!expected.isEmpty, "the market should have envy to compare")
        let input = AuctionKernels.EnvyCheckInput(
            valuations: market.valuations, bundles: result.bundles, bundleCosts: result.pricesPaid,
            utilities: result.utilities, budgets: market.budgets, tolerance: tolerance)
        for (tileRows, tileColumns) in [(1, 1), (7, 13), (64, 256), (512, 512)] {
            for threads in [1, 3] {
                let report = try AuctionKernels.envyCheck(
                    input, path: .tiled, tiles: TileShape(rows: tileRows, columns: tileColumns),
                    threads: threads)
                #expect(Array(report.violations) == expected, "tiles \(tileRows)x\(tileColumns), \(threads) threads")
                #expect(report.violationCount == expected.count)
            }
        }
        for threads in [1, 3] {
            let pairwise = try AuctionKernels.envyCheck(input, path: .pairwise, threads: threads)
            #expect(Array(pairwise.violations) == expected, "pairwise, \(threads) threads")
            #expect(pairwise.violationsPerAgent == (try AuctionKernels.envyCheck(input, path: .tiled)).violationsPerAgent)
        }
    }

    @Test func automaticPathIsPairwiseForSparseBundlesAndAgreesWithTiled() throws {
        let market = try Markets.random(agents: 300, resources: 16, seed: 21)
        let result = try AuctionKernels.run(market, parameters: parameters(rounds: 20, tolerance: 0.05))
        // Tatonnement bundles hold about one good each: far below a quarter of the resources.
        #expect(result.bundles.columns.count * 4 <= 300 * 16)
        let input = AuctionKernels.EnvyCheckInput(
            valuations: market.valuations, bundles: result.bundles, bundleCosts: result.pricesPaid,
            utilities: result.utilities, budgets: market.budgets, tolerance: 0.05)
        let tiled = try AuctionKernels.envyCheck(input, path: .tiled)
        let automatic = try AuctionKernels.envyCheck(input)
        #expect(automatic.violationCount == tiled.violationCount)
        #expect(Array(automatic.violations) == Array(tiled.violations))
        #expect(automatic.violationCount == result.envy.violationCount)
    }

    @Test func lazyViolationListReadsLikeAnArray() throws {
        let market = try Markets.random(agents: 200, resources: 6, seed: 5)
        let result = try AuctionKernels.run(market, parameters: parameters(rounds: 2))
        let expected = bruteForceEnvy(market, result, tolerance: 0.05)
        let list = result.envy.violations
        #expect(expected.count > 20)
        #expect(list.count == expected.count)
        // Random access, slices, prefixes and per-agent rows all agree with the oracle.
        for position in [0, 1, expected.count / 2, expected.count - 1] { #expect(list[position] == expected[position]) }
        #expect(Array(list[7..<19]) == Array(expected[7..<19]))
        #expect(Array(list.prefix(5)) == Array(expected.prefix(5)))
        #expect(Array(list.suffix(5)) == Array(expected.suffix(5)))
        #expect(Array(list[3..<3]).isEmpty)
        for agent in [0, 17, 199] {
            #expect(list.row(agent) == expected.filter { $0.envious == agent })
            #expect(result.envy.violationsPerAgent[agent] == list.row(agent).count)
        }
        #expect(result.envy.violationsPerAgent.reduce(0, +) == result.envy.violationCount)
    }

    @Test func largeLazyViolationListWalksToTheTiledCount() throws {
        // Over 800,000 violations (equal budgets, tatonnement far from clearing): walked
        // once, row by row, without being stored.
        let market = try Markets.uniform(agents: 3_000, resources: 32, seed: 31)
        let result = try AuctionKernels.run(market)
        let report = result.envy
        #expect(report.violationCount > 800_000)
        var walked = 0, previous = (envious: -1, envied: -1), largest = -Double.infinity
        var ordered = true, valid = true
        for pair in report.violations {
            walked += 1
            if (pair.envious, pair.envied) <= previous { ordered = false }
            previous = (pair.envious, pair.envied)
            if !(pair.gap > 0.05) || pair.envious == pair.envied { valid = false }
            largest = max(largest, pair.gap)
        }
        #expect(walked == report.violationCount)
        #expect(ordered && valid)
        #expect(largest == report.largestGap)
        // Spot-check rows against the pairwise rule.
        let oracle = bruteForceEnvy(rows: [0, 1_499, 2_999], market, result, tolerance: 0.05)
        for (agent, row) in oracle { #expect(report.violations.row(agent) == row) }
    }

    @Test func identicalAgentsNeverEnvyEachOtherAtZeroTolerance() throws {
        // Identical rows make value_i(bundle_j) == utility_i in the reference's order; the
        // GEMM's rounding must not turn that into a violation.
        var generator = FastRandom(seed: 9)
        let row = (0..<33).map { _ in generator.uniform(0.1, 10) }
        let agents = 300
        let market = try AuctionMarket(
            valuations: Matrix(
                rows: agents, columns: 33,
                storage: Array((0..<agents).map { _ in row }.joined())),
            budgets: [Double](repeating: 100, count: agents),
            supplies: [Double](repeating: 10_000, count: 33))
        let result = try AuctionKernels.run(market, parameters: parameters(tolerance: 0))
        #expect(result.envy.violationCount == bruteForceEnvy(market, result, tolerance: 0).count)
        #expect(result.isEnvyFree)
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        // More agents than one block, so the blocked sums and the tiles are exercised.
        let market = try Markets.random(agents: 2_500, resources: 9, seed: 21, missingShare: 0.1)
        let one = try AuctionKernels.run(market, threads: 1)
        for threads in [2, 4] {
            let many = try AuctionKernels.run(market, threads: threads)
            #expect(many.prices == one.prices)
            #expect(many.bundles == one.bundles)
            #expect(many.utilities == one.utilities)
            #expect(many.envy.violationsPerAgent == one.envy.violationsPerAgent)
            #expect(many.envy.largestGap == one.envy.largestGap)
            #expect(many.roundsToConverge == one.roundsToConverge)
        }
    }

    @Test func emptyMarketsAreHandled() throws {
        let noAgents = try AuctionKernels.run(
            AuctionMarket(
                valuations: Matrix(rows: 0, columns: 3), budgets: [],
                supplies: [1, 2, 3]))
        #expect(noAgents.converged && noAgents.isEnvyFree && noAgents.bundles.rowCount == 0)
        #expect(noAgents.envy.violations.isEmpty)
        let noResources = try AuctionKernels.run(
            AuctionMarket(
                valuations: Matrix(rows: 4, columns: 0),
                budgets: [1, 2, 3, 4], supplies: []))
        #expect(noResources.utilities == [0, 0, 0, 0])
    }

    @Test func badParametersAreRejected() throws {
        let market = try Markets.random(agents: 3, resources: 2, seed: 1)
        #expect(throws: AgentEconomiesError.self) {
            try AuctionKernels.run(market, parameters: .init(envyTolerance: -1))
        }
        #expect(throws: AgentEconomiesError.self) {
            try AuctionKernels.run(market, parameters: .init(solver: .tatonnement(.init(maxRounds: 0))))
        }
        #expect(throws: AgentEconomiesError.self) {
            try AuctionKernels.run(market, parameters: .init(solver: .tatonnement(.init(rate: .nan))))
        }
    }
}
