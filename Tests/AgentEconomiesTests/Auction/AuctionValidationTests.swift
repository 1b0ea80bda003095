import AgentEconomies
import OrderedCollections
import Testing

/// Bad input throws an `AgentEconomiesError` naming the field and the value; one test each.
@Suite struct AuctionValidationTests {
    @Test(arguments: [
        (AuctionConfig(initialEndowment: 0), "AuctionConfig.initialEndowment", "0.0"),
        (AuctionConfig(initialEndowment: -5), "AuctionConfig.initialEndowment", "-5.0"),
        (AuctionConfig(initialEndowment: .nan), "AuctionConfig.initialEndowment", "nan"),
        (AuctionConfig(maxRounds: 0), "AuctionConfig.maxRounds", "0"),
        (AuctionConfig(priceAdjustmentRate: 0), "AuctionConfig.priceAdjustmentRate", "0.0"),
        (AuctionConfig(priceAdjustmentRate: 1.5), "AuctionConfig.priceAdjustmentRate", "1.5"),
        (AuctionConfig(priceAdjustmentRate: .nan), "AuctionConfig.priceAdjustmentRate", "nan"),
        (AuctionConfig(convergenceTolerance: 0), "AuctionConfig.convergenceTolerance", "0.0"),
        (AuctionConfig(convergenceTolerance: -1), "AuctionConfig.convergenceTolerance", "-1.0"),
        (AuctionConfig(envyTolerance: -0.1), "AuctionConfig.envyTolerance", "-0.1"),
        (AuctionConfig(envyTolerance: .infinity), "AuctionConfig.envyTolerance", "inf"),
    ])
    func configErrors(config: AuctionConfig, field: String, value: String) {
        expectError(field: field, mentioning: value) { _ = try DworkinAuction(config: config) }
    }

    @Test func boundaryConfigsAreAccepted() throws {
        _ = try DworkinAuction(config: AuctionConfig(maxRounds: 1, priceAdjustmentRate: 1, envyTolerance: 0))
    }

    let resources: OrderedDictionary<String, Double> = ["compute": 10, "data": 5]

    @Test func nanValuationNamesAgentAndResource() throws {
        let auction = try DworkinAuction()
        expectError(field: "valuations[a2][data]", mentioning: "nan") {
            _ = try auction.runAuction(
                bids: [
                    AuctionBid(agentID: "a1", valuations: ["compute": 1], budget: 10),
                    AuctionBid(agentID: "a2", valuations: ["data": .nan], budget: 10),
                ],
                resources: resources)
        }
    }

    @Test func infiniteValuationIsRejected() throws {
        expectError(field: "valuations[a1][compute]", mentioning: "inf") {
            _ = try DworkinAuction().runAuction(
                bids: [AuctionBid(agentID: "a1", valuations: ["compute": -.infinity], budget: 10)], resources: resources
            )
        }
    }

    @Test func infiniteBudgetIsRejected() throws {
        expectError(field: "budget[a1]", mentioning: "inf") {
            _ = try DworkinAuction().runAuction(
                bids: [AuctionBid(agentID: "a1", valuations: ["compute": 1], budget: .infinity)], resources: resources)
        }
    }

    @Test func negativeBudgetIsRejected() throws {
        expectError(field: "budget[a1]", mentioning: "-3.0") {
            _ = try DworkinAuction().runAuction(
                bids: [AuctionBid(agentID: "a1", valuations: ["compute": 1], budget: -3)], resources: resources)
        }
    }

    @Test func negativeSupplyIsRejected() throws {
        expectError(field: "resources[data]", mentioning: "-1.0") {
            _ = try DworkinAuction().runAuction(
                bids: [AuctionBid(agentID: "a1", valuations: ["compute": 1])],
                resources: ["compute": 1, "data": -1])
        }
    }

    @Test func nanSupplyIsRejected() throws {
        expectError(field: "resources[compute]", mentioning: "nan") {
            _ = try DworkinAuction().runAuction(bids: [], resources: ["compute": .nan])
        }
    }

    @Test func duplicateAgentIDsAreRejected() throws {
        expectError(field: "bids", mentioning: "a1") {
            _ = try DworkinAuction().runAuction(
                bids: [
                    AuctionBid(agentID: "a1", valuations: ["compute": 1]),
                    AuctionBid(agentID: "a1", valuations: ["data": 1]),
                ],
                resources: resources)
        }
    }

    @Test func marketShapeErrors() throws {
        let valuations = try Matrix<Double>(rows: 2, columns: 3)
        expectError(field: "budgets", mentioning: "1") {
            _ = try AuctionMarket(valuations: valuations, budgets: [1], supplies: [1, 1, 1])
        }
        expectError(field: "supplies", mentioning: "2") {
            _ = try AuctionMarket(valuations: valuations, budgets: [1, 1], supplies: [1, 1])
        }
        expectError(field: "valued", mentioning: "5") {
            _ = try AuctionMarket(
                valuations: valuations, valued: [true, true, true, true, true], budgets: [1, 1],
                supplies: [1, 1, 1])
        }
        expectError(field: "tieRanks", mentioning: "[1, 1, 2]") {
            _ = try AuctionMarket(valuations: valuations, budgets: [1, 1], supplies: [1, 1, 1], tieRanks: [1, 1, 2])
        }
    }

    @Test func marketValueErrorsNameTheEntry() throws {
        var valuations = try Matrix<Double>(rows: 2, columns: 3)
        valuations[1, 2] = .nan
        expectError(field: "valuations[1][2]", mentioning: "nan") {
            _ = try AuctionMarket(valuations: valuations, budgets: [1, 1], supplies: [1, 1, 1])
        }
        expectError(field: "budgets[1]", mentioning: "-2.0") {
            _ = try AuctionMarket(valuations: Matrix(rows: 2, columns: 3), budgets: [1, -2], supplies: [1, 1, 1])
        }
        expectError(field: "supplies[0]", mentioning: "inf") {
            _ = try AuctionMarket(
                valuations: Matrix(rows: 2, columns: 3), budgets: [1, 1], supplies: [.infinity, 1, 1])
        }
    }

    @Test func reputationBudgetErrors() {
        expectError(field: "averageP[1]", mentioning: "1.5") {
            _ = try reputationBudgets(endowment: 100, averageP: [0.5, 1.5])
        }
        expectError(field: "endowment", mentioning: "0.0") { _ = try reputationBudgets(endowment: 0, averageP: []) }
        expectError(field: "floor", mentioning: "-0.5") {
            _ = try reputationBudgets(endowment: 100, averageP: [0.5], floor: -0.5)
        }
    }
}
