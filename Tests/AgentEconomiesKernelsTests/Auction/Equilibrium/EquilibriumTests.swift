import AgentEconomiesKernels
import Testing
import Workloads

/// The competitive-equilibrium solver through the auction pipeline: its certificate, an
/// independent check of the equilibrium conditions, envy-freeness, scale invariance and
/// determinism.
@Suite struct EquilibriumTests {
    /// The pipeline with the equilibrium solver at its default options.
    func solve(_ market: AuctionMarket, envyTolerance: Double = 0.05, threads: Int? = nil) throws -> AuctionMarketResult {
        try AuctionKernels.run(
            market,
            parameters: .init(
                solver: .competitiveEquilibrium(.init()),
                envyTolerance: envyTolerance), threads: threads)
    }

    /// Checks the equilibrium conditions from scratch, without the solver's certificate:
    /// supply met for goods someone values, budgets spent, and spending only on goods whose
    /// value per price is within `slack` of the agent's best.
    func expectEquilibrium(
        _ market: AuctionMarket, _ result: AuctionMarketResult, tolerance: Double = 1e-6,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
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
                #expect(
                    abs(spent - market.budgets[i]) <= 1e-9 * market.budgets[i], "agent \(i) spends its budget",
                    sourceLocation: sourceLocation)
                #expect(
                    offBest <= tolerance * market.budgets[i], "agent \(i) buys only its best goods",
                    sourceLocation: sourceLocation)
            } else {
                #expect(result.bundles.row(i).isEmpty, "agent \(i) buys nothing", sourceLocation: sourceLocation)
            }
        }
        for j in 0..<resources {
            if valued[j] && market.supplies[j] > 0 {
                #expect(
                    abs(demand[j] - market.supplies[j]) <= tolerance * market.supplies[j], "good \(j) clears",
                    sourceLocation: sourceLocation)
                #expect(result.prices[j] > 0, sourceLocation: sourceLocation)
            } else {
                #expect(
                    result.prices[j] == 0 && demand[j] == 0, "good \(j) is out of play",
                    sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: [(30, 4, 1 as UInt64), (200, 8, 2), (600, 16, 3), (1_500, 24, 4), (3_000, 64, 5)])
    func randomMarketsReachEquilibriumWithoutEnvy(agents: Int, resources: Int, seed: UInt64) throws {
        let market = try Markets.uniform(agents: agents, resources: resources, seed: seed)
        let result = try solve(market, envyTolerance: 1e-6 * 100)
        #expect(result.converged)
        #expect(result.certificate.maxExcess <= 1e-6)
        #expect(result.certificate.equilibriumGap <= 1e-6)
        #expect(result.envy.violationCount == 0)
        expectEquilibrium(market, result)
    }

    @Test func unequalBudgetsEnvyOnlyWhatTheyCannotAfford() throws {
        var generator = FastRandom(seed: 8)
        let base = try Markets.uniform(agents: 400, resources: 10, seed: 8)
        let budgets = try reputationBudgets(endowment: 100, averageP: (0..<400).map { _ in generator.random() })
        let market = try AuctionMarket(valuations: base.valuations, budgets: budgets, supplies: base.supplies)
        let result = try solve(market, envyTolerance: 1e-6 * 100)
        #expect(result.converged)
        #expect(result.envy.violationCount == 0)
        expectEquilibrium(market, result)
    }

    @Test func utilitiesScaleWithAnAgentsValuations() throws {
        let market = try Markets.uniform(agents: 120, resources: 6, seed: 12)
        var scaled = market.valuations
        for j in 0..<6 {
            scaled[3, j] *= 1e6
            scaled[7, j] *= 1e-6
        }
        let rescaled = try AuctionMarket(valuations: scaled, budgets: market.budgets, supplies: market.supplies)
        let original = try solve(market)
        let changed = try solve(rescaled)
        for j in 0..<6 { #expect(close(changed.prices[j], original.prices[j], relative: 1e-6)) }
        #expect(close(changed.utilities[3], original.utilities[3] * 1e6, relative: 1e-6))
        #expect(close(changed.utilities[7], original.utilities[7] * 1e-6, relative: 1e-6))
        #expect(close(changed.utilities[0], original.utilities[0], relative: 1e-6))
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let market = try Markets.uniform(agents: 2_600, resources: 12, seed: 30)
        let one = try solve(market, threads: 1)
        for threads in [2, 3] {
            let many = try solve(market, threads: threads)
            #expect(many.prices == one.prices)
            #expect(many.bundles == one.bundles)
            #expect(many.roundsToConverge == one.roundsToConverge)
        }
    }

    @Test func tatonnementResultsCarryACertificateToo() throws {
        let market = try Markets.uniform(agents: 100, resources: 5, seed: 2)
        let result = try AuctionKernels.run(market)
        #expect(result.certificate.equilibriumGap >= 0)
        #expect(result.certificate.maxExcess > 1e-3, "the reference tatonnement does not clear random markets")
    }

    @Test(arguments: [
        (AuctionKernels.EquilibriumParameters(tolerance: 0), "EquilibriumParameters.tolerance"),
        (AuctionKernels.EquilibriumParameters(tolerance: 0.5), "EquilibriumParameters.tolerance"),
        (AuctionKernels.EquilibriumParameters(tolerance: .nan), "EquilibriumParameters.tolerance"),
        (AuctionKernels.EquilibriumParameters(maxIterations: 0), "EquilibriumParameters.maxIterations"),
    ])
    func badOptionsAreRejected(options: AuctionKernels.EquilibriumParameters, field: String) throws {
        let market = try Markets.uniform(agents: 3, resources: 2, seed: 1)
        #expect {
            _ = try AuctionKernels.run(market, parameters: .init(solver: .competitiveEquilibrium(options)))
        } throws: { error in
            (error as? AgentEconomiesError)?.field == field
        }
    }
}
