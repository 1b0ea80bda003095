/// The flash-crash rule on plain numbers: a rolling window of tick prices and order counts,
/// crash onset and recovery, and the volatility index. The component layer's
/// `FlashCrashDetector` adds agent IDs on top; the C ABI's engines use it as is.
///
/// A crash starts when the tick's price is at least `priceDropThreshold` (a fraction) below
/// the window's maximum (the window includes this tick), and ends on the first tick whose
/// price is back to 95% of that pre-crash maximum. With `requireVolumeSpike` a crash also
/// needs the tick's order count to be at least `volumeSpikeFactor` times the mean count of
/// the earlier ticks in the window (any positive count when that mean is 0); by default the
/// factor is kept but unused, as in the reference.
public struct FlashCrashMonitor: Sendable, Codable {
    /// The detector's thresholds.
    public struct Parameters: Equatable, Sendable, Codable {
        /// Fractional drop from the window maximum that starts a crash, in (0, 1].
        public var priceDropThreshold: Double
        /// Number of ticks in the rolling window (>= 1).
        public var windowTicks: Int
        /// Volume multiple for the opt-in volume condition (> 0).
        public var volumeSpikeFactor: Double
        /// Whether a crash also needs a volume spike (default false: the reference's rule).
        public var requireVolumeSpike: Bool

        /// Parameters; the defaults are the reference's (10%, 10 ticks, factor 3, unused).
        public init(
            priceDropThreshold: Double = 0.1, windowTicks: Int = 10, volumeSpikeFactor: Double = 3,
            requireVolumeSpike: Bool = false
        ) {
            self.priceDropThreshold = priceDropThreshold
            self.windowTicks = windowTicks
            self.volumeSpikeFactor = volumeSpikeFactor
            self.requireVolumeSpike = requireVolumeSpike
        }

        /// Throws ``AgentEconomiesError`` naming the field (prefixed by `owner`) that is out of
        /// range.
        public func validate(owner: String = "FlashCrashMonitor.Parameters") throws {
            try Validate.positive(priceDropThreshold, "\(owner).priceDropThreshold")
            if priceDropThreshold > 1 {
                throw AgentEconomiesError.outOfRange(
                    field: "\(owner).priceDropThreshold", value: "\(priceDropThreshold)", requirement: "in (0, 1]")
            }
            try Validate.atLeast(windowTicks, 1, "\(owner).windowTicks")
            try Validate.positive(volumeSpikeFactor, "\(owner).volumeSpikeFactor")
        }
    }

    /// One detected crash.
    public struct Crash: Equatable, Sendable, Codable {
        /// The tick the crash was detected on.
        public var startTick: Int
        /// The tick it recovered on; equals `startTick` while it has not recovered.
        public var endTick: Int
        /// `(window max - price) / window max` at detection.
        public var dropFraction: Double
        /// `endTick - startTick` once recovered, else 0.
        public var recoveryTicks: Int
        /// `dropFraction / priceDropThreshold`.
        public var severity: Double
    }

    /// The thresholds.
    public let parameters: Parameters
    /// Prices of the last `windowTicks` ticks, oldest first.
    public private(set) var priceWindow: [Double] = []
    /// Order counts of the last `windowTicks` ticks, oldest first.
    public private(set) var volumeWindow: [Int] = []
    /// Every crash detected so far, in order.
    public private(set) var crashes: [Crash] = []
    /// Whether a crash is in progress.
    public private(set) var isInCrash = false
    private var preCrashPrice = 0.0

    /// A monitor with validated parameters.
    ///
    /// - Throws: ``AgentEconomiesError`` naming the field (prefixed by `owner`).
    public init(_ parameters: Parameters = Parameters(), owner: String = "FlashCrashMonitor.Parameters") throws {
        try parameters.validate(owner: owner)
        self.parameters = parameters
        // Grows with the ticks seen, not with the (possibly huge) window.
        priceWindow.reserveCapacity(min(parameters.windowTicks, 1_024) + 1)
        volumeWindow.reserveCapacity(min(parameters.windowTicks, 1_024) + 1)
    }

    /// Adds a tick; true when this tick starts a crash (appended to ``crashes``). A tick
    /// that ends a crash sets the last crash's end tick and recovery time.
    ///
    /// - Complexity: O(windowTicks).
    public mutating func update(price: Double, volume: Int, tick: Int) -> Bool {
        // Decided before the window moves: the earlier ticks that stay in the window.
        let volumeSpike = !parameters.requireVolumeSpike || isVolumeSpike(volume)
        priceWindow.append(price)
        volumeWindow.append(volume)
        if priceWindow.count > parameters.windowTicks {
            priceWindow.removeFirst()
            volumeWindow.removeFirst()
        }
        if priceWindow.count < 2 { return false }
        if !isInCrash {
            let windowMax = priceWindow.max() ?? 0
            guard windowMax > 0 else { return false }
            let drop = (windowMax - price) / windowMax
            guard drop >= parameters.priceDropThreshold, volumeSpike else { return false }
            isInCrash = true
            preCrashPrice = windowMax
            crashes.append(
                Crash(
                    startTick: tick, endTick: tick, dropFraction: drop, recoveryTicks: 0,
                    severity: drop / parameters.priceDropThreshold))
            return true
        }
        if preCrashPrice > 0 && price / preCrashPrice >= 0.95 {
            if !crashes.isEmpty {
                crashes[crashes.count - 1].endTick = tick
                crashes[crashes.count - 1].recoveryTicks = tick - crashes[crashes.count - 1].startTick
            }
            isInCrash = false
        }
        return false
    }

    private func isVolumeSpike(_ volume: Int) -> Bool {
        let kept = volumeWindow.suffix(parameters.windowTicks - 1)
        if kept.isEmpty { return volume > 0 }
        let mean = Double(kept.reduce(0, +)) / Double(kept.count)
        if mean == 0 { return volume > 0 }
        return Double(volume) >= parameters.volumeSpikeFactor * mean
    }

    /// Population standard deviation of the simple returns over the window, each return
    /// divided by `max(previous price, 1e-10)`; 0 with fewer than two prices.
    ///
    /// - Complexity: O(windowTicks).
    public var volatilityIndex: Double {
        let count = priceWindow.count
        if count < 2 { return 0 }
        var sum = 0.0
        for index in 1..<count { sum += simpleReturn(index) }
        let mean = sum / Double(count - 1)
        var squares = 0.0
        for index in 1..<count {
            let deviation = simpleReturn(index) - mean
            squares += deviation * deviation
        }
        return (squares / Double(count - 1)).squareRoot()
    }

    private func simpleReturn(_ index: Int) -> Double {
        (priceWindow[index] - priceWindow[index - 1]) / max(priceWindow[index - 1], 1e-10)
    }

    /// Forgets the window, the crashes and any crash in progress.
    public mutating func reset() {
        priceWindow.removeAll(keepingCapacity: true)
        volumeWindow.removeAll(keepingCapacity: true)
        crashes.removeAll()
        isInCrash = false
        preCrashPrice = 0
    }
}
