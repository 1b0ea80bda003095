import AgentEconomiesKernels
import Testing

/// The integer-handle market: rate limits, halts, batch clearing, batch submission and its
/// validation.
@Suite struct HFNMarketTests {
    func market(maxOrders: Int = 2) throws -> HFNMarket {
        var market = try HFNMarket(
            parameters: .init(
                maxOrdersPerTick: maxOrders, latencyNoiseMs: 0,
                batchIntervalTicks: 1),
            random: .fast(seed: 1))
        market.addAgent()
        market.addAgent()
        market.addBook()
        return market
    }

    @Test func crossingOrdersTradeAtTheMidpointOnTheBatchTick() throws {
        var market = try market()
        #expect(market.submit(agent: 0, resource: 0, orderType: .bid, quantity: 5, price: 1.2).isAccepted)
        #expect(market.submit(agent: 1, resource: 0, orderType: .ask, quantity: 3, price: 1.0).isAccepted)
        #expect(market.ordersSubmitted == 2)
        #expect(market.advance() == 1)
        #expect(market.tradePrices == [1.1] && market.tradeQuantities == [3])
        #expect(market.tradeBuyers == [0] && market.tradeSellers == [1])
        #expect(market.marketPrice == 1.1)
        #expect(market.books[0].depth.bids == 1)
        market.endTick()
        #expect(market.ordersThisTick == [0, 0])
    }

    @Test func dayOrdersAndTheTradeLogCanBeCleared() throws {
        var market = try market()
        #expect(market.submit(agent: 0, resource: 0, orderType: .bid, quantity: 5, price: 1.2).isAccepted)
        #expect(market.submit(agent: 1, resource: 0, orderType: .ask, quantity: 3, price: 1.0).isAccepted)
        #expect(market.submit(agent: 1, resource: 0, orderType: .ask, quantity: 2, price: 1.5).isAccepted)
        #expect(market.advance() == 1)
        market.endTick()
        #expect(market.removeAllOrders() == 2)  // the bid's remainder and the 1.5 ask
        #expect(market.books[0].bestBid == nil && market.books[0].bestAsk == nil)
        #expect(market.books[0].openOrders(agent: 0) == 0 && market.books[0].openOrders(agent: 1) == 0)
        market.removeTradeLog()
        #expect(market.tradePrices.isEmpty && market.tradeBuyers.isEmpty && market.tradeTicks.isEmpty)
        #expect(market.tradeCounts == [1, 1] && market.marketPrice == 1.1)
        // The emptied book works as before: new orders rest and cross.
        #expect(market.submit(agent: 0, resource: 0, orderType: .bid, quantity: 1, price: 1.3).isAccepted)
        #expect(market.submit(agent: 1, resource: 0, orderType: .ask, quantity: 2, price: 1.1).isAccepted)
        #expect(market.advance() == 1)
        #expect(market.tradePrices.count == 1 && abs(market.tradePrices[0] - 1.2) < 1e-12 && market.tradeQuantities == [1])
        #expect(market.books[0].askCount == 1 && market.books[0].bidCount == 0)
        #expect(market.books[0].openOrders(agent: 1) == 1)
    }

    @Test func rateLimitsHaltsAndScreening() throws {
        var market = try market(maxOrders: 1)
        #expect(market.submit(agent: 0, resource: 0, orderType: .bid, quantity: 1, price: 1).isAccepted)
        #expect(market.submit(agent: 0, resource: 0, orderType: .bid, quantity: 1, price: 1) == .rejected(.rateLimited))
        #expect(
            market.submit(agent: 1, resource: 0, orderType: .ask, quantity: 0, price: 1)
                == .rejected(.nonPositiveQuantity(0)))
        market.halt(durationTicks: 2)
        #expect(market.submit(agent: 1, resource: 0, orderType: .ask, quantity: 1, price: 1) == .rejected(.halted))
        #expect(market.isHalted && market.haltUntilTick == 2)
    }

    @Test func batchesSubmitInOrderAndCheckTheirColumns() throws {
        var market = try market(maxOrders: 2)
        let batch = HFNMarket.OrderBatch(
            agents: [0, 0, 0, 1], resources: [0, 0, 0, 0],
            orderTypes: [.bid, .bid, .bid, .ask], quantities: [1, 2, 3, 4],
            prices: [1, 1, 1, 0.5])
        var outcomes = [HFNSubmission](repeating: .cancelled(count: 0), count: 4)
        let accepted = try outcomes.withUnsafeMutableBufferPointer { try market.submit(batch, outcomes: $0) }
        #expect(accepted == 3)
        #expect(outcomes[2] == .rejected(.rateLimited))
        let badAgent = HFNMarket.OrderBatch(
            agents: [5], resources: [0], orderTypes: [.bid], quantities: [1], prices: [1])
        #expect(throws: AgentEconomiesError.self) { try market.submit(badAgent) }
        let badBook = HFNMarket.OrderBatch(
            agents: [0], resources: [3], orderTypes: [.ask], quantities: [1], prices: [1])
        #expect(throws: AgentEconomiesError.self) { try market.submit(badBook) }
        let short = HFNMarket.OrderBatch(
            agents: [0, 1], resources: [0], orderTypes: [.bid], quantities: [1], prices: [1])
        #expect(throws: AgentEconomiesError.self) { try market.submit(short) }
        #expect(throws: AgentEconomiesError.self) {
            try HFNMarket(parameters: .init(maxOrdersPerTick: 0), random: .fast(seed: 1))
        }
    }
}
