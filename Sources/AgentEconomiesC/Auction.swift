import AgentEconomiesCHeader
import AgentEconomiesKernels

/// `ae_auction_options_default`: the reference's defaults (tatonnement).
@c(ae_auction_options_default)
public func aeAuctionOptionsDefault(_ options: UnsafeMutablePointer<ae_auction_options>?) {
    guard let options else { return }
    options.pointee = ae_auction_options(
        solver: AE_SOLVER_TATONNEMENT, max_rounds: 50, price_adjustment_rate: 0.1, convergence_tolerance: 0.01,
        envy_tolerance: 0.05, equilibrium_tolerance: 1e-6, equilibrium_max_iterations: 2_000, threads: 0)
}

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
    try parameters.validate()
    return parameters
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
        let parameters = try runParameters(options.pointee)
        let capacity = try Buffer.count(bundleCapacity, "bundle_capacity")
        let result = try Buffer.required(result, "result")
        let market = try AuctionMarket(
            valuations: Matrix(rows: n, columns: r, storage: Buffer.read(valuations, cells, "valuations")),
            budgets: Buffer.read(budgets, n, "budgets"), supplies: Buffer.read(supplies, r, "supplies"))
        let pricesOut = try Buffer.output(prices, r, "prices")
        let utilitiesOut = try Buffer.output(utilities, n, "utilities")
        let paidOut = try Buffer.output(pricesPaid, n, "prices_paid")
        let indptrOut = try Buffer.output(bundleIndptr, n + 1, "bundle_indptr")
        let indicesOut = try Buffer.output(bundleIndices, capacity, "bundle_indices")
        let quantitiesOut = try Buffer.output(bundleQuantities, capacity, "bundle_quantities")
        let envyOut = envyPerAgent.map { UnsafeMutableBufferPointer(start: $0, count: n) }

        let threads = options.pointee.threads == 0 ? nil : Int(options.pointee.threads)
        let outcome = try AuctionKernels.run(market, parameters: parameters, threads: threads)
        let entries = outcome.bundles.columns.count
        result.pointee = ae_auction_result(
            converged: outcome.converged ? 1 : 0, rounds: Int32(clamping: outcome.roundsToConverge),
            bundle_entries: Int64(entries), envy_violation_count: Int64(outcome.envy.violationCount),
            largest_envy_gap: outcome.envy.largestGap, total_utility: outcome.totalUtility,
            max_excess: outcome.certificate.maxExcess, equilibrium_gap: outcome.certificate.equilibriumGap)
        if entries > capacity {
            throw CallError(
                status: AE_ERROR_CAPACITY,
                message: "bundle_capacity must be at least \(entries) (the bundles' entries), got \(capacity)")
        }
        for j in 0..<r { pricesOut[j] = outcome.prices[j] }
        for i in 0..<n {
            utilitiesOut[i] = outcome.utilities[i]
            paidOut[i] = outcome.pricesPaid[i]
        }
        for i in 0...n { indptrOut[i] = Int64(outcome.bundles.rowOffsets[i]) }
        for k in 0..<entries {
            indicesOut[k] = outcome.bundles.columns[k]
            quantitiesOut[k] = outcome.bundles.values[k]
        }
        if let envyOut {
            for i in 0..<n { envyOut[i] = Int64(outcome.envy.violations.count(ofAgent: i)) }
        }
    }
}
