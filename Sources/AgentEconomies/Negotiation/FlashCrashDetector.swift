/// Watches the market price over a rolling window of ticks and reports flash crashes
/// (see <doc:Negotiation>). Usable on its own or inside ``HFNEngine``.
///
/// A crash starts when the price falls at least `priceDropThreshold` (a fraction) below the
/// window's maximum, and ends when the price is back to 95% of that pre-crash maximum.
/// By default `volumeSpikeFactor` is kept but unused, as in the reference; with
/// `requireVolumeSpike` a crash also needs the tick's order count to be at least
/// `volumeSpikeFactor` times the mean order count of the earlier ticks in the window
/// (any positive count when that mean is 0). The rule itself is the kernel module's
/// `FlashCrashMonitor`; this class adds the crash records with their agent IDs.
public final class FlashCrashDetector {
    /// Fractional drop from the window maximum that starts a crash, in (0, 1].
    public var priceDropThreshold: Double { monitor.parameters.priceDropThreshold }
    /// Number of ticks in the rolling window (>= 1).
    public var windowTicks: Int { monitor.parameters.windowTicks }
    /// Volume multiple for the opt-in volume condition (> 0).
    public var volumeSpikeFactor: Double { monitor.parameters.volumeSpikeFactor }
    /// Whether a crash also needs a volume spike (default false: the reference's rule).
    public var requireVolumeSpike: Bool { monitor.parameters.requireVolumeSpike }

    /// Prices of the last `windowTicks` ticks, oldest first.
    public var priceWindow: [Double] { monitor.priceWindow }
    /// Order counts of the last `windowTicks` ticks, oldest first.
    public var volumeWindow: [Int] { monitor.volumeWindow }
    /// Every crash detected so far, in order.
    public private(set) var crashHistory: [FlashCrashEvent] = []
    /// Whether a crash is in progress.
    public var isInCrash: Bool { monitor.isInCrash }
    private var monitor: FlashCrashMonitor

    /// A detector with the reference's defaults (10%, 10 ticks, factor 3, volume unused).
    ///
    /// - Throws: `AgentEconomiesError` naming the argument when `priceDropThreshold` is not
    ///   in (0, 1], `windowTicks < 1`, or `volumeSpikeFactor <= 0`.
    public init(
        priceDropThreshold: Double = 0.1, windowTicks: Int = 10, volumeSpikeFactor: Double = 3.0,
        requireVolumeSpike: Bool = false
    ) throws {
        monitor = try FlashCrashMonitor(
            FlashCrashMonitor.Parameters(
                priceDropThreshold: priceDropThreshold, windowTicks: windowTicks,
                volumeSpikeFactor: volumeSpikeFactor, requireVolumeSpike: requireVolumeSpike),
            owner: "FlashCrashDetector")
    }

    /// Adds a tick; returns the crash event when this tick starts one.
    ///
    /// A tick that ends a crash updates the last event's `endTick` and `recoveryTimeTicks`
    /// and returns nil.
    ///
    /// - Complexity: O(windowTicks).
    @discardableResult
    public func update(_ tick: HFNTick, activeAgentIDs: [String] = []) -> FlashCrashEvent? {
        update(tick, activeAgentIDs: { activeAgentIDs })
    }

    /// ``update(_:activeAgentIDs:)`` with the agent list built only when a crash starts.
    func update(_ tick: HFNTick, activeAgentIDs: () -> [String]) -> FlashCrashEvent? {
        let wasInCrash = monitor.isInCrash
        let started = monitor.update(price: tick.marketPrice, volume: tick.ordersSubmitted, tick: tick.tickNumber)
        if started, let crash = monitor.crashes.last {
            let event = FlashCrashEvent(
                startTick: crash.startTick, endTick: crash.endTick, priceDropPct: crash.dropFraction,
                triggerAgentIDs: activeAgentIDs(), severity: crash.severity)
            crashHistory.append(event)
            return event
        }
        if wasInCrash && !monitor.isInCrash, let crash = monitor.crashes.last, !crashHistory.isEmpty {
            crashHistory[crashHistory.count - 1].endTick = crash.endTick
            crashHistory[crashHistory.count - 1].recoveryTimeTicks = crash.recoveryTicks
        }
        return nil
    }

    /// Population standard deviation of the simple returns over the window, each return
    /// divided by `max(previous price, 1e-10)`; 0 with fewer than two prices.
    ///
    /// - Complexity: O(windowTicks).
    public var volatilityIndex: Double { monitor.volatilityIndex }

    /// Forgets the window, the crash history and any crash in progress.
    public func reset() {
        monitor.reset()
        crashHistory.removeAll()
    }
}
