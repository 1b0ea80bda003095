/// Per-thread scratch of the demand walk: value-per-price ratios and which resources an
/// agent has already bought.
struct DemandScratch {
    var ratios: [Double]
    var taken: [Bool]
    var order: [Int]

    init(resources: Int) {
        ratios = [Double](repeating: 0, count: resources)
        taken = [Bool](repeating: false, count: resources)
        order = []
        order.reserveCapacity(resources)
    }
}

/// Borrowed pointers to a market and its prices, for the demand walk of one agent.
struct DemandContext: @unchecked Sendable {
    let valuations: UnsafePointer<Double>
    let valued: UnsafePointer<Bool>?
    let prices: UnsafePointer<Double>
    let supplies: UnsafePointer<Double>
    let ranks: UnsafePointer<Int32>
    let budgets: UnsafePointer<Double>
    let resources: Int

    /// Picks that are found by rescanning the row before the rest is sorted.
    static let scansBeforeSort = 4

    /// Whether resource `a` comes before `b` in the agent's buying order: greater value per
    /// price first, ties by greater tie rank (the reference: greater resource name).
    @inline(__always)
    func precedes(_ a: Int, _ b: Int, _ ratios: UnsafeMutablePointer<Double>) -> Bool {
        let ra = ratios[a], rb = ratios[b]
        return ra > rb || (ra == rb && ranks[a] > ranks[b])
    }

    /// Walks one agent's buying order at the current prices and reports each
    /// `(resource, quantity)` it demands, in order.
    ///
    /// The reference's rule: remaining = budget; for each valued resource by value per price
    /// (best first), stop when remaining <= 0, else buy `min(remaining / price, supply)`;
    /// a positive quantity is demanded and its cost leaves the budget. Zero and negative
    /// valuations are walked too. Instead of sorting the row, the best remaining resource is
    /// found by a scan; after ``scansBeforeSort`` picks the rest of the row is sorted.
    @inline(__always)
    func walk(agent: Int, scratch: inout DemandScratch, emit: (Int, Double) -> Void) {
        var remaining = budgets[agent]
        if !(remaining > 0) || resources == 0 { return }
        let row = valuations + agent * resources
        let mask = valued.map { $0 + agent * resources }
        scratch.ratios.withUnsafeMutableBufferPointer { ratioBuffer in
            scratch.taken.withUnsafeMutableBufferPointer { takenBuffer in
                let ratios = ratioBuffer.baseAddress!
                let taken = takenBuffer.baseAddress!
                // First pass: every ratio, and the best resource.
                var best = -1
                var candidates = 0
                if let mask {
                    for r in 0..<resources {
                        let isValued = mask[r]
                        taken[r] = !isValued
                        if isValued {
                            ratios[r] = row[r] / prices[r]
                            candidates += 1
                            if best < 0 || precedes(r, best, ratios) { best = r }
                        }
                    }
                } else {
                    for r in 0..<resources { ratios[r] = row[r] / prices[r] }
                    best = 0
                    for r in 1..<max(resources, 1) where precedes(r, best, ratios) { best = r }
                    for r in 0..<resources { taken[r] = false }
                    candidates = resources
                }
                var picks = 0
                while best >= 0 {
                    // Buy `best`.
                    taken[best] = true
                    picks += 1
                    let price = prices[best]
                    let quantity = min(remaining / price, supplies[best])
                    if quantity > 0 {
                        emit(best, quantity)
                        remaining -= quantity * price
                    }
                    if !(remaining > 0) || picks == candidates { return }
                    best = -1
                    if picks >= Self.scansBeforeSort { break }
                    for r in 0..<resources where !taken[r] {
                        if best < 0 || precedes(r, best, ratios) { best = r }
                    }
                }
                // Many picks: sort what is left and walk it.
                scratch.order.removeAll(keepingCapacity: true)
                for r in 0..<resources where !taken[r] { scratch.order.append(r) }
                scratch.order.sort { precedes($0, $1, ratios) }
                for r in scratch.order {
                    let price = prices[r]
                    let quantity = min(remaining / price, supplies[r])
                    if quantity > 0 {
                        emit(r, quantity)
                        remaining -= quantity * price
                    }
                    if !(remaining > 0) { return }
                }
            }
        }
    }
}

/// Runs `body` with a ``DemandContext`` over `market` at `prices`.
func withDemandContext<R>(_ market: AuctionMarket, prices: [Double], _ body: (DemandContext) -> R) -> R {
    market.valuations.withUnsafeBufferPointer { values in
        prices.withUnsafeBufferPointer { priceBuffer in
            market.supplies.withUnsafeBufferPointer { supplyBuffer in
                market.tieRanks.withUnsafeBufferPointer { rankBuffer in
                    market.budgets.withUnsafeBufferPointer { budgetBuffer in
                        func run(_ mask: UnsafePointer<Bool>?) -> R {
                            body(DemandContext(valuations: values.baseAddress!, valued: mask,
                                               prices: priceBuffer.baseAddress!, supplies: supplyBuffer.baseAddress!,
                                               ranks: rankBuffer.baseAddress!, budgets: budgetBuffer.baseAddress!,
                                               resources: market.resourceCount))
                        }
                        if let valued = market.valued {
                            return valued.withUnsafeBufferPointer { run($0.baseAddress!) }
                        }
                        return run(nil)
                    }
                }
            }
        }
    }
}
