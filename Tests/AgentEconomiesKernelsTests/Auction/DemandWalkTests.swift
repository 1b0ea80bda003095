import AgentEconomiesKernels
import Testing

/// The demand walk (`AuctionKernels.demands`) against the rule written plainly: every valued
/// resource by exact value per price, greatest first, ties by the greater tie rank, each
/// bought up to its supply while budget remains. Markets are built to hit the screening's
/// edges: exact ties, ratios one ulp apart, zero and negative valuations, a price so small
/// that its inverse is infinite (0 x inf is NaN), and resource counts that are not whole
/// SIMD chunks. (The subnormal price found a bug: the screening skipped the NaN entries and
/// bought a negative ratio before a zero one; such markets are now decided exactly.)
@Suite struct DemandWalkTests {
    /// The rule, one agent at a time.
    func plainDemands(_ market: AuctionMarket, prices: [Double]) -> [[(Int32, Double)]] {
        let resources = market.resourceCount
        return (0..<market.agentCount).map { agent in
            var remaining = market.budgets[agent]
            var rows: [(Int32, Double)] = []
            if !(remaining > 0) { return rows }
            let order = (0..<resources).filter { market.valued?[agent * resources + $0] ?? true }.sorted { a, b in
                let ra = market.valuations[agent, a] / prices[a], rb = market.valuations[agent, b] / prices[b]
                return ra > rb || (ra == rb && market.tieRanks[a] > market.tieRanks[b])
            }
            for r in order {
                let quantity = min(remaining / prices[r], market.supplies[r])
                if quantity > 0 {
                    rows.append((Int32(r), quantity))
                    remaining -= quantity * prices[r]
                }
                if !(remaining > 0) { break }
            }
            return rows
        }
    }

    @Test(
        "the walk buys what the plain rule buys, bit for bit",
        arguments: [1, 3, 4, 5, 7, 8, 13, 64, 65, 130])
    func walkEqualsRule(resources: Int) throws {
        var random = FastRandom(seed: UInt64(resources), stream: 1)
        func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &random) }
        for trial in 0..<6 {
            let agents = 300
            // Few distinct values and prices, so exact ties are common; some values nudged by
            // one ulp, so near-ties sit inside the screening's slack.
            let levels: [Double] = [0, 1, 2, 3, 5, -1]
            var values = (0..<(agents * resources)).map { _ in levels[below(levels.count)] }
            for index in values.indices where below(5) == 0 { values[index] = values[index].nextUp }
            let priceLevels: [Double] = trial >= 4 ? [1e-310, 1, 2] : [0.5, 1, 2, 3, 1.0.nextUp]
            let prices = (0..<resources).map { _ in priceLevels[below(priceLevels.count)] }
            let budgets = (0..<agents).map { _ in Double(below(40)) / 4 }
            let supplies = (0..<resources).map { _ in trial % 2 == 0 ? 1e9 : 0.25 + Double(below(8)) / 4 }
            let valued: [Bool]? = trial == 3 ? (0..<(agents * resources)).map { _ in below(3) != 0 } : nil
            let market = try AuctionMarket(
                valuations: try Matrix(rows: agents, columns: resources, storage: values), valued: valued,
                budgets: budgets, supplies: supplies)
            let walked = try AuctionKernels.demands(market, prices: prices, threads: 2)
            let expected = plainDemands(market, prices: prices)
            var mismatches = 0, first = ""
            for agent in 0..<agents {
                let range = walked.rowOffsets[agent]..<walked.rowOffsets[agent + 1]
                let got = range.map { (walked.columns[$0], walked.values[$0]) }
                if got.count != expected[agent].count
                    || zip(got, expected[agent]).contains(where: { $0.0 != $1.0 || $0.1 != $1.1 })
                {
                    if mismatches == 0 {
                        let row = (0..<resources).map { market.valuations[agent, $0] }
                        first = "agent \(agent): values \(row), got \(got), expected \(expected[agent])"
                    }
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "\(resources) resources, trial \(trial); prices \(prices); first \(first)")
        }
    }
}
