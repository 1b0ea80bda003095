import AgentEconomiesKernels

/// Resting orders and open volume of a book (or of all books): the kernels' `OrderBook.Depth`,
/// with the reference's JSON keys (`bids`, `asks`, `total_bid_volume`, `total_ask_volume`).
public typealias HFNOrderBookDepth = OrderBook.Depth

extension OrderBook.Depth: Codable {
    enum CodingKeys: String, CodingKey {
        case bids, asks
        case totalBidVolume = "total_bid_volume"
        case totalAskVolume = "total_ask_volume"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            bids: try c.decode(Int.self, forKey: .bids), asks: try c.decode(Int.self, forKey: .asks),
            totalBidVolume: try c.decode(Double.self, forKey: .totalBidVolume),
            totalAskVolume: try c.decode(Double.self, forKey: .totalAskVolume))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bids, forKey: .bids)
        try c.encode(asks, forKey: .asks)
        try c.encode(totalBidVolume, forKey: .totalBidVolume)
        try c.encode(totalAskVolume, forKey: .totalAskVolume)
    }
}
