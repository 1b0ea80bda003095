/// The state of the market after one tick.
public struct HFNTick: Equatable, Sendable, Codable {
    /// The tick's number (1 for the first processed tick).
    public var tickNumber: Int
    /// Orders accepted during the tick, cancels included.
    public var ordersSubmitted: Int
    /// Trades executed by the tick's clearing (0 on ticks that do not clear).
    public var ordersExecuted: Int
    /// Always 0, as in the reference (cancels count in `ordersSubmitted`).
    public var ordersCancelled: Int
    /// The last trade price (1.0 before the first trade).
    public var marketPrice: Double
    /// `max(0, best ask - best bid)` after clearing (best bid 0 when there are no bids;
    /// 0 when there are no asks).
    public var bidAskSpread: Double
    /// The detector's volatility index before this tick was added.
    public var volatility: Double
    /// Whether the market was halted when the record was made.
    public var halted: Bool

    /// A tick record.
    public init(
        tickNumber: Int = 0, ordersSubmitted: Int = 0, ordersExecuted: Int = 0, ordersCancelled: Int = 0,
        marketPrice: Double = 1, bidAskSpread: Double = 0, volatility: Double = 0, halted: Bool = false
    ) {
        self.tickNumber = tickNumber
        self.ordersSubmitted = ordersSubmitted
        self.ordersExecuted = ordersExecuted
        self.ordersCancelled = ordersCancelled
        self.marketPrice = marketPrice
        self.bidAskSpread = bidAskSpread
        self.volatility = volatility
        self.halted = halted
    }

    enum CodingKeys: String, CodingKey {
        case tickNumber = "tick_number"
        case ordersSubmitted = "orders_submitted"
        case ordersExecuted = "orders_executed"
        case ordersCancelled = "orders_cancelled"
        case marketPrice = "market_price"
        case bidAskSpread = "bid_ask_spread"
        case volatility, halted
    }
}
