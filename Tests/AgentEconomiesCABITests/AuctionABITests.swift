import AgentEconomiesCHeader
import Testing

/// The Dworkin auction through the C ABI: the quick start's bundles well formed and
/// consistent with the prices, budgets, supplies and reported totals; the equilibrium
/// solver; run_market without extras equal to run, with a bid mask and the envy list; the
/// envy check of given bundles against a hand count; results independent of threads; and
/// bad values refused naming the field.
@Suite struct AuctionABITests {
    @Test("the quick start: CSR bundles, payments = quantities x prices within budgets and supplies")
    func quickStart() {
        let call = AuctionCall()
        #expect(call.run().status == AE_OK)
        let result = call.result!.pointee
        let indptr = Array(UnsafeBufferPointer(start: call.bundleIndptr, count: 3))
        let prices = Array(UnsafeBufferPointer(start: call.prices, count: 3))
        #expect(indptr[0] == 0 && indptr[0] <= indptr[1] && indptr[1] <= indptr[2])
        #expect(indptr[2] == result.bundle_entries)
        #expect(prices.allSatisfy { $0 > 0 })
        var bought = [0.0, 0.0, 0.0], utility = 0.0
        for agent in 0..<2 {
            var paid = 0.0
            for entry in Int(indptr[agent])..<Int(indptr[agent + 1]) {
                let resource = Int(call.bundleIndices![entry]), quantity = call.bundleQuantities![entry]
                #expect((0..<3).contains(resource) && quantity > 0)
                paid += quantity * prices[resource]
                bought[resource] += quantity
            }
            #expect(abs(paid - call.pricesPaid![agent]) < 1e-9)
            #expect(call.pricesPaid![agent] <= Fixture.budgets[agent] + 1e-9)
            utility += call.utilities![agent]
        }
        #expect(abs(utility - result.total_utility) < 1e-9)
        for resource in 0..<3 {
            #expect(abs(bought[resource] - Fixture.supplies[resource]) <= (result.max_excess + 1e-9) * Fixture.supplies[resource])
        }
        #expect(call.envyPerAgent![0] + call.envyPerAgent![1] == result.envy_violation_count)
        #expect(result.rounds >= 1 && result.rounds <= 50)
    }

    @Test("the competitive-equilibrium solver converges with a small certificate gap")
    func equilibrium() {
        let call = AuctionCall()
        call.options!.pointee.solver = AE_SOLVER_COMPETITIVE_EQUILIBRIUM
        #expect(call.run().status == AE_OK)
        let result = call.result!.pointee
        #expect(result.converged == 1)
        #expect(result.equilibrium_gap < 1e-3 && result.max_excess < 1e-3)
    }

    @Test("results do not depend on options.threads")
    func threads() {
        let one = AuctionCall(), four = AuctionCall()
        one.options!.pointee.threads = 1
        four.options!.pointee.threads = 4
        #expect(one.run().status == AE_OK && four.run().status == AE_OK)
        for k in 0..<3 { #expect(one.prices![k] == four.prices![k]) }
        for k in 0..<2 { #expect(one.utilities![k] == four.utilities![k]) }
    }

    @Test("run_market: without mask and ranks it is run; a mask keeps an agent to its valued resources")
    func market() {
        let plain = AuctionCall()
        #expect(plain.run().status == AE_OK)
        var options = ae_auction_options()
        ae_auction_options_default(&options)
        func market(_ valued: [UInt8]?) -> (Outcome, [Double], [Int64], [Int32]) {
            var prices = [Double](repeating: -1, count: 3), utilities = [0.0, 0.0], paid = [0.0, 0.0]
            var indptr = [Int64](repeating: -1, count: 3), indices = [Int32](repeating: -1, count: 6)
            var quantities = [Double](repeating: -1, count: 6), result = ae_auction_result()
            let s = Scratch()
            let mask = valued.map { UnsafePointer(s.array($0)) }
            let outcome = capture {
                ae_auction_run_market(
                    2, 3, Fixture.valuations, mask, nil, Fixture.budgets, Fixture.supplies, &options, &prices, &utilities,
                    &paid, &indptr, &indices, &quantities, 6, nil, nil, nil, 0, &result, $0, $1)
            }
            return (outcome, prices, indptr, indices)
        }
        let (outcome, prices, indptr, _) = market(nil)
        #expect(outcome.status == AE_OK)
        #expect(prices == Array(UnsafeBufferPointer(start: plain.prices, count: 3)))
        #expect(indptr == Array(UnsafeBufferPointer(start: plain.bundleIndptr, count: 3)))
        // Agent 0 bids on resource 0 only.
        let (masked, _, maskedIndptr, maskedIndices) = market([1, 0, 0, 1, 1, 1])
        #expect(masked.status == AE_OK)
        #expect(maskedIndices[Int(maskedIndptr[0])..<Int(maskedIndptr[1])].allSatisfy { $0 == 0 })
        #expect(market([1, 2, 0, 1, 1, 1]).0.is(AE_ERROR_OUT_OF_RANGE, naming: "valued[0][1]", "2"))
    }

    @Test("run_market's envy list: CSR by envious agent, gaps positive, the largest reported")
    func envyList() {
        var call = MarketCall()
        #expect(call.run().status == AE_OK)
        #expect(call.envyIndptr == [0, 2, 2, 2])
        #expect(call.envyIndices[..<2] == [1, 2])
        #expect(call.envyGaps[..<2].allSatisfy { $0 > 0 })
        #expect(call.envyGaps[..<2].max() == call.result.largest_envy_gap)
    }

    @Test("envy_pairs on hand-made bundles: agent 1 envies agent 0's affordable bundle by 5")
    func envyPairs() {
        // One resource; agent 0 holds one unit costing 10 (utility 5), agent 1 holds nothing.
        var indptr: [Int64] = [-1, -1, -1], envied: [Int64] = [-1], gaps: [Double] = [-1], count: Int64 = -1
        func check(tolerance: Double, budget: Double) -> Outcome {
            capture {
                ae_auction_envy_pairs(
                    2, 1, [5, 5], [0, 1, 1], [0], [1], [10, 0], [5, 0], [100, budget], tolerance, 0, &indptr, &envied,
                    &gaps, 1, &count, $0, $1)
            }
        }
        #expect(check(tolerance: 0, budget: 100).status == AE_OK)
        #expect(count == 1 && indptr == [0, 0, 1] && envied == [0] && gaps == [5])
        #expect(check(tolerance: 6, budget: 100).status == AE_OK)
        #expect(count == 0 && indptr == [0, 0, 0])
        #expect(check(tolerance: 0, budget: 9).status == AE_OK)  // agent 0's bundle costs more than 9
        #expect(count == 0)
        #expect(check(tolerance: -1, budget: 100).is(AE_ERROR_OUT_OF_RANGE, naming: "tolerance"))
        let outside = capture {
            ae_auction_envy_pairs(
                2, 1, [5, 5], [0, 1, 1], [3], [1], [10, 0], [5, 0], [100, 100], 0, 0, &indptr, &envied, &gaps, 1, &count,
                $0, $1)
        }
        #expect(outside.is(AE_ERROR_OUT_OF_RANGE, naming: "bundle_indices[0]", "3"))
        let decreasing = capture {
            ae_auction_envy_pairs(
                2, 1, [5, 5], [0, 1, 0], [0], [1], [10, 0], [5, 0], [100, 100], 0, 0, &indptr, &envied, &gaps, 1, &count,
                $0, $1)
        }
        #expect(decreasing.is(AE_ERROR_OUT_OF_RANGE, naming: "bundle_indptr"))
    }

    @Test("bad values are refused naming the field: NaN, negative budget, unknown solver, threads")
    func refusals() {
        var valuations = Fixture.valuations
        valuations[1] = .nan
        let s = Scratch()
        let nan = AuctionCall().with { $0.valuations = UnsafePointer(s.array(valuations)) }.run()
        #expect(nan.is(AE_ERROR_NOT_FINITE, naming: "valuations[0][1]"), "\(nan)")
        let budget = AuctionCall().with { $0.budgets = UnsafePointer(s.array([100.0, -1])) }.run()
        #expect(budget.is(AE_ERROR_OUT_OF_RANGE, naming: "budgets[1]"), "\(budget)")
        let solver = AuctionCall()
        solver.options!.pointee.solver = 7
        #expect(solver.run().is(AE_ERROR_UNKNOWN_OPTION, naming: "options.solver", "7"))
        let threads = AuctionCall()
        threads.options!.pointee.threads = -1
        #expect(threads.run().is(AE_ERROR_INVALID_SIZE, naming: "options.threads"))
        let rounds = AuctionCall()
        rounds.options!.pointee.max_rounds = 0
        #expect(rounds.run().is(AE_ERROR_OUT_OF_RANGE, naming: "options.max_rounds"))
    }
}
