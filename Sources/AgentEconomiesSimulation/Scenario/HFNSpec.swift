/// The HFN market each epoch.
public struct HFNSpec: Codable, Equatable, Sendable {
    /// Ticks per epoch.
    public var ticksPerEpoch: Int = 20
    /// Share of active agents drawn each tick to place an order.
    public var traderShare: Double = 0.01
    /// An agent without resource 0 bids for it when its value per price is at least this
    /// share of the value per price of the bundle it bought.
    public var needRatio: Double = 0.9
    /// The books clear every this many ticks.
    public var batchIntervalTicks: Int = 5
    /// Ticks a halt lasts.
    public var haltDurationTicks: Int = 20
    /// Fractional drop from the window's maximum price that the detector calls a crash.
    public var priceDropThreshold: Double = 0.1
    /// Epoch of a panic (for its first batch interval every trader sells and buys at half the
    /// price); -1 for none.
    public var panicEpoch: Int = -1
    /// A holder sells its whole holding at a discount (a distressed sale) once the price has
    /// fallen this share below the epoch's opening price (a stop-loss), or when its wallet is
    /// negative; in (0, 1].
    public var distressThreshold: Double = 0.3
    /// Discount of a distressed sale below the market price, in [0, 1).
    public var distressDiscount: Double = 0.2

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ticksPerEpoch = "ticks_per_epoch"
        case traderShare = "trader_share"
        case needRatio = "need_ratio"
        case batchIntervalTicks = "batch_interval_ticks"
        case haltDurationTicks = "halt_duration_ticks"
        case priceDropThreshold = "price_drop_threshold"
        case panicEpoch = "panic_epoch"
        case distressThreshold = "distress_threshold"
        case distressDiscount = "distress_discount"
    }

    /// The defaults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ScenarioKey.self)
        try c.checkKeys(CodingKeys.self)
        let d = HFNSpec()
        ticksPerEpoch = try c.value(CodingKeys.ticksPerEpoch, d.ticksPerEpoch)
        traderShare = try c.value(CodingKeys.traderShare, d.traderShare)
        needRatio = try c.value(CodingKeys.needRatio, d.needRatio)
        batchIntervalTicks = try c.value(CodingKeys.batchIntervalTicks, d.batchIntervalTicks)
        haltDurationTicks = try c.value(CodingKeys.haltDurationTicks, d.haltDurationTicks)
        priceDropThreshold = try c.value(CodingKeys.priceDropThreshold, d.priceDropThreshold)
        panicEpoch = try c.value(CodingKeys.panicEpoch, d.panicEpoch)
        distressThreshold = try c.value(CodingKeys.distressThreshold, d.distressThreshold)
        distressDiscount = try c.value(CodingKeys.distressDiscount, d.distressDiscount)
    }

    func validate() throws {
        try Check.atLeast(ticksPerEpoch, 1, "hfn.ticks_per_epoch")
        try Check.unit(traderShare, "hfn.trader_share")
        try Check.positive(needRatio, "hfn.need_ratio")
        try Check.atLeast(batchIntervalTicks, 1, "hfn.batch_interval_ticks")
        try Check.atLeast(haltDurationTicks, 1, "hfn.halt_duration_ticks")
        if !(priceDropThreshold > 0 && priceDropThreshold <= 1) {
            throw ScenarioError(key: "hfn.price_drop_threshold", problem: "must be in (0, 1], got \(priceDropThreshold)")
        }
        if !(distressThreshold > 0 && distressThreshold <= 1) {
            throw ScenarioError(key: "hfn.distress_threshold", problem: "must be in (0, 1], got \(distressThreshold)")
        }
        if !(distressDiscount >= 0 && distressDiscount < 1) {
            throw ScenarioError(key: "hfn.distress_discount", problem: "must be in [0, 1), got \(distressDiscount)")
        }
    }
}
