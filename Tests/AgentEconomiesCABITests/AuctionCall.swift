import AgentEconomiesCHeader

/// One `ae_auction_run` call on the quick-start market (2 agents, 3 resources), every
/// argument valid and every output sized until a test replaces one.
struct AuctionCall {
    let scratch = Scratch()
    var agents: Int64 = 2
    var resources: Int64 = 3
    var valuations: UnsafePointer<Double>?
    var budgets: UnsafePointer<Double>?
    var supplies: UnsafePointer<Double>?
    var options: UnsafeMutablePointer<ae_auction_options>?
    var prices: UnsafeMutablePointer<Double>?
    var utilities: UnsafeMutablePointer<Double>?
    var pricesPaid: UnsafeMutablePointer<Double>?
    var bundleIndptr: UnsafeMutablePointer<Int64>?
    var bundleIndices: UnsafeMutablePointer<Int32>?
    var bundleQuantities: UnsafeMutablePointer<Double>?
    var bundleCapacity: Int64 = 6
    var envyPerAgent: UnsafeMutablePointer<Int64>?
    var result: UnsafeMutablePointer<ae_auction_result>?

    init() {
        valuations = UnsafePointer(scratch.array(Fixture.valuations))
        budgets = UnsafePointer(scratch.array(Fixture.budgets))
        supplies = UnsafePointer(scratch.array(Fixture.supplies))
        let options = scratch.value(ae_auction_options())
        ae_auction_options_default(options)
        self.options = options
        prices = scratch.buffer(3, -1.0)
        utilities = scratch.buffer(2, -1.0)
        pricesPaid = scratch.buffer(2, -1.0)
        bundleIndptr = scratch.buffer(3, Int64(-1))
        bundleIndices = scratch.buffer(6, Int32(-1))
        bundleQuantities = scratch.buffer(6, -1.0)
        envyPerAgent = scratch.buffer(2, Int64(-1))
        result = scratch.value(ae_auction_result())
    }

    func run() -> Outcome {
        capture {
            ae_auction_run(
                agents, resources, valuations, budgets, supplies, options, prices, utilities, pricesPaid, bundleIndptr,
                bundleIndices, bundleQuantities, bundleCapacity, envyPerAgent, result, $0, $1)
        }
    }

    /// A modified copy (the buffers stay shared).
    func with(_ change: (inout AuctionCall) -> Void) -> AuctionCall {
        var copy = self
        change(&copy)
        return copy
    }
}

/// One `ae_auction_run_market` call on a three-agent market whose tatonnement, cut at three
/// rounds with no envy tolerance, leaves agent 0 envying agents 1 and 2; outputs kept for
/// inspection, filled with sentinels (-1) first.
struct MarketCall {
    static let valuations: [Double] = [1, 2, 3, 3, 2, 1, 2, 2, 2]
    static let budgets: [Double] = [5, 20, 10]
    static let supplies: [Double] = [1, 2, 1]

    var options = ae_auction_options()
    var valued: [UInt8]? = nil
    var prices = [Double](repeating: -1, count: 3)
    var utilities = [Double](repeating: -1, count: 3)
    var pricesPaid = [Double](repeating: -1, count: 3)
    var bundleIndptr = [Int64](repeating: -1, count: 4)
    var bundleIndices = [Int32](repeating: -1, count: 9)
    var bundleQuantities = [Double](repeating: -1, count: 9)
    var envyIndptr = [Int64](repeating: -1, count: 4)
    var envyIndices = [Int64](repeating: -1, count: 4)
    var envyGaps = [Double](repeating: -1, count: 4)
    var result = ae_auction_result()

    init() {
        ae_auction_options_default(&options)
        options.max_rounds = 3
        options.envy_tolerance = 0
    }

    /// Runs it with room for `envyCapacity` violations; `list` false passes envy_indices and
    /// envy_gaps as NULL (counts only).
    mutating func run(envyCapacity: Int64 = 4, list: Bool = true) -> Outcome {
        let s = Scratch()
        let mask = valued.map { UnsafePointer(s.array($0)) }
        let indices = list ? s.array(envyIndices) : nil, gaps = list ? s.array(envyGaps) : nil
        let outcome = capture {
            ae_auction_run_market(
                3, 3, Self.valuations, mask, nil, Self.budgets, Self.supplies, &options, &prices, &utilities, &pricesPaid,
                &bundleIndptr, &bundleIndices, &bundleQuantities, 9, &envyIndptr, indices, gaps, envyCapacity, &result, $0, $1)
        }
        if let indices, let gaps {
            envyIndices = Array(UnsafeBufferPointer(start: indices, count: 4))
            envyGaps = Array(UnsafeBufferPointer(start: gaps, count: 4))
        }
        return outcome
    }
}
