import AgentEconomies
import OrderedCollections
import Testing

/// The competitive-equilibrium solver: its certificate, an independent check of the
/// equilibrium conditions, envy-freeness, scale invariance, edge cases and determinism.
@Suite struct EquilibriumTests {
    let solver = AuctionSolver.competitiveEquilibrium()

    /// Checks the equilibrium conditions from scratch, without the solver's certificate:
    /// supply met for goods someone values, budgets spent, and spending only on goods whose
    /// value per price is within `slack` of the agent's best.
    func expectEquilibrium(_ market: AuctionMarket, _ result: AuctionMarketResult, tolerance: Double = 1e-6,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let agents = market.agentCount, resources = market.resourceCount
        var demand = [Double](repeating: 0, count: resources)
        var valued = [Bool](repeating: false, count: resources)
        for i in 0..<agents {
            var best = 0.0
            for j in 0..<resources where (market.valued?[i * resources + j] ?? true) && market.valuations[i, j] > 0 {
                if market.budgets[i] > 0 { valued[j] = true }
                if result.prices[j] > 0 { best = max(best, market.valuations[i, j] / result.prices[j]) }
            }
            var spent = 0.0, offBest = 0.0
            for (j, quantity) in result.bundles.row(i) {
                demand[j] += quantity
                let spending = quantity * result.prices[j]
                spent += spending
                if market.valuations[i, j] / result.prices[j] < best * (1 - 1e-4) { offBest += spending }
            }
            if best > 0 && market.budgets[i] > 0 {
                #expect(abs(spent - market.budgets[i]) <= 1e-9 * market.budgets[i], "agent \(i) spends its budget",
                        sourceLocation: sourceLocation)
                #expect(offBest <= tolerance * market.budgets[i], "agent \(i) buys only its best goods",
                        sourceLocation: sourceLocation)
            } else {
                #expect(result.bundles.row(i).isEmpty, "agent \(i) buys nothing", sourceLocation: sourceLocation)
            }
        }
        for j in 0..<resources {
            if valued[j] && market.supplies[j] > 0 {
                #expect(abs(demand[j] - market.supplies[j]) <= tolerance * market.supplies[j], "good \(j) clears",
                        sourceLocation: sourceLocation)
                #expect(result.prices[j] > 0, sourceLocation: sourceLocation)
            } else {
                #expect(result.prices[j] == 0 && demand[j] == 0, "good \(j) is out of play",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: [(30, 4, 1 as UInt64), (200, 8, 2), (600, 16, 3), (1_500, 24, 4), (3_000, 64, 5)])
    func randomMarketsReachEquilibriumWithoutEnvy(agents: Int, resources: Int, seed: UInt64) throws {
        let market = try BenchmarkStyleMarket.make(agents: agents, resources: resources, seed: seed)
        let auction = try DworkinAuction(config: AuctionConfig(envyTolerance: 1e-6 * 100, solver: solver))
        let result = try auction.runAuction(market: market)
        #expect(result.converged)
        #expect(result.certificate.maxExcess <= 1e-6)
        #expect(result.certificate.equilibriumGap <= 1e-6)
        #expect(result.envy.violationCount == 0)
        expectEquilibrium(market, result)
    }

    @Test func unequalBudgetsEnvyOnlyWhatTheyCannotAfford() throws {
        var generator = FastRandom(seed: 8)
        let base = try BenchmarkStyleMarket.make(agents: 400, resources: 10, seed: 8)
        let budgets = try reputationBudgets(endowment: 100, averageP: (0..<400).map { _ in generator.random() })
        let market = try AuctionMarket(valuations: base.valuations, budgets: budgets, supplies: base.supplies)
        let result = try DworkinAuction(config: AuctionConfig(envyTolerance: 1e-6 * 100, solver: solver))
            .runAuction(market: market)
        #expect(result.converged)
        #expect(result.envy.violationCount == 0)
        expectEquilibrium(market, result)
    }

    @Test func utilitiesScaleWithAnAgentsValuations() throws {
        let market = try BenchmarkStyleMarket.make(agents: 120, resources: 6, seed: 12)
        var scaled = market.valuations
        for j in 0..<6 {
            scaled[3, j] *= 1e6
            scaled[7, j] *= 1e-6
        }
        let rescaled = try AuctionMarket(valuations: scaled, budgets: market.budgets, supplies: market.supplies)
        let auction = try DworkinAuction(config: AuctionConfig(solver: solver))
        let original = try auction.runAuction(market: market)
        let changed = try auction.runAuction(market: rescaled)
        for j in 0..<6 { #expect(close(changed.prices[j], original.prices[j], relative: 1e-6)) }
        #expect(close(changed.utilities[3], original.utilities[3] * 1e6, relative: 1e-6))
        #expect(close(changed.utilities[7], original.utilities[7] * 1e-6, relative: 1e-6))
        #expect(close(changed.utilities[0], original.utilities[0], relative: 1e-6))
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let market = try BenchmarkStyleMarket.make(agents: 2_600, resources: 12, seed: 30)
        let options = AuctionConfig(solver: solver)
        let one = try DworkinAuction(config: options, threads: 1).runAuction(market: market)
        for threads in [2, 3] {
            let many = try DworkinAuction(config: options, threads: threads).runAuction(market: market)
            #expect(many.prices == one.prices)
            #expect(many.bundles == one.bundles)
            #expect(many.roundsToConverge == one.roundsToConverge)
        }
    }

    @Test func closedFormMarkets() throws {
        let auction = try DworkinAuction(config: AuctionConfig(solver: solver))
        // Each agent prefers a different good: prices equal budgets over supplies.
        let split = try auction.runAuction(bids: [
            AuctionBid(agentID: "a", valuations: ["x": 2, "y": 1], budget: 30),
            AuctionBid(agentID: "b", valuations: ["x": 1, "y": 2], budget: 60),
        ], resources: ["x": 3, "y": 6])
        #expect(close(split.clearingPrices["x"]!, 10, relative: 1e-6))
        #expect(close(split.clearingPrices["y"]!, 10, relative: 1e-6))
        #expect(close(split.allocations["a"]!.resources["x"] ?? 0, 3, relative: 1e-6))
        // One agent, several goods: it buys all of them, prices proportional to its values.
        let alone = try auction.runAuction(bids: [AuctionBid(agentID: "a", valuations: ["x": 1, "y": 3], budget: 8)],
                                           resources: ["x": 2, "y": 2])
        #expect(close(alone.clearingPrices["x"]!, 1, relative: 1e-6))
        #expect(close(alone.clearingPrices["y"]!, 3, relative: 1e-6))
        #expect(close(alone.allocations["a"]!.resources["y"]!, 2, relative: 1e-6))
        // One good, many agents: price is total budget over supply, shares by budget.
        let single = try auction.runAuction(bids: [
            AuctionBid(agentID: "a", valuations: ["x": 5], budget: 10),
            AuctionBid(agentID: "b", valuations: ["x": 0.001], budget: 30),
        ], resources: ["x": 8])
        #expect(close(single.clearingPrices["x"]!, 5, relative: 1e-9))
        #expect(close(single.allocations["b"]!.resources["x"]!, 6, relative: 1e-9))
        #expect(single.converged && single.isEnvyFree)
    }

    @Test func edgeCasesHaveClearOutcomes() throws {
        let auction = try DworkinAuction(config: AuctionConfig(solver: solver))
        let result = try auction.runAuction(bids: [
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
        let empty = try auction.runAuction(market: AuctionMarket(valuations: Matrix(rows: 3, columns: 2), budgets: [1, 2, 3],
                                                                 supplies: [1, 1]))
        #expect(empty.prices == [0, 0] && empty.converged && empty.bundles.values.isEmpty)
    }

    @Test func dictionaryResultCarriesTheCertificate() throws {
        let auction = try DworkinAuction(config: AuctionConfig(envyTolerance: 1e-4, solver: solver))
        let result = try auction.runAuction(bids: [
            AuctionBid(agentID: "agent_1", valuations: ["compute": 2.0, "data": 1.0, "bandwidth": 0.5], budget: 100),
            AuctionBid(agentID: "agent_2", valuations: ["compute": 0.5, "data": 2.0, "bandwidth": 1.5], budget: 100),
        ], resources: ["compute": 10, "data": 20, "bandwidth": 15])
        #expect(result.converged && result.isEnvyFree)
        #expect(result.certificate.equilibriumGap <= 1e-6)
        #expect(result.roundsToConverge > 0)
    }

    @Test func tatonnementResultsCarryACertificateToo() throws {
        let market = try BenchmarkStyleMarket.make(agents: 100, resources: 5, seed: 2)
        let result = try DworkinAuction().runAuction(market: market)
        #expect(result.certificate.equilibriumGap >= 0)
        #expect(result.certificate.maxExcess > 1e-3, "the reference tatonnement does not clear random markets")
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

/// Markets shaped like the benchmark's: valuations uniform in (0, 10], budgets 100,
/// supplies 100 x agents / resources.
enum BenchmarkStyleMarket {
    static func make(agents: Int, resources: Int, seed: UInt64) throws -> AuctionMarket {
        var generator = FastRandom(seed: seed)
        return try AuctionMarket(
            valuations: Matrix(rows: agents, columns: resources,
                               storage: (0..<(agents * resources)).map { _ in 10 * (1 - generator.random()) }),
            budgets: [Double](repeating: 100, count: agents),
            supplies: [Double](repeating: 100 * Double(agents) / Double(resources), count: resources))
    }
}
