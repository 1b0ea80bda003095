/// Configuration of the high-frequency negotiation engine; the reference's defaults.
public struct HFNConfig: Equatable, Sendable, Codable {
    /// Length of a tick in milliseconds (> 0). Informational, as in the reference.
    public var tickDurationMs: Double
    /// Orders (cancels included) one agent may have accepted per tick (>= 1).
    public var maxOrdersPerTick: Int
    /// Each accepted bid or ask gets a latency draw uniform in [0, latencyNoiseMs) (>= 0).
    public var latencyNoiseMs: Double
    /// Equal prices are served by effective time (timestamp + latency) when true, by arrival
    /// when false. The reference ignores this flag and always uses effective time
    /// (documented deviation).
    public var priorityBySpeed: Bool
    /// The books clear on every tick that is a multiple of this (>= 1).
    public var batchIntervalTicks: Int
    /// Ticks a detected flash crash halts the market for (>= 1).
    public var haltDurationTicks: Int

    /// A configuration; every argument defaults to the reference's value.
    public init(
        tickDurationMs: Double = 100, maxOrdersPerTick: Int = 10, latencyNoiseMs: Double = 10,
        priorityBySpeed: Bool = true, batchIntervalTicks: Int = 5, haltDurationTicks: Int = 20
    ) {
        self.tickDurationMs = tickDurationMs
        self.maxOrdersPerTick = maxOrdersPerTick
        self.latencyNoiseMs = latencyNoiseMs
        self.priorityBySpeed = priorityBySpeed
        self.batchIntervalTicks = batchIntervalTicks
        self.haltDurationTicks = haltDurationTicks
    }

    /// Checks every field.
    ///
    /// - Throws: `AgentEconomiesError` naming the field when `tickDurationMs <= 0`,
    ///   `maxOrdersPerTick < 1`, `latencyNoiseMs < 0`, `batchIntervalTicks < 1`,
    ///   `haltDurationTicks < 1`, or a number is NaN or infinite.
    public func validate() throws {
        try Validate.positive(tickDurationMs, "HFNConfig.tickDurationMs")
        try Validate.atLeast(maxOrdersPerTick, 1, "HFNConfig.maxOrdersPerTick")
        try Validate.nonNegative(latencyNoiseMs, "HFNConfig.latencyNoiseMs")
        try Validate.atLeast(batchIntervalTicks, 1, "HFNConfig.batchIntervalTicks")
        try Validate.atLeast(haltDurationTicks, 1, "HFNConfig.haltDurationTicks")
    }

    /// The kernel market's parameters of this configuration.
    public var marketParameters: HFNMarket.Parameters {
        HFNMarket.Parameters(
            maxOrdersPerTick: maxOrdersPerTick, latencyNoiseMs: latencyNoiseMs,
            priorityBySpeed: priorityBySpeed, batchIntervalTicks: batchIntervalTicks)
    }

    enum CodingKeys: String, CodingKey {
        case tickDurationMs = "tick_duration_ms"
        case maxOrdersPerTick = "max_orders_per_tick"
        case latencyNoiseMs = "latency_noise_ms"
        case priorityBySpeed = "priority_by_speed"
        case batchIntervalTicks = "batch_interval_ticks"
        case haltDurationTicks = "halt_duration_ticks"
    }
}
