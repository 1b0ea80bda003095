import AgentEconomies
import Foundation
import OrderedCollections
import Testing

/// The layout of `Tests/Fixtures/auction.json`.
struct AuctionFixtureFile: Decodable {
    struct Config: Decodable, Sendable {
        let initial_endowment: Double
        let max_rounds: Int
        let price_adjustment_rate: Double
        let convergence_tolerance: Double
        let envy_tolerance: Double
    }
    struct Bid: Decodable, Sendable {
        let agent_id: String
        let valuations: [NamedValue]
        let budget: Double
    }
    struct Allocation: Decodable, Sendable {
        let agent_id: String
        let resources: [NamedValue]
        let price_paid: Double
        let utility: Double
    }
    struct Violation: Decodable, Sendable {
        let envious_agent: String
        let envied_agent: String
        let utility_gap: Double
    }
    struct Expected: Decodable, Sendable {
        let converged: Bool
        let rounds_to_converge: Int
        let is_envy_free: Bool
        let clearing_prices: [NamedValue]
        let allocations: [Allocation]
        let envy_violations: [Violation]
        let total_utility: Double
        let gini: Double
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let config: Config
        let bids: [Bid]
        let resources: [NamedValue]
        let expected: Expected
        var testDescription: String { name }

        var auctionConfig: AuctionConfig {
            AuctionConfig(
                initialEndowment: config.initial_endowment, maxRounds: config.max_rounds,
                priceAdjustmentRate: config.price_adjustment_rate,
                convergenceTolerance: config.convergence_tolerance, envyTolerance: config.envy_tolerance)
        }
        var auctionBids: [AuctionBid] {
            bids.map { bid in
                AuctionBid(
                    agentID: bid.agent_id,
                    valuations: Dictionary(uniqueKeysWithValues: bid.valuations.map { ($0.name, $0.value) }),
                    budget: bid.budget)
            }
        }
        var supplies: OrderedDictionary<String, Double> {
            OrderedDictionary(uniqueKeysWithValues: resources.map { ($0.name, $0.value) })
        }
    }
    let swarm_safety_version: String
    let cases: [Case]

    static func cases() throws -> [Case] { try Fixtures.load("auction.json", as: Self.self).cases }
}

/// Every case of `Tests/Fixtures/auction.json` (swarm-safety 1.9.0) reproduced field by field.
@Suite struct AuctionFixtureTests {
    @Test func fixtureFileHasEnoughCases() throws {
        let file = try Fixtures.load("auction.json", as: AuctionFixtureFile.self)
        #expect(file.swarm_safety_version == "1.9.0")
        #expect(file.cases.count >= 30)
    }

    @Test(arguments: try AuctionFixtureFile.cases())
    func matchesReference(_ fixture: AuctionFixtureFile.Case) throws {
        let expected = fixture.expected
        for threads in [1, 2] {
            let auction = try DworkinAuction(config: fixture.auctionConfig, threads: threads)
            let result = try auction.runAuction(bids: fixture.auctionBids, resources: fixture.supplies)

            #expect(result.converged == expected.converged)
            #expect(result.roundsToConverge == expected.rounds_to_converge)
            #expect(result.isEnvyFree == expected.is_envy_free)

            #expect(Array(result.clearingPrices.keys) == expected.clearing_prices.map(\.name))
            for price in expected.clearing_prices {
                #expect(close(result.clearingPrices[price.name] ?? .nan, price.value), "price of \(price.name)")
            }

            #expect(Array(result.allocations.keys) == expected.allocations.map(\.agent_id))
            for allocation in expected.allocations {
                guard let actual = result.allocations[allocation.agent_id] else {
                    Issue.record("no allocation for \(allocation.agent_id)")
                    continue
                }
                #expect(
                    Array(actual.resources.keys) == allocation.resources.map(\.name),
                    "bundle order of \(allocation.agent_id)")
                for entry in allocation.resources {
                    #expect(
                        close(actual.resources[entry.name] ?? .nan, entry.value),
                        "\(allocation.agent_id) \(entry.name)")
                }
                #expect(close(actual.pricePaid, allocation.price_paid), "price paid by \(allocation.agent_id)")
                #expect(close(actual.utility, allocation.utility), "utility of \(allocation.agent_id)")
            }

            #expect(result.envyViolations.count == expected.envy_violations.count)
            for (actual, reference) in zip(result.envyViolations, expected.envy_violations) {
                #expect(actual.enviousAgent == reference.envious_agent)
                #expect(actual.enviedAgent == reference.envied_agent)
                #expect(close(actual.utilityGap, reference.utility_gap))
            }
            #expect(close(result.totalUtility, expected.total_utility))
            #expect(close(auction.giniCoefficient(of: result.allocations), expected.gini))
        }
    }
}
