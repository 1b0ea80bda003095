/// The plain baseline: the auction's rules written the way the reference writes them, with
/// dictionaries keyed by names, a full sort of every agent's ratios each round, and sums
/// over per-agent bundle dictionaries. Same answers as the kernels, none of their layout.
struct ReferenceStyleAuction {
    struct Bid {
        var agentID: String
        var valuations: [String: Double]
        var budget: Double
    }

    var bids: [Bid]
    var resources: [(String, Double)]

    /// Every agent's demand at `prices`, as the reference computes it.
    func demands(prices: [String: Double]) -> [(String, [(String, Double)])] {
        let supply = Dictionary(uniqueKeysWithValues: resources)
        return bids.map { bid in
            var ratios: [(Double, String, Double)] = []
            for (name, value) in bid.valuations {
                if let price = prices[name], price > 0 { ratios.append((value / price, name, value)) }
            }
            ratios.sort { $0 > $1 }
            var remaining = bid.budget
            var demanded: [(String, Double)] = []
            for (_, name, _) in ratios {
                if remaining <= 0 { break }
                let price = prices[name]!
                let quantity = min(remaining / price, supply[name] ?? 0)
                if quantity > 0 {
                    demanded.append((name, quantity))
                    remaining -= quantity * price
                }
            }
            return (bid.agentID, demanded)
        }
    }

    /// `rounds` rounds of tatonnement (no early stop), returning the prices.
    func tatonnement(rounds: Int, rate: Double = 0.1) -> [String: Double] {
        var prices = Dictionary(uniqueKeysWithValues: resources.map { ($0.0, 1.0) })
        for _ in 0..<rounds {
            var total: [String: Double] = [:]
            for (_, bundle) in demands(prices: prices) {
                for (name, quantity) in bundle { total[name, default: 0] += quantity }
            }
            for (name, supply) in resources {
                let excess = (total[name] ?? 0) - supply
                prices[name] = max(0.01, prices[name]! * (1 + rate * (excess / max(supply, 1e-10))))
            }
        }
        return prices
    }

    /// The reference's pairwise envy check; returns the number of violations.
    func envyViolations(bundles: [String: [String: Double]], prices: [String: Double], tolerance: Double) -> Int {
        var count = 0
        for mine in bids {
            let myBundle = bundles[mine.agentID] ?? [:]
            var myUtility = 0.0
            for (name, quantity) in myBundle { myUtility += (mine.valuations[name] ?? 0) * quantity }
            for other in bids where other.agentID != mine.agentID {
                let otherBundle = bundles[other.agentID] ?? [:]
                var cost = 0.0
                for (name, quantity) in otherBundle { cost += (prices[name] ?? 0) * quantity }
                if cost > mine.budget + tolerance { continue }
                var value = 0.0
                for (name, quantity) in otherBundle { value += (mine.valuations[name] ?? 0) * quantity }
                if value - myUtility > tolerance { count += 1 }
            }
        }
        return count
    }
}
