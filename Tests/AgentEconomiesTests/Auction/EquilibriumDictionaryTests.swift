import AgentEconomies
import OrderedCollections
import Testing

/// The competitive-equilibrium solver through the dictionary API: closed-form markets, edge
/// cases, the certificate on the result, and configuration errors.
@Suite struct EquilibriumDictionaryTests {
    let solver = AuctionSolver.competitiveEquilibrium()

    @Test func closedFormMarkets() throws {
        let auction = try DworkinAuction(config: AuctionConfig(solver: solver))
        // Each agent prefers a different good: prices equal budgets over supplies.
        let split = try auction.runAuction(
            bids: [
                AuctionBid(agentID: "a", valuations: ["x": 2, "y": 1], budget: 30),
                AuctionBid(agentID: "b", valuations: ["x": 1, "y": 2], budget: 60),
            ], resources: ["x": 3, "y": 6])
        #expect(close(split.clearingPrices["x"]!, 10, relative: 1e-6))
        #expect(close(split.clearingPrices["y"]!, 10, relative: 1e-6))
        #expect(close(split.allocations["a"]!.resources["x"] ?? 0, 3, relative: 1e-6))
        // One agent, several goods: it buys all of them, prices proportional to its values.
        let alone = try auction.runAuction(
            bids: [AuctionBid(agentID: "a", valuations: ["x": 1, "y": 3], budget: 8)],
            resources: ["x": 2, "y": 2])
        #expect(close(alone.clearingPrices["x"]!, 1, relative: 1e-6))
        #expect(close(alone.clearingPrices["y"]!, 3, relative: 1e-6))
        #expect(close(alone.allocations["a"]!.resources["y"]!, 2, relative: 1e-6))
        // One good, many agents: price is total budget over supply, shares by budget.
        let single = try auction.runAuction(
            bids: [
                AuctionBid(agentID: "a", valuations: ["x": 5], budget: 10),
                AuctionBid(agentID: "b", valuations: ["x": 0.001], budget: 30),
            ], resources: ["x": 8])
        #expect(close(single.clearingPrices["x"]!, 5, relative: 1e-9))
        #expect(close(single.allocations["b"]!.resources["x"]!, 6, relative: 1e-9))
        #expect(single.converged && single.isEnvyFree)
    }

    @Test func edgeCasesHaveClearOutcomes() throws {
        let auction = try DworkinAuction(config: AuctionConfig(solver: solver))
        let result = try auction.runAuction(
            bids: [
                AuctionBid(agentID: "buyer", valuations: ["x": 1, "y": 2, "scarce": 5, "bad": -3], budget: 10),
                AuctionBid(agentID: "indifferent", valuations: ["x": 0, "bad": -1], budget: 10),
                AuctionBid(agentID: "broke", valuations: ["x": 9, "unwanted": 4], budget: 0),
                AuctionBid(agentID: "absent", valuations: [:], budget: 10),
            ], resources: ["x": 1, "y": 1, "unwanted": 4, "scarce": 0, "bad": 2])
        #expect(result.converged)
        #expect(result.allocations["indifferent"]!.resources.isEmpty)
        #expect(result.allocations["indifferent"]!.pricePaid == 0)
        #expect(result.allocations["broke"]!.resources.isEmpty)
        #expect(result.allocations["absent"]!.resources.isEmpty)
        for good in ["unwanted", "scarce", "bad"] { #expect(result.clearingPrices[good] == 0, "\(good)") }
        #expect(Set(result.allocations["buyer"]!.resources.keys) == ["x", "y"])
        #expect(close(result.allocations["buyer"]!.pricePaid, 10, relative: 1e-9))
        #expect(result.certificate.maxExcess <= 1e-6 && result.certificate.equilibriumGap <= 1e-6)
        let empty = try auction.runAuction(
            market: AuctionMarket(
                valuations: Matrix(rows: 3, columns: 2), budgets: [1, 2, 3],
                supplies: [1, 1]))
        #expect(empty.prices == [0, 0] && empty.converged && empty.bundles.values.isEmpty)
    }

    @Test func dictionaryResultCarriesTheCertificate() throws {
        let auction = try DworkinAuction(config: AuctionConfig(envyTolerance: 1e-4, solver: solver))
        let result = try auction.runAuction(
            bids: [
                AuctionBid(
                    agentID: "agent_1", valuations: ["compute": 2.0, "data": 1.0, "bandwidth": 0.5], budget: 100),
                AuctionBid(
                    agentID: "agent_2", valuations: ["compute": 0.5, "data": 2.0, "bandwidth": 1.5], budget: 100),
            ], resources: ["compute": 10, "data": 20, "bandwidth": 15])
        #expect(result.converged && result.isEnvyFree)
        #expect(result.certificate.equilibriumGap <= 1e-6)
        #expect(result.roundsToConverge > 0)
    }

    @Test(arguments: [
        (EquilibriumOptions(tolerance: 0), "EquilibriumParameters.tolerance"),
        (EquilibriumOptions(tolerance: 0.5), "EquilibriumParameters.tolerance"),
        (EquilibriumOptions(tolerance: .nan), "EquilibriumParameters.tolerance"),
        (EquilibriumOptions(maxIterations: 0), "EquilibriumParameters.maxIterations"),
    ])
    func badOptionsAreRejected(options: EquilibriumOptions, field: String) {
        #expect {
            _ = try DworkinAuction(config: AuctionConfig(solver: .competitiveEquilibrium(options)))
        } throws: { error in
            (error as? AgentEconomiesError)?.field == field
        }
    }
}
