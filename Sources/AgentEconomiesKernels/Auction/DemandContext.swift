import AgentEconomiesSIMD

/// Borrowed pointers to a market and its prices, for the demand walk of one agent.
struct DemandContext: @unchecked Sendable {
    let valuations: UnsafePointer<Double>
    let valued: UnsafePointer<Bool>?
    let prices: UnsafePointer<Double>
    let inversePrices: UnsafePointer<Double>
    let supplies: UnsafePointer<Double>
    let ranks: UnsafePointer<Int32>
    let budgets: UnsafePointer<Double>
    let resources: Int
    /// Some price is so small that its inverse is infinite: a zero valuation then screens as
    /// NaN (0 x inf) and a positive one as infinite, so every pick is decided with exact
    /// ratios (the screening would skip the NaN entries).
    let exactOnly: Bool

    /// Picks found by scanning the row before the rest of the row is sorted.
    static let scansBeforeSort = 4
    /// Relative slack of the screening: `v * (1/p)` is within 3 units of roundoff of
    /// `v / p` (two roundings against one), so every resource whose exact ratio could be
    /// the best has a screening ratio within this much of the largest one.
    static let screeningSlack = 16 * Double.ulpOfOne
    /// Below this magnitude the relative bound above no longer holds (subnormals); such
    /// rows are decided with exact ratios throughout.
    static let screeningFloor = 1e-290

    /// Walks one agent's buying order at the current prices and reports each
    /// `(resource, quantity)` it demands, in order.
    ///
    /// The reference's rule: remaining = budget; for each valued resource by value per price
    /// (greatest first; ties by greater tie rank), stop when remaining <= 0, else buy
    /// `min(remaining / price, supply)`; a positive quantity is demanded and its cost leaves
    /// the budget. Zero and negative valuations are walked too.
    ///
    /// The order is decided exactly, without sorting the row: a vectorisable pass computes
    /// screening ratios `v * (1/p)` and their maximum; only resources within
    /// ``screeningSlack`` of it get the exact `v / p` and the tie rule, so the choice is the
    /// reference's. After ``scansBeforeSort`` picks the rest of the row is sorted exactly.
    @inline(__always)
    func walk(agent: Int, scratch: DemandScratch, emit: (Int, Double) -> Void) {
        var remaining = budgets[agent]
        if !(remaining > 0) || resources == 0 { return }
        let row = valuations + agent * resources
        let mask = valued.map { $0 + agent * resources }
        scratch.pickedCount = 0
        let approximate = scratch.approximate
        // Screening pass: approximate ratios and their maximum.
        var candidates = resources
        var largest: Double
        if let mask {
            candidates = 0
            for r in 0..<resources {
                approximate[r] = mask[r] ? row[r] * inversePrices[r] : -.infinity
                if mask[r] { candidates += 1 }
            }
            if candidates == 0 { return }
            largest = maximum(approximate)
        } else if exactOnly {
            largest = .nan
        } else {
            largest = aek_screen_products(row, inversePrices, approximate, resources)
        }
        while true {
            // The best remaining resource, decided exactly among the screened candidates.
            var best = -1
            var bestRatio = 0.0
            if !exactOnly && largest.isFinite && abs(largest) >= Self.screeningFloor {
                let threshold = largest - Self.screeningSlack * abs(largest)
                // The entries at or above the threshold as bits, 64 entries per word, visited
                // in ascending order.
                var first = 0
                while first < resources {
                    let count = min(64, resources &- first)
                    var hits = aek_screen_hits(approximate + first, count, threshold)
                    while hits != 0 {
                        let r = first &+ hits.trailingZeroBitCount
                        hits &= hits &- 1
                        let ratio = row[r] / prices[r]
                        if best < 0 || ratio > bestRatio || (ratio == bestRatio && ranks[r] > ranks[best]) {
                            best = r
                            bestRatio = ratio
                        }
                    }
                    first &+= 64
                }
            }
            if best < 0 {
                for r in 0..<resources where (mask?[r] ?? true) && !scratch.wasPicked(r) {
                    let ratio = row[r] / prices[r]
                    if best < 0 || ratio > bestRatio || (ratio == bestRatio && ranks[r] > ranks[best]) {
                        best = r
                        bestRatio = ratio
                    }
                }
            }
            // Buy it.
            approximate[best] = -.infinity
            scratch.picked[scratch.pickedCount] = best
            scratch.pickedCount += 1
            let price = prices[best]
            let quantity = min(remaining / price, supplies[best])
            if quantity > 0 {
                emit(best, quantity)
                remaining -= quantity * price
            }
            if !(remaining > 0) || scratch.pickedCount == candidates { return }
            if scratch.pickedCount >= Self.scansBeforeSort { break }
            largest = maximum(approximate)
        }
        // A long walk: sort what is left by exact ratio and walk it.
        scratch.order.removeAll(keepingCapacity: true)
        let ratios = scratch.ratios
        for r in 0..<resources where (mask?[r] ?? true) && !scratch.wasPicked(r) {
            ratios[r] = row[r] / prices[r]
            scratch.order.append(r)
        }
        scratch.order.sort { a, b in ratios[a] > ratios[b] || (ratios[a] == ratios[b] && ranks[a] > ranks[b]) }
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

    /// The largest of the first `resources` values (the padding is -infinity).
    @inline(__always)
    func maximum(_ values: UnsafePointer<Double>) -> Double {
        var lanes = SIMD4<Double>(repeating: -.infinity)
        var r = 0
        while r < resources {
            let chunk = UnsafeRawPointer(values + r).loadUnaligned(as: SIMD4<Double>.self)
            lanes = lanes.replacing(with: chunk, where: chunk .> lanes)
            r += 4
        }
        return lanes.max()
    }
}

/// Runs `body` with a ``DemandContext`` over `market` at `prices`.
func withDemandContext<R>(_ market: AuctionMarket, prices: [Double], _ body: (DemandContext) -> R) -> R {
    let inverse = prices.map { 1.0 / $0 }
    return market.valuations.withUnsafeBufferPointer { values in
        prices.withUnsafeBufferPointer { priceBuffer in
            inverse.withUnsafeBufferPointer { inverseBuffer in
                market.supplies.withUnsafeBufferPointer { supplyBuffer in
                    market.tieRanks.withUnsafeBufferPointer { rankBuffer in
                        market.budgets.withUnsafeBufferPointer { budgetBuffer in
                            func run(_ mask: UnsafePointer<Bool>?) -> R {
                                body(
                                    DemandContext(
                                        valuations: values.baseAddress!, valued: mask,
                                        prices: priceBuffer.baseAddress!,
                                        inversePrices: inverseBuffer.baseAddress!,
                                        supplies: supplyBuffer.baseAddress!,
                                        ranks: rankBuffer.baseAddress!, budgets: budgetBuffer.baseAddress!,
                                        resources: market.resourceCount,
                                        exactOnly: inverse.contains { !$0.isFinite }))
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
}

extension AuctionKernels {
    /// The instruction set of the demand walk's screening passes in this process: `avx2`,
    /// `sse2` or `plain` (chosen when the library loads; `AGENT_ECONOMIES_SIMD=sse2` or
    /// `=plain` asks for a lower one). Every variant gives the same demands, bit for bit.
    package static var screeningInstructionSet: String {
        switch aek_screen_level() {
        case 2: "avx2"
        case 1: "sse2"
        default: "plain"
        }
    }
}
