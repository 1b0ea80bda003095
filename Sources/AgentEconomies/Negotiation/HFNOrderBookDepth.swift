/// Resting orders and open volume of a book (or of all books).
public struct HFNOrderBookDepth: Equatable, Sendable, Codable {
    /// Resting bids.
    public var bids: Int
    /// Resting asks.
    public var asks: Int
    /// Open quantity of the bids.
    public var totalBidVolume: Double
    /// Open quantity of the asks.
    public var totalAskVolume: Double

    /// A depth record.
    public init(bids: Int, asks: Int, totalBidVolume: Double, totalAskVolume: Double) {
        self.bids = bids
        self.asks = asks
        self.totalBidVolume = totalBidVolume
        self.totalAskVolume = totalAskVolume
    }

    enum CodingKeys: String, CodingKey {
        case bids, asks
        case totalBidVolume = "total_bid_volume"
        case totalAskVolume = "total_ask_volume"
    }
}
