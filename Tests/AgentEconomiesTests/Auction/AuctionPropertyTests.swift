import AgentEconomies
import OrderedCollections
import Testing

/// Random markets for the property tests: valuations uniform in (0, 10] (a share negative
/// or missing when asked), budgets uniform in [50, 150], supplies around the demand.
func randomMarket(agents: Int, resources: Int, seed: UInt64, missingShare: Double = 0,
                  negativeShare: Double = 0) throws -> AuctionMarket {
    var generator = FastRandom(seed: seed)
    var values = [Double](), valued = [Bool]()
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

/// The reference's envy rule, pair by pair, summed in bundle order: the oracle for the
/// tiled kernel.
func bruteForceEnvy(_ market: AuctionMarket, _ result: AuctionMarketResult, tolerance: Double) -> [EnvyPair] {
    var violations: [EnvyPair] = []
    for i in 0..<market.agentCount {
        for j in 0..<market.agentCount where i != j {
            if result.pricesPaid[j] > market.budgets[i] + tolerance { continue }
            var value = 0.0
            for (column, quantity) in result.bundles.row(j) { value += market.valuations[i, column] * quantity }
            let gap = value - result.utilities[i]
            if gap > tolerance { violations.append(EnvyPair(envious: i, envied: j, gap: gap)) }
        }
    }
    return violations
}

/// Properties of the auction on random markets: supply and budgets respected, the tiled
/// envy check equal to the pairwise rule, the dictionary and matrix forms equal, and no
/// dependence on the thread count.
@Suite struct AuctionPropertyTests {
    @Test(arguments: [(40, 6, 1 as UInt64), (120, 12, 2), (300, 5, 3)])
    func supplyAndBudgetsAreRespected(agents: Int, resources: Int, seed: UInt64) throws {
        let market = try randomMarket(agents: agents, resources: resources, seed: seed, missingShare: 0.2,
                                      negativeShare: 0.1)
        let result = try DworkinAuction().runAuction(market: market)
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
        let market = try randomMarket(agents: 150, resources: 7, seed: 11, missingShare: 0.3)
        let result = try DworkinAuction(config: AuctionConfig(maxRounds: 3, envyTolerance: tolerance))
            .runAuction(market: market)
        let expected = bruteForceEnvy(market, result, tolerance: tolerance)
        #expect(!expected.isEmpty, "the market should have envy to compare")
        for (tileRows, tileColumns) in [(1, 1), (7, 13), (64, 256), (512, 512)] {
            for threads in [1, 3] {
                let report = try AuctionKernels.envyCheck(
                    valuations: market.valuations, bundles: result.bundles, bundleCosts: result.pricesPaid,
                    utilities: result.utilities, budgets: market.budgets, tolerance: tolerance,
                    tileRows: tileRows, tileColumns: tileColumns, threads: threads)
                #expect(report.violations == expected, "tiles \(tileRows)x\(tileColumns), \(threads) threads")
                #expect(report.violationCount == expected.count)
            }
        }
    }

    @Test func recordLimitKeepsTheFirstViolationsAndCountsAll() throws {
        let market = try randomMarket(agents: 200, resources: 6, seed: 5)
        let result = try DworkinAuction(config: AuctionConfig(maxRounds: 2)).runAuction(market: market)
        let expected = bruteForceEnvy(market, result, tolerance: 0.05)
        #expect(expected.count > 20)
        for limit in [0, 1, 7, expected.count + 5] {
            let report = try AuctionKernels.envyCheck(
                valuations: market.valuations, bundles: result.bundles, bundleCosts: result.pricesPaid,
                utilities: result.utilities, budgets: market.budgets, tolerance: 0.05, recordLimit: limit,
                tileRows: 16, tileColumns: 32, threads: 2)
            #expect(report.violationCount == expected.count)
            #expect(report.violations == Array(expected.prefix(limit)))
        }
    }

    @Test func identicalAgentsNeverEnvyEachOtherAtZeroTolerance() throws {
        // Identical rows make value_i(bundle_j) == utility_i in the reference's order; the
        // GEMM's rounding must not turn that into a violation.
        var generator = FastRandom(seed: 9)
        let row = (0..<33).map { _ in generator.uniform(0.1, 10) }
        let agents = 300
        let market = try AuctionMarket(valuations: Matrix(rows: agents, columns: 33,
                                                          storage: Array((0..<agents).map { _ in row }.joined())),
                                       budgets: [Double](repeating: 100, count: agents),
                                       supplies: [Double](repeating: 10_000, count: 33))
        let result = try DworkinAuction(config: AuctionConfig(envyTolerance: 0)).runAuction(market: market)
        #expect(result.envy.violationCount == bruteForceEnvy(market, result, tolerance: 0).count)
        #expect(result.isEnvyFree)
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        // More agents than one block, so the blocked sums and the tiles are exercised.
        let market = try randomMarket(agents: 2_500, resources: 9, seed: 21, missingShare: 0.1)
        let one = try DworkinAuction(threads: 1).runAuction(market: market)
        for threads in [2, 4] {
            let many = try DworkinAuction(threads: threads).runAuction(market: market)
            #expect(many.prices == one.prices)
            #expect(many.bundles == one.bundles)
            #expect(many.utilities == one.utilities)
            #expect(many.envy == one.envy)
            #expect(many.roundsToConverge == one.roundsToConverge)
        }
    }

    @Test func dictionaryAndMatrixFormsAgree() throws {
        let market = try randomMarket(agents: 60, resources: 5, seed: 4, missingShare: 0.25)
        let names = ["gpu", "Disk", "été", "cpu", "net"]
        let bids = (0..<market.agentCount).map { i in
            AuctionBid(agentID: "agent_\(i)", valuations: Dictionary(uniqueKeysWithValues: (0..<5).compactMap { r in
                market.valued![i * 5 + r] ? (names[r], market.valuations[i, r]) : nil
            }), budget: market.budgets[i])
        }
        let resources = OrderedDictionary(uniqueKeysWithValues: zip(names, market.supplies))
        let auction = try DworkinAuction()
        let byName = try auction.runAuction(bids: bids, resources: resources)
        let columnar = try auction.runAuction(market: DworkinAuction.market(bids: bids, resources: resources,
                                                                            endowment: 100))
        #expect(Array(byName.clearingPrices.values) == columnar.prices)
        #expect(byName.totalUtility == columnar.totalUtility)
        #expect(byName.envyViolations.count == columnar.envy.violationCount)
        for (i, allocation) in byName.allocations.values.enumerated() {
            #expect(allocation.utility == columnar.utilities[i])
            #expect(Array(allocation.resources.values) == columnar.bundles.row(i).map(\.value))
        }
    }

    @Test func emptyMarketsAreHandled() throws {
        let auction = try DworkinAuction()
        let noAgents = try auction.runAuction(market: AuctionMarket(valuations: Matrix(rows: 0, columns: 3), budgets: [],
                                                                    supplies: [1, 2, 3]))
        #expect(noAgents.converged && noAgents.isEnvyFree && noAgents.bundles.rowCount == 0)
        let noResources = try auction.runAuction(market: AuctionMarket(valuations: Matrix(rows: 4, columns: 0),
                                                                       budgets: [1, 2, 3, 4], supplies: []))
        #expect(noResources.utilities == [0, 0, 0, 0])
        let dictionary = try auction.runAuction(bids: [], resources: ["compute": 1])
        #expect(dictionary.converged && dictionary.isEnvyFree && dictionary.allocations.isEmpty)
    }

    @Test func missingBudgetTakesTheEndowment() throws {
        let auction = try DworkinAuction(config: AuctionConfig(initialEndowment: 40))
        let result = try auction.runAuction(bids: [AuctionBid(agentID: "a", valuations: ["x": 1])], resources: ["x": 100])
        #expect(result.allocations["a"]?.pricePaid == 40)
    }

    @Test func reputationBudgetsFollowTheDocumentedFormula() throws {
        #expect(try reputationBudgets(endowment: 100, averageP: [0, 0.5, 1]) == [50, 75, 100])
        #expect(try reputationBudgets(endowment: 80, averageP: [0.25], floor: 0) == [20])
        #expect(try reputationBudgets(endowment: 80, averageP: [0.25], floor: 1) == [80])
    }
}
