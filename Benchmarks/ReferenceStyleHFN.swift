import AgentEconomies

/// The plain baseline of the order book: the reference's layout, with each side one array
/// re-sorted after every insertion, cancels by filtering both arrays, fills removed from the
/// front, and per-agent counts in a dictionary keyed by name. Same rules as ``HFNEngine``.
final class ReferenceStyleHFN {
    struct Order {
        var agentID: String
        var quantity: Double
        var price: Double
        var effectiveTime: Double
        var sequence: Int
    }

    let maxOrdersPerTick: Int
    let batchInterval: Int
    var bids: [Order] = []
    var asks: [Order] = []
    var counts: [String: Int] = [:]
    var tick = 0
    var sequence = 0
    var marketPrice = 1.0
    var trades: [(buyer: String, seller: String, price: Double, quantity: Double)] = []

    init(maxOrdersPerTick: Int, batchInterval: Int, latencyNoiseMs: Double, seed: Int) {
        self.maxOrdersPerTick = maxOrdersPerTick
        self.latencyNoiseMs = latencyNoiseMs
        random = MersenneTwister(seed: seed)
        self.batchInterval = batchInterval
    }

    var random: MersenneTwister
    let latencyNoiseMs: Double

    func submit(agentID: String, isCancel: Bool, isBid: Bool, quantity: Double, price: Double) -> Bool {
        let count = counts[agentID, default: 0]
        if count >= maxOrdersPerTick { return false }
        if isCancel {
            bids = bids.filter { $0.agentID != agentID }
            asks = asks.filter { $0.agentID != agentID }
            counts[agentID] = count + 1
            return true
        }
        if quantity <= 0 || price <= 0 { return false }
        let time = random.uniform(0, latencyNoiseMs)
        let order = Order(agentID: agentID, quantity: quantity, price: price, effectiveTime: time, sequence: sequence)
        sequence += 1
        if isBid {
            bids.append(order)
            bids.sort { ($0.price, -$0.effectiveTime, -$0.sequence) > ($1.price, -$1.effectiveTime, -$1.sequence) }
        } else {
            asks.append(order)
            asks.sort { ($0.price, $0.effectiveTime, $0.sequence) < ($1.price, $1.effectiveTime, $1.sequence) }
        }
        counts[agentID] = count + 1
        return true
    }

    func processTick() {
        tick += 1
        if tick % batchInterval == 0 {
            while let bid = bids.first, let ask = asks.first, bid.price >= ask.price {
                let price = (bid.price + ask.price) / 2
                let quantity = min(bid.quantity, ask.quantity)
                trades.append((bid.agentID, ask.agentID, price, quantity))
                marketPrice = price
                bids[0].quantity -= quantity
                asks[0].quantity -= quantity
                if bids[0].quantity <= 1e-10 { bids.removeFirst() }
                if asks[0].quantity <= 1e-10 { asks.removeFirst() }
            }
        }
        counts.removeAll()
    }
}
