import AgentEconomiesCABI
import AgentEconomiesCHeader

/// The auction calls: `ae_auction_run` and `ae_auction_market` on fuzzed markets and options.
extension CABISession {
    func auctionOptions(_ input: inout FuzzInput) -> ae_auction_options {
        var options = ae_auction_options()
        ae_auction_options_default(&options)
        options.solver = input.byte() < 8 ? Int32(input.int(-1...3)) : Int32(input.int(0...1))
        options.max_rounds = Int32(input.int(0...60))
        options.threads = Int32(input.int(-1...3))
        if input.byte() < 10 { options.price_adjustment_rate = input.double() }
        if input.byte() < 10 { options.convergence_tolerance = input.double() }
        if input.byte() < 10 { options.envy_tolerance = input.double() }
        if input.byte() < 10 { options.equilibrium_tolerance = input.double() }
        options.equilibrium_max_iterations = Int32(input.int(0...300))
        return options
    }

    func auctionRun(_ input: inout FuzzInput) {
        let n = input.int(0...10), r = input.int(0...5)
        var nulled = false
        let special = input.byte() < 40
        let valuations = maybeNull(doubles(n * r, &input, special: special), &input, &nulled)
        let budgetValues = doubles(n, &input, special: special)
        let budgets = maybeNull(budgetValues, &input, &nulled)
        let supplies = maybeNull(doubles(r, &input, special: special), &input, &nulled)
        var options = auctionOptions(&input)
        let capacity = input.byte() < 30 ? input.int(0...(n * r)) : n * r
        let prices = arena.output(r, 0.0), utilities = arena.output(n, 0.0), paid = arena.output(n, 0.0)
        let indptr = arena.output(n + 1, Int64(-7)), indices = arena.output(capacity, Int32(-7))
        let quantities = arena.output(capacity, -7.0)
        let envy: UnsafeMutablePointer<Int64>? = input.bool() ? arena.output(n, Int64(-7)) : nil
        var result = ae_auction_result()
        let status = call("ae_auction_run") { error, size in
            ae_auction_run(
                Int64(n), Int64(r), valuations, budgets, supplies, &options, prices, utilities, paid, indptr,
                indices, quantities, Int64(capacity), envy, &result, error, size)
        }
        if nulled && n > 0 && r > 0 { require(status != AE_OK, "ae_auction_run accepted a NULL input") }
        if status == AE_ERROR_CAPACITY {
            require(result.bundle_entries > capacity, "capacity error with \(result.bundle_entries) <= \(capacity)")
        }
        guard status == AE_OK else { return }
        checkBundles(n: n, r: r, indptr: indptr, indices: indices, quantities: quantities, result: result)
        for i in 0..<n {
            require(paid[i] <= budgetValues[i] * (1 + 1e-9) + 1e-12, "agent \(i) paid \(paid[i]) > \(budgetValues[i])")
        }
        if let envy {
            let total = (0..<n).reduce(Int64(0)) { $0 + envy[$1] }
            require(total == result.envy_violation_count, "envy per agent sums to \(total)")
        }
    }

    func checkBundles(
        n: Int, r: Int, indptr: UnsafeMutablePointer<Int64>, indices: UnsafeMutablePointer<Int32>,
        quantities: UnsafeMutablePointer<Double>, result: ae_auction_result
    ) {
        require(indptr[0] == 0 && indptr[n] == result.bundle_entries, "bundle_indptr ends \(indptr[n])")
        for i in 0..<n {
            require(indptr[i] <= indptr[i + 1], "bundle_indptr decreases at \(i)")
            var seen = Set<Int32>()
            for k in Int(indptr[i])..<Int(indptr[i + 1]) {
                require(indices[k] >= 0 && Int(indices[k]) < r, "bundle index \(indices[k])")
                require(seen.insert(indices[k]).inserted, "agent \(i) buys \(indices[k]) twice")
                require(quantities[k].isFinite && quantities[k] >= 0, "quantity \(quantities[k])")
            }
        }
    }

    func auctionMarket(_ input: inout FuzzInput) {
        let n = input.int(0...10), r = input.int(1...5)
        let valuationValues = doubles(n * r, &input, special: false)
        let valuations = arena.array(valuationValues)
        let valued: UnsafeMutablePointer<UInt8>? =
            input.bool() ? arena.array((0..<(n * r)).map { _ in UInt8(input.byte() < 200 ? 1 : input.int(0...2)) }) : nil
        let ties: UnsafeMutablePointer<Int32>? =
            input.bool() ? arena.array((0..<r).map { column in Int32(input.byte() < 240 ? column : input.int(-1...r)) }) : nil
        let budgetValues = doubles(n, &input, special: false)
        let budgets = arena.array(budgetValues), supplies = arena.array((0..<r).map { _ in 0.5 + input.amount() })
        var options = auctionOptions(&input)
        options.solver = Int32(input.int(0...1))
        let capacity = n * r
        let prices = arena.output(r, 0.0), utilities = arena.output(n, 0.0), paid = arena.output(n, 0.0)
        let indptr = arena.output(n + 1, Int64(-7)), indices = arena.output(capacity, Int32(-7))
        let quantities = arena.output(capacity, -7.0)
        let envyCapacity = input.int(0...(n * n))
        let envyIndptr = arena.output(n + 1, Int64(-7)), envyIndices = arena.output(envyCapacity, Int64(-7))
        let envyGaps = arena.output(envyCapacity, -7.0)
        var result = ae_auction_result()
        let status = call("ae_auction_run_market") { error, size in
            ae_auction_run_market(
                Int64(n), Int64(r), valuations, valued, ties, budgets, supplies, &options, prices, utilities, paid,
                indptr, indices, quantities, Int64(capacity), envyIndptr, envyIndices, envyGaps, Int64(envyCapacity),
                &result, error, size)
        }
        if status == AE_ERROR_CAPACITY {
            require(result.envy_violation_count > envyCapacity, "envy capacity error below capacity")
        }
        guard status == AE_OK else { return }
        checkBundles(n: n, r: r, indptr: indptr, indices: indices, quantities: quantities, result: result)
        let violations = Int(result.envy_violation_count)
        require(envyIndptr[0] == 0 && Int(envyIndptr[n]) == violations, "envy_indptr ends \(envyIndptr[n])")
        for i in 0..<n {
            require(envyIndptr[i] <= envyIndptr[i + 1], "envy_indptr decreases")
            for k in Int(envyIndptr[i])..<Int(envyIndptr[i + 1]) {
                require(envyIndices[k] >= 0 && Int(envyIndices[k]) < n && Int(envyIndices[k]) != i, "envied agent")
                require(envyGaps[k] > options.envy_tolerance || envyGaps[k].isNaN == false, "envy gap \(envyGaps[k])")
            }
        }
        // The same bundles through ae_auction_envy_pairs list the same violations.
        let again = arena.output(n + 1, Int64(-7)), againIndices = arena.output(violations, Int64(-7))
        let againGaps = arena.output(violations, -7.0)
        var count: Int64 = -1
        let pairs = call("ae_auction_envy_pairs") { error, size in
            ae_auction_envy_pairs(
                Int64(n), Int64(r), valuations, indptr, indices, quantities, paid, utilities, budgets,
                options.envy_tolerance, Int32(input.int(0...3)), again, againIndices, againGaps, Int64(violations),
                &count, error, size)
        }
        guard !valuationValues.contains(where: { !$0.isFinite }) else { return }
        require(pairs == AE_OK, "ae_auction_envy_pairs refused a run's own bundles: \(pairs)")
        require(count == result.envy_violation_count, "envy_pairs counts \(count), the run \(violations)")
        for k in 0..<violations {
            require(againIndices[k] == envyIndices[k], "envy_pairs lists another envied agent at \(k)")
        }
    }
}
