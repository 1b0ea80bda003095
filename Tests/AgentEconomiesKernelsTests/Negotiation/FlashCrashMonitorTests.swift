import AgentEconomiesKernels
import Testing

/// The flash-crash rule on plain numbers: onset, recovery, the window, volatility, the
/// opt-in volume condition and parameter validation.
@Suite struct FlashCrashMonitorTests {
    @Test func aDropFromTheWindowMaximumStartsACrashAndARecoveryEndsIt() throws {
        var monitor = try FlashCrashMonitor()
        let started1 = monitor.update(price: 1.0, volume: 5, tick: 1)
        #expect(!started1)
        let started2 = monitor.update(price: 0.95, volume: 5, tick: 2)
        #expect(!started2)
        let started3 = monitor.update(price: 0.8, volume: 5, tick: 3)
        #expect(started3)
        #expect(monitor.isInCrash)
        let started4 = monitor.update(price: 0.9, volume: 5, tick: 4)
        #expect(!started4)
        #expect(monitor.isInCrash)
        let started5 = monitor.update(price: 0.96, volume: 5, tick: 5)
        #expect(!started5)
        #expect(!monitor.isInCrash)
        let crash = try #require(monitor.crashes.first)
        #expect(crash.startTick == 3 && crash.endTick == 5 && crash.recoveryTicks == 2)
        #expect(abs(crash.dropFraction - 0.2) < 1e-12 && abs(crash.severity - 2) < 1e-12)
    }

    @Test func theWindowForgetsOldPrices() throws {
        var monitor = try FlashCrashMonitor(.init(windowTicks: 2))
        _ = monitor.update(price: 2.0, volume: 1, tick: 1)
        _ = monitor.update(price: 1.0, volume: 1, tick: 2)  // starts a crash: 50% below 2.0
        _ = monitor.update(price: 2.0, volume: 1, tick: 3)  // recovers
        _ = monitor.update(price: 1.95, volume: 1, tick: 4)
        #expect(monitor.priceWindow == [2.0, 1.95])
        #expect(monitor.crashes.count == 1)
    }

    @Test func volatilityIsThePopulationDeviationOfSimpleReturns() throws {
        var monitor = try FlashCrashMonitor()
        #expect(monitor.volatilityIndex == 0)
        for (tick, price) in [1.0, 1.1, 0.99].enumerated() { _ = monitor.update(price: price, volume: 1, tick: tick) }
        let returns = [0.1, (0.99 - 1.1) / 1.1]
        let mean = (returns[0] + returns[1]) / 2
        let expected = (((returns[0] - mean) * (returns[0] - mean) + (returns[1] - mean) * (returns[1] - mean)) / 2)
            .squareRoot()
        #expect(abs(monitor.volatilityIndex - expected) < 1e-15)
    }

    @Test func theOptInVolumeConditionNeedsASpike() throws {
        var quiet = try FlashCrashMonitor(.init(volumeSpikeFactor: 3, requireVolumeSpike: true))
        _ = quiet.update(price: 1.0, volume: 10, tick: 1)
        let started6 = quiet.update(price: 0.5, volume: 10, tick: 2)
        #expect(!started6)
        var busy = try FlashCrashMonitor(.init(volumeSpikeFactor: 3, requireVolumeSpike: true))
        _ = busy.update(price: 1.0, volume: 10, tick: 1)
        let started7 = busy.update(price: 0.5, volume: 30, tick: 2)
        #expect(started7)
    }

    @Test func badParametersAreRefusedByName() {
        #expect(throws: AgentEconomiesError.self) { try FlashCrashMonitor(.init(priceDropThreshold: 0)) }
        #expect(throws: AgentEconomiesError.self) { try FlashCrashMonitor(.init(priceDropThreshold: 1.5)) }
        #expect(throws: AgentEconomiesError.self) { try FlashCrashMonitor(.init(windowTicks: 0)) }
        #expect(throws: AgentEconomiesError.self) { try FlashCrashMonitor(.init(volumeSpikeFactor: .nan)) }
    }
}
