import AgentEconomies
import Foundation
import Testing

/// The auction quick starts, verbatim, compiled and run; and a check that the README and
/// the fair-allocation article still show exactly this code.
@Suite struct QuickStartTests {
    // Not formatted: the code between the markers is shown verbatim in the docs.
    // swift-format-ignore
    @Test func quickStartRunsAndMatchesReference() throws {
        // BEGIN QUICK START
        let auction = try DworkinAuction(config: AuctionConfig(maxRounds: 50, priceAdjustmentRate: 0.1,
                                                               convergenceTolerance: 0.01, envyTolerance: 0.05))
        let bids = [
            AuctionBid(agentID: "agent_1", valuations: ["compute": 2.0, "data": 1.0, "bandwidth": 0.5], budget: 100),
            AuctionBid(agentID: "agent_2", valuations: ["compute": 0.5, "data": 2.0, "bandwidth": 1.5], budget: 100),
        ]
        let result = try auction.runAuction(bids: bids, resources: ["compute": 10, "data": 20, "bandwidth": 15])
        result.converged; result.roundsToConverge; result.isEnvyFree; result.totalUtility
        result.allocations["agent_1"]?.resources["compute"]; result.allocations["agent_1"]?.pricePaid
        result.clearingPrices["compute"]; result.envyViolations  // [EnvyViolation(enviousAgent:enviedAgent:utilityGap:)]
        let gini = auction.giniCoefficient(of: result.allocations)
        // END QUICK START

        // The same market is the fixture case quick_start_two_agents.
        let fixture = try #require(try AuctionFixtureFile.cases().first { $0.name == "quick_start_two_agents" })
        #expect(result.converged == fixture.expected.converged)
        #expect(result.roundsToConverge == fixture.expected.rounds_to_converge)
        #expect(result.isEnvyFree == fixture.expected.is_envy_free)
        #expect(close(result.totalUtility, fixture.expected.total_utility))
        #expect(close(gini, fixture.expected.gini))
        #expect(Array(result.clearingPrices.keys) == ["compute", "data", "bandwidth"])
    }

    // Not formatted: the code between the markers is shown verbatim in the docs.
    // swift-format-ignore
    @Test func columnarExampleRuns() throws {
        // BEGIN COLUMNAR
        let agents = 20_000, resources = 64
        var generator = FastRandom(seed: 7)
        let market = try AuctionMarket(
            valuations: Matrix(rows: agents, columns: resources,
                               storage: (0..<agents * resources).map { _ in 10 * (1 - generator.random()) }),
            budgets: try reputationBudgets(endowment: 100, averageP: [Double](repeating: 0.8, count: agents)),
            supplies: [Double](repeating: 100 * Double(agents) / Double(resources), count: resources))
        let outcome = try DworkinAuction().runAuction(market: market)
        outcome.prices; outcome.bundles.row(0); outcome.utilities[0]; outcome.envy.violationCount
        // END COLUMNAR
        #expect(outcome.prices.count == resources)
        #expect(outcome.envy.violations.count == outcome.envy.violationCount)
        #expect(outcome.envy.violations.prefix(3).allSatisfy { $0.gap > 0.05 })
        #expect(outcome.utilities[0] > 0)
    }

    @Test func readmeShowsTheTestedCode() throws {
        #expect(try documentShowsBlock("QUICK START", document: .readme, testFile: #filePath))
    }

    @Test(arguments: ["QUICK START", "COLUMNAR"])
    func articleShowsTheTestedCode(marker: String) throws {
        #expect(try documentShowsBlock(marker, document: .article("FairAllocation"), testFile: #filePath))
    }
}
