#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a computation's time divides over the parallel helpers' workers: what a run on 16 or 64
/// cores cannot divide. ``measure(_:)`` records every top-level region of ``Parallel`` (nested
/// regions count in their outer one) while `body` runs:
///
/// - ``Report/serialFraction``: in a 1-thread run, the share of wall time spent outside
///   parallel regions (work that more threads cannot speed up);
/// - ``Report/imbalance``: over all regions, the sum of the slowest worker's busy time over
///   the sum of the mean worker's busy time (1 when the work divides evenly; a region waits
///   for its slowest worker);
/// - ``Report/amdahlSpeedup(threads:)``: the speedup the serial fraction allows.
///
/// Recording follows the measuring thread: regions it starts are counted, regions other
/// threads start are not. When nothing is measured a region pays one thread-local read.
public enum ParallelProfile {
    /// What a measured computation did.
    public struct Report: Equatable, Sendable {
        /// Wall seconds of the whole computation.
        public var seconds: Double
        /// Wall seconds inside parallel regions.
        public var parallelSeconds: Double
        /// Top-level parallel regions run.
        public var regions: Int
        /// Sum over regions of the slowest worker's busy seconds.
        public var slowestWorkerSeconds: Double
        /// Sum over regions of the mean worker's busy seconds.
        public var meanWorkerSeconds: Double

        /// The share of wall time outside parallel regions (meaningful for a 1-thread run).
        public var serialFraction: Double { seconds > 0 ? max(0, 1 - parallelSeconds / seconds) : 0 }

        /// Slowest over mean worker busy time, summed over the regions (1: perfectly even).
        public var imbalance: Double { meanWorkerSeconds > 0 ? slowestWorkerSeconds / meanWorkerSeconds : 1 }

        /// Amdahl's bound on the speedup at `threads` threads from the serial fraction:
        /// `1 / (s + (1 - s) / threads)`.
        public func amdahlSpeedup(threads: Int) -> Double {
            let s = serialFraction
            return 1 / (s + (1 - s) / Double(max(1, threads)))
        }
    }

    /// Runs `body` with every parallel region it starts on this thread recorded, and returns
    /// its result and report. Regions started by other threads are not counted (tests and
    /// callers may measure concurrently); a region nested in another counts in the outer one.
    ///
    /// - Complexity: `body`'s own cost, plus two clock reads per region and per worker.
    public static func measure<Result>(_ body: () throws -> Result) rethrows -> (Result, Report) {
        let recorder = Recorder()
        let previous = pthread_getspecific(recorderKey)
        pthread_setspecific(recorderKey, Unmanaged.passUnretained(recorder).toOpaque())
        defer { pthread_setspecific(recorderKey, previous) }
        let start = now()
        let result = try withExtendedLifetime(recorder) { try body() }
        var report = recorder.report
        report.seconds = now() - start
        return (result, report)
    }

    /// The totals of one measurement, touched only by the measuring thread.
    final class Recorder {
        var report = Report(seconds: 0, parallelSeconds: 0, regions: 0, slowestWorkerSeconds: 0, meanWorkerSeconds: 0)
        /// Regions open on the measuring thread (a region inside an inline 1-thread region).
        var depth = 0

        /// Adds a finished top-level region: its wall seconds and each worker's busy seconds.
        func add(wall: Double, busy: [Double]) {
            report.parallelSeconds += wall
            report.regions += 1
            report.slowestWorkerSeconds += busy.max() ?? 0
            report.meanWorkerSeconds += busy.isEmpty ? 0 : busy.reduce(0, +) / Double(busy.count)
        }
    }

    /// The calling thread's recorder while it measures, else nil (one thread-local read).
    static func recorder() -> Recorder? {
        guard let pointer = pthread_getspecific(recorderKey) else { return nil }
        return Unmanaged<Recorder>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

/// The thread-local slot of ``ParallelProfile``'s recorder.
private let recorderKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
