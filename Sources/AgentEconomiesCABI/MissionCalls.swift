import AgentEconomiesCHeader
import AgentEconomiesKernels

/// The kernels' names of a ledger's columns and the C arguments they come from.
private let ledgerNames: KeyValuePairs<String, String> = [
    "MissionLedger.contributionOffsets": "offsets", "MissionLedger.recordedItems": "recorded_items",
    "MissionLedger.interactionItems": "interaction_items", "MissionLedger.p": "p", "MissionLedger.accepted": "accepted",
]

/// A mission ledger from caller columns (see the header), every offset and item checked.
func missionLedger(
    contributors: Int64, offsets: UnsafePointer<Int64>?, recordedItems: UnsafePointer<Int32>?, itemCount: Int64,
    n: Int64, p: UnsafePointer<Double>?, accepted: UnsafePointer<UInt8>?, interactionItems: UnsafePointer<Int32>?
) throws -> MissionLedger {
    let rows = try Buffer.count(contributors, "contributors")
    let rowOffsets = try Buffer.read(offsets, rows + 1, "offsets")
    let recorded = try Buffer.count(rowOffsets[rows], "offsets[contributors]")
    let count = try Buffer.count(n, "n")
    let flags = try Buffer.read(accepted, count, "accepted")
    for (index, value) in flags.enumerated() where value > 1 {
        throw CallError(status: AE_ERROR_OUT_OF_RANGE, message: "accepted[\(index)] must be 0 or 1, got \(value)")
    }
    let items = try Buffer.read(recordedItems, recorded, "recorded_items"), known = try Buffer.count(itemCount, "item_count")
    let quality = try Buffer.read(p, count, "p"), interactions = try Buffer.read(interactionItems, count, "interaction_items")
    return try renamingFields(ledgerNames) {
        try MissionLedger(
            contributionOffsets: rowOffsets.map { Int($0) }, recordedItems: items, itemCount: known, p: quality,
            accepted: flags.map { $0 == 1 }, interactionItems: interactions)
    }
}

/// Writes a payout into the caller's columns (capacity `contributors` each).
func writePayout(
    _ payout: MissionPayout, capacity: Int, rows: UnsafeMutablePointer<Int64>?, amounts: UnsafeMutablePointer<Double>?,
    count: UnsafeMutablePointer<Int64>?
) throws {
    let rowsOut = try Buffer.output(rows, capacity, "paid_rows")
    let amountsOut = try Buffer.output(amounts, capacity, "amounts")
    let countOut = try Buffer.required(count, "paid_count")
    for (index, row) in payout.rows.enumerated() {
        rowsOut[index] = Int64(row)
        amountsOut[index] = payout.amounts[index]
    }
    countOut.pointee = Int64(payout.rows.count)
}

/// `ae_mission_rewards`.
@c(ae_mission_rewards)
public func aeMissionRewards(
    _ strategy: Int32, _ contributors: Int64, _ offsets: UnsafePointer<Int64>?, _ recordedItems: UnsafePointer<Int32>?,
    _ itemCount: Int64, _ n: Int64, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?,
    _ interactionItems: UnsafePointer<Int32>?, _ pool: Double, _ paidRows: UnsafeMutablePointer<Int64>?,
    _ amounts: UnsafeMutablePointer<Double>?, _ paidCount: UnsafeMutablePointer<Int64>?,
    _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        try Validate.nonNegative(pool, "pool")
        let ledger = try missionLedger(
            contributors: contributors, offsets: offsets, recordedItems: recordedItems, itemCount: itemCount, n: n,
            p: p, accepted: accepted, interactionItems: interactionItems)
        let payout: MissionPayout
        switch strategy {
        case AE_REWARD_EQUAL: payout = MissionKernels.equal(ledger, pool: pool)
        case AE_REWARD_PROPORTIONAL: payout = MissionKernels.proportional(ledger, pool: pool)
        case AE_REWARD_LEAVE_ONE_OUT: payout = MissionKernels.leaveOneOut(ledger, pool: pool)
        default:
            throw CallError.option(
                "strategy", strategy, "AE_REWARD_EQUAL (0), AE_REWARD_PROPORTIONAL (1), AE_REWARD_LEAVE_ONE_OUT (2)")
        }
        try writePayout(payout, capacity: ledger.contributorCount, rows: paidRows, amounts: amounts, count: paidCount)
    }
}

/// The kernels' names of the Shapley options and the C fields they come from.
private let shapleyNames: KeyValuePairs<String, String> = [
    "SamplingParameters.maxPermutations": "options.max_permutations",
    "SamplingParameters.roundPermutations": "options.round_permutations",
    "SamplingParameters.targetStandardError": "options.target_standard_error",
    "RegressionParameters.coalitions": "options.coalitions",
]

/// The Shapley method of C options.
func shapleyMethod(_ options: ae_shapley_options) throws -> ShapleyMethod {
    switch options.method {
    case AE_SHAPLEY_AUTOMATIC: return .automatic
    case AE_SHAPLEY_EXACT: return .exact
    case AE_SHAPLEY_PERMUTATION:
        try Validate.finite(options.target_standard_error, "options.target_standard_error")
        let parameters = ShapleyKernels.SamplingParameters(
            maxPermutations: Int(options.max_permutations),
            targetStandardError: options.target_standard_error > 0 ? options.target_standard_error : nil,
            roundPermutations: Int(options.round_permutations), seed: options.seed)
        try renamingFields(shapleyNames) { try parameters.validate() }
        return .permutation(parameters)
    case AE_SHAPLEY_REGRESSION:
        let parameters = ShapleyKernels.RegressionParameters(coalitions: Int(options.coalitions), seed: options.seed)
        try renamingFields(shapleyNames) { try parameters.validate() }
        return .regression(parameters)
    default:
        throw CallError.option(
            "options.method", options.method,
            "AE_SHAPLEY_AUTOMATIC (0), AE_SHAPLEY_EXACT (1), AE_SHAPLEY_PERMUTATION (2), AE_SHAPLEY_REGRESSION (3)")
    }
}

/// `ae_shapley_options_default`.
@c(ae_shapley_options_default)
public func aeShapleyOptionsDefault(_ options: UnsafeMutablePointer<ae_shapley_options>?) {
    let sampling = ShapleyKernels.SamplingParameters(), regression = ShapleyKernels.RegressionParameters()
    options?.pointee = ae_shapley_options(
        struct_size: MemoryLayout<ae_shapley_options>.size, method: AE_SHAPLEY_AUTOMATIC,
        max_permutations: Int64(sampling.maxPermutations), target_standard_error: 0,
        round_permutations: Int64(sampling.roundPermutations), coalitions: Int64(regression.coalitions), seed: 0)
}

/// `ae_mission_shapley`.
@c(ae_mission_shapley)
public func aeMissionShapley(
    _ contributors: Int64, _ offsets: UnsafePointer<Int64>?, _ recordedItems: UnsafePointer<Int32>?, _ itemCount: Int64,
    _ n: Int64, _ p: UnsafePointer<Double>?, _ accepted: UnsafePointer<UInt8>?, _ interactionItems: UnsafePointer<Int32>?,
    _ objectives: Int64, _ metrics: UnsafePointer<Int32>?, _ targets: UnsafePointer<Double>?,
    _ weights: UnsafePointer<Double>?, _ options: UnsafePointer<ae_shapley_options>?,
    _ players: UnsafeMutablePointer<Int64>?, _ values: UnsafeMutablePointer<Double>?,
    _ standardErrors: UnsafeMutablePointer<Double>?, _ playerCount: UnsafeMutablePointer<Int64>?,
    _ grandValue: UnsafeMutablePointer<Double>?, _ error: UnsafeMutablePointer<CChar>?, _ errorSize: Int
) -> ae_status {
    call(error, errorSize) {
        guard let options else { throw CallError.null("options") }
        try checkStructSize(options.pointee.struct_size, MemoryLayout<ae_shapley_options>.size, "options")
        let method = try shapleyMethod(options.pointee)
        let ledger = try missionLedger(
            contributors: contributors, offsets: offsets, recordedItems: recordedItems, itemCount: itemCount, n: n,
            p: p, accepted: accepted, interactionItems: interactionItems)
        let columns = try objectiveColumns(objectives, metrics, targets, weights)
        let (rows, estimate) = try MissionKernels.shapleyValues(ledger, objectives: columns, method: method)
        let capacity = ledger.contributorCount
        let playersOut = try Buffer.output(players, capacity, "players")
        let valuesOut = try Buffer.output(values, capacity, "values")
        for (index, row) in rows.enumerated() {
            playersOut[index] = Int64(row)
            valuesOut[index] = estimate.values[index]
            // Regression estimates carry no standard errors: NaN then.
            standardErrors?[index] = index < estimate.standardErrors.count ? estimate.standardErrors[index] : .nan
        }
        try Buffer.required(playerCount, "player_count").pointee = Int64(rows.count)
        grandValue?.pointee = estimate.grandValue
    }
}
