import AgentEconomiesCABI
import AgentEconomiesCHeader

/// The C ABI as a C caller drives it: sizes, values, options, capacities and handles chosen
/// by the fuzzer over buffers it allocates at exactly the sizes it declares (AddressSanitizer
/// catches a write one past them). Every call returns a documented status; a failed call
/// leaves a NUL-terminated, non-empty message within `error_size` bytes and never writes past
/// them. Successful calls are checked: bundles and envy lists well formed and consistent with
/// the counts, budgets respected, dense and sparse clusters equal, pairs ordered above the
/// threshold, spillover independent of threads with harm `(1 - p) x amplification`, Shapley
/// values efficient, rewards within the pool, order books never negative. Stale, foreign and
/// NULL handles get an error.
enum CABITarget {
    static let target = FuzzTarget(
        name: "c-abi",
        summary: "C ABI calls over fuzzer-owned buffers: statuses, messages, outputs, handles"
    ) { bytes in
        var input = FuzzInput(bytes)
        let session = CABISession(errorSizeSeed: Int(input.byte()))
        for _ in 0..<12 where !input.isExhausted {
            switch input.int(0...16) {
            case 0: session.auctionRun(&input)
            case 1: session.auctionMarket(&input)
            case 2: session.sybilClusters(&input)
            case 3: session.similarPairs(&input)
            case 4: session.spillover(&input)
            case 5: session.optimal(&input)
            case 6: session.missionRewards(&input)
            case 7: session.missionShapley(&input)
            case 8: session.crashDetector(&input)
            case 9, 10: session.hfn(&input)
            case 11: session.permeabilityModel(&input)
            case 12: session.sybilLever(&input)
            case 13: session.identityRegistry(&input)
            case 14: session.missionEconomy(&input)
            case 15: session.payoffs(&input)
            default: session.foreignHandles(&input)
            }
        }
        session.destroyAll()
    }
}
