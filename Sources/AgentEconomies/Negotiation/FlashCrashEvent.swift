import Foundation

/// A detected flash crash: a price drop of at least the detector's threshold below the
/// window's maximum, until the price is back to 95% of that maximum.
public struct FlashCrashEvent: Equatable, Sendable, Codable {
    /// Unique ID (a new UUID string by default).
    public var crashID: String
    /// The tick the crash was detected on.
    public var startTick: Int
    /// The tick it recovered on; equals `startTick` while it has not recovered.
    public var endTick: Int
    /// `(window max - price) / window max` at detection.
    public var priceDropPct: Double
    /// Agents with an accepted order or cancel during the detecting tick, in order of their first.
    public var triggerAgentIDs: [String]
    /// `endTick - startTick` once recovered, else 0.
    public var recoveryTimeTicks: Int
    /// `priceDropPct / threshold`.
    public var severity: Double

    /// An event record.
    public init(
        crashID: String = RandomUUID.string(), startTick: Int = 0, endTick: Int = 0, priceDropPct: Double = 0,
        triggerAgentIDs: [String] = [], recoveryTimeTicks: Int = 0, severity: Double = 0
    ) {
        self.crashID = crashID
        self.startTick = startTick
        self.endTick = endTick
        self.priceDropPct = priceDropPct
        self.triggerAgentIDs = triggerAgentIDs
        self.recoveryTimeTicks = recoveryTimeTicks
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey {
        case crashID = "crash_id"
        case startTick = "start_tick"
        case endTick = "end_tick"
        case priceDropPct = "price_drop_pct"
        case triggerAgentIDs = "trigger_agent_ids"
        case recoveryTimeTicks = "recovery_time_ticks"
        case severity
    }
}
