import AgentEconomiesKernels
import Testing

/// Inputs that would overflow, exhaust memory or leave the Double range get an error naming
/// the limit (several found by the fuzz targets and the Python bad-argument tests).
@Suite struct LimitTests {
    @Test func anAuctionWhosePricesOverflowIsRefused() throws {
        let market = try AuctionMarket(
            valuations: try Matrix(rows: 1, columns: 1, storage: [1e300]), budgets: [1e300], supplies: [1e-300])
        for solver in [AuctionKernels.Solver.competitiveEquilibrium(.init()), .tatonnement(.init())] {
            do {
                let result = try AuctionKernels.run(market, parameters: .init(solver: solver))
                // A solver that stays finite is fine; it must not return NaN or infinity.
                #expect(result.prices.allSatisfy(\.isFinite) && result.bundles.values.allSatisfy(\.isFinite))
            } catch let error as AgentEconomiesError {
                #expect("\(error)".contains("prices[0]") || "\(error)".contains("bundles.values"))
            }
        }
    }

    @Test func aHaltLongerThanTheTickCounterSaturates() throws {
        var market = try HFNMarket(parameters: .init(), random: .fast(seed: 1))
        market.addAgent()
        market.addBook()
        market.halt(durationTicks: .max)
        #expect(market.isHalted && market.haltUntilTick == .max)
        market.advance()
        #expect(market.isHalted)
    }

    @Test func aHugeCrashWindowAllocatesNothingUpFront() throws {
        var monitor = try FlashCrashMonitor(.init(windowTicks: Int(Int32.max)))
        for tick in 0..<50 { _ = monitor.update(price: 1 + Double(tick % 3), volume: 1, tick: tick) }
        #expect(monitor.priceWindow.count == 50)
    }

    @Test func regressionShapleyCapsItsCoalitions() throws {
        let parameters = ShapleyKernels.RegressionParameters(coalitions: ShapleyKernels.RegressionParameters.maximumCoalitions + 1)
        #expect(throws: AgentEconomiesError.self) { try parameters.validate() }
        try ShapleyKernels.RegressionParameters(coalitions: 2_048).validate()
    }

    @Test func aLedgerCannotDeclareMillionsOfUnusedItems() throws {
        #expect(throws: AgentEconomiesError.self) {
            try MissionLedger(
                contributionOffsets: [0, 1], recordedItems: [0], itemCount: 1 << 40, p: [0.5], accepted: [true],
                interactionItems: [0])
        }
        let ledger = try MissionLedger(
            contributionOffsets: [0, 1], recordedItems: [0], itemCount: 10, p: [0.5], accepted: [true],
            interactionItems: [0])
        #expect(ledger.recordedItems == [0])
    }

    @Test func aForcedDenseJoinTooWideForMemoryIsRefused() throws {
        let patterns = try PatternMatrix(
            columnCount: 1 << 30, rowOffsets: [0, 1, 2], columns: [5, 1 << 29], values: [1, 1])
        #expect(throws: AgentEconomiesError.self) { try SimilarityJoin.clusters(patterns, threshold: 0.8, path: .dense) }
        let sparse = try SimilarityJoin.clusters(patterns, threshold: 0.8, path: .sparse)
        #expect(sparse.clusters.isEmpty)
    }
}
