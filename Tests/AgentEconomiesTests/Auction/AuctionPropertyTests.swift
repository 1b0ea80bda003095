import AgentEconomies
import OrderedCollections
import Testing
import Workloads

/// The dictionary form of the auction: the same numbers as the columnar kernel, empty
/// markets, endowments, reputation budgets, and the lazy violation list with agent IDs.
@Suite struct AuctionPropertyTests {
    /// Workloads' random market (`Markets.random`) as bids over `names`: valuations uniform
    /// in (0, 10], a share of them missing, budgets uniform in [50, 150) (or all 100); and
    /// supplies around the demand.
    func randomBids(
        agents: Int, names: [String], seed: UInt64, missingShare: Double = 0, equalBudgets: Bool = false
    ) throws -> ([AuctionBid], OrderedDictionary<String, Double>) {
        let market = try Markets.random(agents: agents, resources: names.count, seed: seed, missingShare: missingShare)
        let bids = (0..<agents).map { i in
            var valuations: [String: Double] = [:]
            for (j, name) in names.enumerated() where market.valued?[i * names.count + j] ?? true {
                valuations[name] = market.valuations[i, j]
            }
            return AuctionBid(agentID: "agent_\(i)", valuations: valuations, budget: equalBudgets ? 100 : market.budgets[i])
        }
        return (bids, OrderedDictionary(uniqueKeysWithValues: zip(names, market.supplies)))
    }

    @Test func dictionaryAndMatrixFormsAgree() throws {
        let (bids, resources) = try randomBids(
            agents: 60, names: ["gpu", "Disk", "été", "cpu", "net"], seed: 4,
            missingShare: 0.25)
        let auction = try DworkinAuction()
        let byName = try auction.runAuction(bids: bids, resources: resources)
        let columnar = try auction.runAuction(
            market: DworkinAuction.market(
                bids: bids, resources: resources,
                endowment: 100))
        #expect(Array(byName.clearingPrices.values) == columnar.prices)
        #expect(byName.totalUtility == columnar.totalUtility)
        #expect(byName.envyViolations.count == columnar.envy.violationCount)
        for (i, allocation) in byName.allocations.values.enumerated() {
            #expect(allocation.utility == columnar.utilities[i])
            #expect(Array(allocation.resources.values) == columnar.bundles.row(i).map(\.value))
        }
    }

    @Test func manyViolationsAreCountedAndWalkedWithAgentIDs() throws {
        // Tatonnement far from clearing leaves tens of thousands of violations: the result keeps
        // their count and recomputes them, with agent IDs, when they are walked.
        let (bids, resources) = try randomBids(
            agents: 1_500, names: (0..<16).map { "r\($0)" }, seed: 6,
            equalBudgets: true)
        let auction = try DworkinAuction()
        let result = try auction.runAuction(bids: bids, resources: resources)
        let columnar = try auction.runAuction(
            market: DworkinAuction.market(
                bids: bids, resources: resources,
                endowment: 100))
        #expect(result.envyViolations.count == columnar.envy.violationCount)
        #expect(result.envyViolations.count > 50_000)
        var walked = 0
        var matches = true
        for (violation, pair) in zip(result.envyViolations, columnar.envy.violations) {
            walked += 1
            if violation.enviousAgent != bids[pair.envious].agentID
                || violation.enviedAgent != bids[pair.envied].agentID
                || violation.utilityGap != pair.gap
            {
                matches = false
            }
        }
        #expect(walked == result.envyViolations.count && matches)
        #expect(result.envyViolations.last?.enviousAgent == bids[columnar.envy.violations.last!.envious].agentID)
        #expect(!result.isEnvyFree)
        #expect(result.envyViolations[10..<12].count == 2)
    }

    @Test func emptyMarketsAreHandled() throws {
        let auction = try DworkinAuction()
        let noAgents = try auction.runAuction(
            market: AuctionMarket(
                valuations: Matrix(rows: 0, columns: 3), budgets: [],
                supplies: [1, 2, 3]))
        #expect(noAgents.converged && noAgents.isEnvyFree && noAgents.bundles.rowCount == 0)
        let noResources = try auction.runAuction(
            market: AuctionMarket(
                valuations: Matrix(rows: 4, columns: 0),
                budgets: [1, 2, 3, 4], supplies: []))
        #expect(noResources.utilities == [0, 0, 0, 0])
        let dictionary = try auction.runAuction(bids: [], resources: ["compute": 1])
        #expect(dictionary.converged && dictionary.isEnvyFree && dictionary.allocations.isEmpty)
    }

    @Test func missingBudgetTakesTheEndowment() throws {
        let auction = try DworkinAuction(config: AuctionConfig(initialEndowment: 40))
        let result = try auction.runAuction(
            bids: [AuctionBid(agentID: "a", valuations: ["x": 1])], resources: ["x": 100])
        #expect(result.allocations["a"]?.pricePaid == 40)
    }

    @Test func reputationBudgetsFollowTheDocumentedFormula() throws {
        #expect(try reputationBudgets(endowment: 100, averageP: [0, 0.5, 1]) == [50, 75, 100])
        #expect(try reputationBudgets(endowment: 80, averageP: [0.25], floor: 0) == [20])
        #expect(try reputationBudgets(endowment: 80, averageP: [0.25], floor: 1) == [80])
    }
}
