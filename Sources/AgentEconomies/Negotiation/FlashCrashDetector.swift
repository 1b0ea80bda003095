/// Watches the market price over a rolling window of ticks and reports flash crashes
/// (see <doc:Negotiation>). Usable on its own or inside ``HFNEngine``.
///
/// A crash starts when the price falls at least `priceDropThreshold` (a fraction) below the
/// window's maximum, and ends when the price is back to 95% of that pre-crash maximum.
/// By default `volumeSpikeFactor` is kept but unused, as in the reference; with
/// `requireVolumeSpike` a crash also needs the tick's order count to be at least
/// `volumeSpikeFactor` times the mean order count of the earlier ticks in the window
/// (any positive count when that mean is 0).
public final class FlashCrashDetector {
    /// Fractional drop from the window maximum that starts a crash, in (0, 1].
    public let priceDropThreshold: Double
    /// Number of ticks in the rolling window (>= 1).
    public let windowTicks: Int
    /// Volume multiple for the opt-in volume condition (> 0).
    public let volumeSpikeFactor: Double
    /// Whether a crash also needs a volume spike (default false: the reference's rule).
    public let requireVolumeSpike: Bool

    /// Prices of the last `windowTicks` ticks, oldest first.
    public private(set) var priceWindow: [Double] = []
    /// Order counts of the last `windowTicks` ticks, oldest first.
    public private(set) var volumeWindow: [Int] = []
    /// Every crash detected so far, in order.
    public private(set) var crashHistory: [FlashCrashEvent] = []
    /// Whether a crash is in progress.
    public private(set) var isInCrash = false
    private var preCrashPrice = 0.0

    /// A detector with the reference's defaults (10%, 10 ticks, factor 3, volume unused).
    ///
    /// - Throws: `AgentEconomiesError` naming the argument when `priceDropThreshold` is not
    ///   in (0, 1], `windowTicks < 1`, or `volumeSpikeFactor <= 0`.
    public init(
        priceDropThreshold: Double = 0.1, windowTicks: Int = 10, volumeSpikeFactor: Double = 3.0,
        requireVolumeSpike: Bool = false
    ) throws {
        try Validate.positive(priceDropThreshold, "FlashCrashDetector.priceDropThreshold")
        if priceDropThreshold > 1 {
            throw AgentEconomiesError.outOfRange(
                field: "FlashCrashDetector.priceDropThreshold",
                value: "\(priceDropThreshold)", requirement: "in (0, 1]")
        }
        try Validate.atLeast(windowTicks, 1, "FlashCrashDetector.windowTicks")
        try Validate.positive(volumeSpikeFactor, "FlashCrashDetector.volumeSpikeFactor")
        self.priceDropThreshold = priceDropThreshold
        self.windowTicks = windowTicks
        self.volumeSpikeFactor = volumeSpikeFactor
        self.requireVolumeSpike = requireVolumeSpike
        priceWindow.reserveCapacity(windowTicks + 1)
        volumeWindow.reserveCapacity(windowTicks + 1)
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
        let price = tick.marketPrice
        // Decided before the window moves: the earlier ticks that stay in the window.
        let volumeSpike = !requireVolumeSpike || isVolumeSpike(tick.ordersSubmitted)
        priceWindow.append(price)
        volumeWindow.append(tick.ordersSubmitted)
        if priceWindow.count > windowTicks {
            priceWindow.removeFirst()
            volumeWindow.removeFirst()
        }
        if priceWindow.count < 2 { return nil }
        if !isInCrash {
            let windowMax = priceWindow.max()!
            guard windowMax > 0 else { return nil }
            let drop = (windowMax - price) / windowMax
            guard drop >= priceDropThreshold else { return nil }
            if !volumeSpike { return nil }
            isInCrash = true
            preCrashPrice = windowMax
            let event = FlashCrashEvent(
                startTick: tick.tickNumber, endTick: tick.tickNumber, priceDropPct: drop,
                triggerAgentIDs: activeAgentIDs(), severity: drop / priceDropThreshold)
            crashHistory.append(event)
            return event
        }
        if preCrashPrice > 0 && price / preCrashPrice >= 0.95 {
            if !crashHistory.isEmpty {
                let last = crashHistory.count - 1
                crashHistory[last].endTick = tick.tickNumber
                crashHistory[last].recoveryTimeTicks = tick.tickNumber - crashHistory[last].startTick
            }
            isInCrash = false
        }
        return nil
    }

    private func isVolumeSpike(_ volume: Int) -> Bool {
        let kept = volumeWindow.suffix(windowTicks - 1)
        if kept.isEmpty { return volume > 0 }
        let mean = Double(kept.reduce(0, +)) / Double(kept.count)
        if mean == 0 { return volume > 0 }
        return Double(volume) >= volumeSpikeFactor * mean
    }

    /// Population standard deviation of the simple returns over the window, each return
    /// divided by `max(previous price, 1e-10)`; 0 with fewer than two prices.
    ///
    /// - Complexity: O(windowTicks).
    public var volatilityIndex: Double {
        let count = priceWindow.count
        if count < 2 { return 0 }
        var returns: [Double] = []
        returns.reserveCapacity(count - 1)
        for index in 1..<count {
            returns.append((priceWindow[index] - priceWindow[index - 1]) / max(priceWindow[index - 1], 1e-10))
        }
        var sum = 0.0
        for value in returns { sum += value }
        let mean = sum / Double(returns.count)
        var squares = 0.0
        for value in returns { squares += (value - mean) * (value - mean) }
        return (squares / Double(returns.count)).squareRoot()
    }

    /// Forgets the window, the crash history and any crash in progress.
    public func reset() {
        priceWindow.removeAll(keepingCapacity: true)
        volumeWindow.removeAll(keepingCapacity: true)
        crashHistory.removeAll()
        isInCrash = false
        preCrashPrice = 0
    }
}
