import AgentEconomiesCHeader
import AgentEconomiesKernels

/// `ae_auction_options_default`: the reference's defaults (tatonnement).
@c(ae_auction_options_default)
public func aeAuctionOptionsDefault(_ options: UnsafeMutablePointer<ae_auction_options>?) {
    guard let options else { return }
    options.pointee = ae_auction_options(
        struct_size: MemoryLayout<ae_auction_options>.size, solver: AE_SOLVER_TATONNEMENT, max_rounds: 50, price_adjustment_rate: 0.1,
        convergence_tolerance: 0.01,
        envy_tolerance: 0.05, equilibrium_tolerance: 1e-6, equilibrium_max_iterations: 2_000, threads: 0)
}

/// The kernels' names of the auction options and the C fields they come from.
private let optionNames: KeyValuePairs<String, String> = [
    "TatonnementParameters.maxRounds": "options.max_rounds", "TatonnementParameters.rate": "options.price_adjustment_rate",
    "TatonnementParameters.tolerance": "options.convergence_tolerance",
    "EquilibriumParameters.tolerance": "options.equilibrium_tolerance",
    "EquilibriumParameters.maxIterations": "options.equilibrium_max_iterations",
    "RunParameters.envyTolerance": "options.envy_tolerance",
]

/// The kernel parameters of C options.
func runParameters(_ options: ae_auction_options) throws -> AuctionKernels.RunParameters {
    let solver: AuctionKernels.Solver
    switch options.solver {
    case AE_SOLVER_TATONNEMENT:
        solver = .tatonnement(
            AuctionKernels.TatonnementParameters(
                maxRounds: Int(options.max_rounds), rate: options.price_adjustment_rate,
                tolerance: options.convergence_tolerance))
    case AE_SOLVER_COMPETITIVE_EQUILIBRIUM:
        solver = .competitiveEquilibrium(
            AuctionKernels.EquilibriumParameters(
                tolerance: options.equilibrium_tolerance, maxIterations: Int(options.equilibrium_max_iterations)))
    default:
        throw CallError.option("options.solver", options.solver, "AE_SOLVER_TATONNEMENT (0), AE_SOLVER_COMPETITIVE_EQUILIBRIUM (1)")
    }
    if options.threads < 0 { throw CallError.size("options.threads", Int64(options.threads), ">= 0") }
    let parameters = AuctionKernels.RunParameters(solver: solver, envyTolerance: options.envy_tolerance)
    try renamingFields(optionNames) { try parameters.validate() }
    return parameters
}

/// The caller's output columns of an auction run.
struct AuctionOutputs {
    var prices: UnsafeMutableBufferPointer<Double>
    var utilities: UnsafeMutableBufferPointer<Double>
    var pricesPaid: UnsafeMutableBufferPointer<Double>
    var bundleIndptr: UnsafeMutableBufferPointer<Int64>
    var bundleIndices: UnsafeMutableBufferPointer<Int32>
    var bundleQuantities: UnsafeMutableBufferPointer<Double>
}

/// Runs `market` and writes the result into `outputs` and `result`; throws
/// `AE_ERROR_CAPACITY` (after filling `result`, before writing any output) when the bundles
/// do not fit, or the violations do not fit in `envyCapacity` entries.
func runAuction(
    _ market: AuctionMarket, options: ae_auction_options, outputs: AuctionOutputs,
    result: UnsafeMutablePointer<ae_auction_result>, envyCapacity: Int? = nil
) throws -> AuctionMarketResult {
    let parameters = try runParameters(options)
    let threads = options.threads == 0 ? nil : Int(options.threads)
    let outcome = try AuctionKernels.run(market, parameters: parameters, threads: threads)
    let entries = outcome.bundles.columns.count
    result.pointee = ae_auction_result(
        converged: outcome.converged ? 1 : 0, rounds: Int32(clamping: outcome.roundsToConverge),
        bundle_entries: Int64(entries), envy_violation_count: Int64(outcome.envy.violationCount),
        largest_envy_gap: outcome.envy.largestGap, total_utility: outcome.totalUtility,
        max_excess: outcome.certificate.maxExcess, equilibrium_gap: outcome.certificate.equilibriumGap)
    if entries > outputs.bundleIndices.count {
        throw CallError(
            status: AE_ERROR_CAPACITY,
            message: "bundle_capacity must be at least \(entries) (the bundles' entries), got \(outputs.bundleIndices.count)")
    }
    if let envyCapacity { try checkEnvyCapacity(outcome.envy.violations.count, envyCapacity) }
    let n = market.agentCount
    for j in 0..<market.resourceCount { outputs.prices[j] = outcome.prices[j] }
    for i in 0..<n {
        outputs.utilities[i] = outcome.utilities[i]
        outputs.pricesPaid[i] = outcome.pricesPaid[i]
    }
    for i in 0...n { outputs.bundleIndptr[i] = Int64(outcome.bundles.rowOffsets[i]) }
    for k in 0..<entries {
        outputs.bundleIndices[k] = outcome.bundles.columns[k]
        outputs.bundleQuantities[k] = outcome.bundles.values[k]
    }
    return outcome
}

/// The output columns for `n` agents and `r` resources, each checked.
func auctionOutputs(
    n: Int, r: Int, prices: UnsafeMutablePointer<Double>?, utilities: UnsafeMutablePointer<Double>?,
    pricesPaid: UnsafeMutablePointer<Double>?, bundleIndptr: UnsafeMutablePointer<Int64>?,
    bundleIndices: UnsafeMutablePointer<Int32>?, bundleQuantities: UnsafeMutablePointer<Double>?, bundleCapacity: Int64
) throws -> AuctionOutputs {
    let capacity = try Buffer.count(bundleCapacity, "bundle_capacity")
    return AuctionOutputs(
        prices: try Buffer.output(prices, r, "prices"), utilities: try Buffer.output(utilities, n, "utilities"),
        pricesPaid: try Buffer.output(pricesPaid, n, "prices_paid"),
        bundleIndptr: try Buffer.output(bundleIndptr, n + 1, "bundle_indptr"),
        bundleIndices: try Buffer.output(bundleIndices, capacity, "bundle_indices"),
        bundleQuantities: try Buffer.output(bundleQuantities, capacity, "bundle_quantities"))
}

/// `ae_auction_run`: a whole auction on a columnar market (see the header).
@c(ae_auction_run)
public func aeAuctionRun(
    _ agents: Int64, _ resources: Int64, _ valuations: UnsafePointer<Double>?, _ budgets: UnsafePointer<Double>?,
    _ supplies: UnsafePointer<Double>?, _ options: UnsafePointer<ae_auction_options>?,
    _ prices: UnsafeMutablePointer<Double>?, _ utilities: UnsafeMutablePointer<Double>?,
    _ pricesPaid: UnsafeMutablePointer<Double>?, _ bundleIndptr: UnsafeMutablePointer<Int64>?,
    _ bundleIndices: UnsafeMutablePointer<Int32>?, _ bundleQuantities: UnsafeMutablePointer<Double>?,
    _ bundleCapacity: Int64, _ envyPerAgent: UnsafeMutablePointer<Int64>?,
    _ result: UnsafeMutablePointer<ae_auction_result>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let n = try Buffer.count(agents, "agents"), r = try Buffer.count(resources, "resources")
        let cells = try Buffer.product(n, r, "agents x resources")
        guard let options else { throw CallError.null("options") }
        try checkStructSize(options.pointee.struct_size, MemoryLayout<ae_auction_options>.size, "options")
        let result = try Buffer.required(result, "result")
        let market = try AuctionMarket(
            valuations: Matrix(rows: n, columns: r, storage: Buffer.read(valuations, cells, "valuations")),
            budgets: Buffer.read(budgets, n, "budgets"), supplies: Buffer.read(supplies, r, "supplies"))
        let outputs = try auctionOutputs(
            n: n, r: r, prices: prices, utilities: utilities, pricesPaid: pricesPaid, bundleIndptr: bundleIndptr,
            bundleIndices: bundleIndices, bundleQuantities: bundleQuantities, bundleCapacity: bundleCapacity)
        let outcome = try runAuction(market, options: options.pointee, outputs: outputs, result: result)
        if let envyPerAgent {
            for i in 0..<n { envyPerAgent[i] = Int64(outcome.envy.violations.count(ofAgent: i)) }
        }
    }
}

/// `ae_auction_run_market`: ``aeAuctionRun`` with bid masks, tie ranks and the violation
/// list (see the header).
@c(ae_auction_run_market)
public func aeAuctionRunMarket(
    _ agents: Int64, _ resources: Int64, _ valuations: UnsafePointer<Double>?, _ valued: UnsafePointer<UInt8>?,
    _ tieRanks: UnsafePointer<Int32>?, _ budgets: UnsafePointer<Double>?, _ supplies: UnsafePointer<Double>?,
    _ options: UnsafePointer<ae_auction_options>?, _ prices: UnsafeMutablePointer<Double>?,
    _ utilities: UnsafeMutablePointer<Double>?, _ pricesPaid: UnsafeMutablePointer<Double>?,
    _ bundleIndptr: UnsafeMutablePointer<Int64>?, _ bundleIndices: UnsafeMutablePointer<Int32>?,
    _ bundleQuantities: UnsafeMutablePointer<Double>?, _ bundleCapacity: Int64,
    _ envyIndptr: UnsafeMutablePointer<Int64>?, _ envyIndices: UnsafeMutablePointer<Int64>?,
    _ envyGaps: UnsafeMutablePointer<Double>?, _ envyCapacity: Int64,
    _ result: UnsafeMutablePointer<ae_auction_result>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let n = try Buffer.count(agents, "agents"), r = try Buffer.count(resources, "resources")
        let cells = try Buffer.product(n, r, "agents x resources")
        guard let options else { throw CallError.null("options") }
        try checkStructSize(options.pointee.struct_size, MemoryLayout<ae_auction_options>.size, "options")
        let result = try Buffer.required(result, "result")
        var mask: [Bool]? = nil
        if let valued {
            mask = try (0..<cells).map { index in
                let value = valued[index]
                if value > 1 {
                    throw CallError(
                        status: AE_ERROR_OUT_OF_RANGE,
                        message: "valued[\(index / max(r, 1))][\(index % max(r, 1))] must be 0 or 1, got \(value)")
                }
                return value == 1
            }
        }
        let market = try renamingFields(["tieRanks": "tie_ranks"]) {
            try AuctionMarket(
                valuations: Matrix(rows: n, columns: r, storage: Buffer.read(valuations, cells, "valuations")),
                valued: mask, budgets: Buffer.read(budgets, n, "budgets"), supplies: Buffer.read(supplies, r, "supplies"),
                tieRanks: tieRanks.map { Array(UnsafeBufferPointer(start: $0, count: r)) })
        }
        let outputs = try auctionOutputs(
            n: n, r: r, prices: prices, utilities: utilities, pricesPaid: pricesPaid, bundleIndptr: bundleIndptr,
            bundleIndices: bundleIndices, bundleQuantities: bundleQuantities, bundleCapacity: bundleCapacity)
        let room = try Buffer.count(envyCapacity, "envy_capacity")
        let indptrOut = try envyIndptr.map { _ in try Buffer.output(envyIndptr, n + 1, "envy_indptr") }
        let listed = indptrOut != nil && envyIndices != nil
        let indicesOut = try Buffer.output(envyIndices, listed ? room : 0, "envy_indices")
        let gapsOut = try Buffer.output(envyGaps, listed ? room : 0, "envy_gaps")
        let outcome = try runAuction(
            market, options: options.pointee, outputs: outputs, result: result, envyCapacity: listed ? room : nil)
        guard let indptrOut else { return }
        let violations = outcome.envy.violations
        if !listed {
            indptrOut[0] = 0
            for agent in 0..<n { indptrOut[agent + 1] = indptrOut[agent] + Int64(violations.count(ofAgent: agent)) }
            return
        }
        try writeViolations(violations, agents: n, capacity: room, indptr: indptrOut, envied: indicesOut, gaps: gapsOut)
    }
}

/// `ae_auction_envy_pairs`: the envy violations of given bundles (see the header).
@c(ae_auction_envy_pairs)
public func aeAuctionEnvyPairs(
    _ agents: Int64, _ resources: Int64, _ valuations: UnsafePointer<Double>?, _ bundleIndptr: UnsafePointer<Int64>?,
    _ bundleIndices: UnsafePointer<Int32>?, _ bundleQuantities: UnsafePointer<Double>?,
    _ bundleCosts: UnsafePointer<Double>?, _ utilities: UnsafePointer<Double>?, _ budgets: UnsafePointer<Double>?,
    _ tolerance: Double, _ threads: Int32, _ envyIndptr: UnsafeMutablePointer<Int64>?,
    _ envyIndices: UnsafeMutablePointer<Int64>?, _ envyGaps: UnsafeMutablePointer<Double>?, _ envyCapacity: Int64,
    _ violationCount: UnsafeMutablePointer<Int64>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        let n = try Buffer.count(agents, "agents"), r = try Buffer.count(resources, "resources")
        let cells = try Buffer.product(n, r, "agents x resources")
        if threads < 0 { throw CallError.size("threads", Int64(threads), ">= 0") }
        try Validate.nonNegative(tolerance, "tolerance")
        let offsets = try Buffer.read(bundleIndptr, n + 1, "bundle_indptr")
        if offsets[0] != 0 || zip(offsets, offsets.dropFirst()).contains(where: { $0 > $1 }) {
            throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "bundle_indptr must be non-decreasing from 0")
        }
        let entries = try Buffer.count(offsets[n], "bundle_indptr[agents]")
        let columns = try Buffer.read(bundleIndices, entries, "bundle_indices")
        for (index, column) in columns.enumerated() where column < 0 || Int(column) >= r {
            throw CallError(
                status: AE_ERROR_OUT_OF_RANGE, message: "bundle_indices[\(index)] must be in 0..<\(r), got \(column)")
        }
        let bundles = try SparseRows(
            columnCount: r, rowOffsets: offsets.map { Int($0) }, columns: columns,
            values: Buffer.read(bundleQuantities, entries, "bundle_quantities"))
        let input = try AuctionKernels.EnvyCheckInput(
            valuations: Matrix(rows: n, columns: r, storage: try Buffer.read(valuations, cells, "valuations")),
            bundles: bundles, bundleCosts: try Buffer.read(bundleCosts, n, "bundle_costs"),
            utilities: try Buffer.read(utilities, n, "utilities"), budgets: try Buffer.read(budgets, n, "budgets"),
            tolerance: tolerance)
        let room = try Buffer.count(envyCapacity, "envy_capacity")
        let indptrOut = try Buffer.output(envyIndptr, n + 1, "envy_indptr")
        let indicesOut = try Buffer.output(envyIndices, room, "envy_indices")
        let gapsOut = try Buffer.output(envyGaps, room, "envy_gaps")
        let countOut = try Buffer.required(violationCount, "violation_count")
        let report = try AuctionKernels.envyCheck(input, threads: threads == 0 ? nil : Int(threads))
        let violations = report.violations
        countOut.pointee = Int64(violations.count)
        try writeViolations(violations, agents: n, capacity: room, indptr: indptrOut, envied: indicesOut, gaps: gapsOut)
    }
}

/// Writes violations as CSR by envious agent into caller columns; `AE_ERROR_CAPACITY` when
/// they do not fit in `capacity` entries.
func writeViolations(
    _ violations: EnvyViolationList, agents: Int, capacity: Int, indptr: UnsafeMutableBufferPointer<Int64>,
    envied: UnsafeMutableBufferPointer<Int64>, gaps: UnsafeMutableBufferPointer<Double>
) throws {
    try checkEnvyCapacity(violations.count, capacity)
    var position = 0
    indptr[0] = 0
    for agent in 0..<agents {
        for pair in violations.row(agent) {
            envied[position] = Int64(pair.envied)
            gaps[position] = pair.gap
            position += 1
        }
        indptr[agent + 1] = Int64(position)
    }
}

/// `AE_ERROR_CAPACITY` when `violations` do not fit in `capacity` entries.
func checkEnvyCapacity(_ violations: Int, _ capacity: Int) throws {
    if violations > capacity {
        throw CallError(
            status: AE_ERROR_CAPACITY, message: "envy_capacity must be at least \(violations) (the violations), got \(capacity)")
    }
}
