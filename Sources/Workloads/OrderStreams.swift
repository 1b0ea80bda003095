import AgentEconomiesKernels

/// A pre-generated stream of orders for the high-frequency negotiation engine, in columns:
/// who sends each order, its kind, quantity and limit price, and how many orders make a tick.
/// `hfn.submit_match`, `hfn.object_api` and the HFN engine's stream tests replay it.
package struct OrderStream: Sendable {
    /// What an order does.
    package enum Kind: UInt8, Sendable {
        /// Buy up to the quantity at the limit price or below.
        case bid = 0
        /// Sell up to the quantity at the limit price or above.
        case ask = 1
        /// Withdraw the agent's resting orders.
        case cancel = 2
    }

    /// The sender of each order, in `0..<agentCount`.
    package var agents: [Int32] = []
    /// The kind of each order.
    package var kinds: [Kind] = []
    /// Each order's quantity, a whole number from 1 to 10.
    package var quantities: [Double] = []
    /// Each order's limit price, on a 0.01 grid.
    package var prices: [Double] = []
    /// Orders per tick: a tick ends after every `ordersPerTick` orders.
    package var ordersPerTick: Int

    /// Number of orders.
    package var count: Int { kinds.count }

    /// `orders` orders from `agentCount` agents, `ordersPerTick` per tick, 5% cancels and
    /// the rest bids and asks about evenly; the mid price starts at 100 and moves 0.1% up or
    /// down at the start of every tick (a random walk), limit prices are within -2%..+1% of
    /// the mid for bids and -1%..+2% for asks, rounded to 0.01, so about a third of the
    /// orders cross and the rest rest or are cancelled. Orders are drawn one after another,
    /// so a shorter stream with the same seed and tick length is a prefix of a longer one.
    ///
    /// - Precondition: `agentCount > 0` and `ordersPerTick > 0`.
    /// - Complexity: O(orders).
    package init(orders: Int, agentCount: Int, ordersPerTick: Int, seed: UInt64) {
        precondition(agentCount > 0 && ordersPerTick > 0, "OrderStream: no agents or an empty tick")
        self.ordersPerTick = ordersPerTick
        var random = FastRandom(seed: seed)
        agents.reserveCapacity(orders)
        kinds.reserveCapacity(orders)
        quantities.reserveCapacity(orders)
        prices.reserveCapacity(orders)
        var mid = 100.0
        for index in 0..<orders {
            if index % ordersPerTick == 0 { mid *= random.random() < 0.5 ? 0.999 : 1.001 }
            agents.append(Int32(random.next() % UInt64(agentCount)))
            let draw = random.random()
            let kind: Kind = draw < 0.05 ? .cancel : (draw < 0.525 ? .bid : .ask)
            kinds.append(kind)
            quantities.append(Double(1 + random.next() % 10))
            let offset = kind == .bid ? random.uniform(-0.02, 0.01) : random.uniform(-0.01, 0.02)
            prices.append(((mid * (1 + offset)) * 100).rounded() / 100)
        }
    }
}
