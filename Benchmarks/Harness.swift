import AgentEconomiesKernels
import Foundation

/// Wall-clock time of `body`, in seconds.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Timings of repeated runs, and how a parallel kernel's time divides.
struct Timing {
    var samples: [Double]
    /// The timed runs' ``ParallelProfile`` (imbalance at the run's thread count), when the
    /// measured code ran parallel regions.
    var profile: ParallelProfile.Report? = nil
    /// One extra run on 1 thread (its time and its serial fraction), for parallel code when
    /// the run uses more than one thread.
    var singleThread: ParallelProfile.Report? = nil
    var median: Double {
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
    var minimum: Double { samples.min() ?? .nan }
}

/// Runs `body` once to warm up, then `runs` times (at least `minimumRuns`, stopping early
/// once `budget` seconds have been spent), and returns the timings. The timed runs are
/// profiled (``ParallelProfile``); when they ran parallel regions on more than one thread, one
/// more run on 1 thread gives the serial fraction and the 1-thread time.
func measure(
    runs: Int, minimumRuns: Int = 3, budget: Double = 20, warmup: Bool = true,
    _ body: () throws -> Void
) rethrows -> Timing {
    if warmup { try body() }
    var samples: [Double] = []
    let (_, profile) = try ParallelProfile.measure {
        var spent = 0.0
        for index in 0..<runs {
            let elapsed = try seconds(body)
            samples.append(elapsed)
            spent += elapsed
            if index + 1 >= minimumRuns && spent > budget { break }
        }
    }
    var timing = Timing(samples: samples)
    guard profile.regions > 0 else { return timing }
    timing.profile = profile
    if Parallel.defaultThreadCount > 1 {
        timing.singleThread = try onOneThread { try ParallelProfile.measure(body).1 }
    }
    return timing
}

/// `body` with the library's default worker count set to 1 (restored after).
func onOneThread<Result>(_ body: () throws -> Result) rethrows -> Result {
    let previous = Parallel.chosenThreadCount
    try? Parallel.setDefaultThreadCount(1)
    defer { try? Parallel.setDefaultThreadCount(previous) }
    return try body()
}

/// The profile columns of a row: the serial fraction (1-thread run), the imbalance (timed
/// runs), the speedup measured against 1 thread, and Amdahl's bound at 16 and 64 threads.
func profileMetrics(_ timing: Timing) -> [(String, ReportValue)] {
    guard let profile = timing.profile else { return [] }
    let serial = timing.singleThread ?? profile
    var cells: [(String, ReportValue)] = [
        ("serial_fraction", .double(serial.serialFraction)), ("imbalance", .double(profile.imbalance)),
    ]
    if let single = timing.singleThread {
        cells.append(("speedup_vs_1_thread", .double(single.seconds / timing.median)))
    }
    cells += [
        ("amdahl_16", .double(serial.amdahlSpeedup(threads: 16))),
        ("amdahl_64", .double(serial.amdahlSpeedup(threads: 64))),
    ]
    return cells
}

/// A value of the JSON output: integer, real, string or null.
enum ReportValue: Encodable {
    case int(Int)
    case double(Double?)
    case string(String)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .int(value): try container.encode(value)
        case let .double(value?) where value.isFinite: try container.encode(value)
        case .double: try container.encodeNil()
        case let .string(value): try container.encode(value)
        }
    }

    var text: String {
        switch self {
        case let .int(value): return "\(value)"
        case let .double(value?): return formatNumber(value)
        case .double(nil): return "-"
        case let .string(value): return value
        }
    }
}

/// Formats a number for the table: 4 significant digits, scientific when very large or small.
func formatNumber(_ value: Double) -> String {
    if !value.isFinite { return "\(value)" }
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-3) { return String(format: "%.3e", value) }
    return String(format: "%.4g", value)
}

/// One row of the results: the fixed fields (kernel, params, median_s, min_s, runs, gflops, peak_fraction,
/// baseline_s, speedup_vs_baseline) plus kernel-specific metrics.
struct BenchmarkResult: Encodable {
    var kernel: String
    var params: [(String, ReportValue)]
    var timing: Timing
    var gflops: Double? = nil
    var peakFraction: Double? = nil
    var baselineSeconds: Double? = nil
    var speedupVsBaseline: Double? = nil
    var metrics: [(String, ReportValue)] = []

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    struct Params: Encodable {
        let entries: [(String, ReportValue)]
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in entries { try container.encode(value, forKey: Key(key)) }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(kernel, forKey: Key("kernel"))
        try container.encode(Params(entries: params), forKey: Key("params"))
        try container.encode(timing.median, forKey: Key("median_s"))
        try container.encode(timing.minimum, forKey: Key("min_s"))
        try container.encode(timing.samples.count, forKey: Key("runs"))
        try container.encode(ReportValue.double(gflops), forKey: Key("gflops"))
        try container.encode(ReportValue.double(peakFraction), forKey: Key("peak_fraction"))
        try container.encode(ReportValue.double(baselineSeconds), forKey: Key("baseline_s"))
        try container.encode(ReportValue.double(speedupVsBaseline), forKey: Key("speedup_vs_baseline"))
        for (key, value) in metrics + profileMetrics(timing) { try container.encode(value, forKey: Key(key)) }
    }
}

/// The peak rates measured in the same run; every ratio in the table is against these.
struct Peak: Encodable {
    var dgemmGflops: Double
    var sgemmGflops: Double
    var streamGbps: Double
    /// OpenBLAS's processor kernels (``BLAS/coreName``): the GEMM peak depends on them.
    var blasCore: String = BLAS.coreName

    enum CodingKeys: String, CodingKey {
        case dgemmGflops = "dgemm_gflops"
        case sgemmGflops = "sgemm_gflops"
        case streamGbps = "stream_gbps"
        case blasCore = "blas_core"
    }
}

/// The whole JSON document.
struct Report: Encodable {
    var peak: Peak
    var results: [BenchmarkResult]
}

/// Progress on standard error, so the table on standard output stays clean.
func progress(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The peak rates, one line.
func printPeak(_ peak: Peak) {
    print(
        "peak: dgemm \(formatNumber(peak.dgemmGflops)) GFLOP/s, sgemm \(formatNumber(peak.sgemmGflops)) GFLOP/s, "
            + "stream \(formatNumber(peak.streamGbps)) GB/s, OpenBLAS core \(peak.blasCore)")
}

/// The columns of a result row, as text.
func rowCells(_ result: BenchmarkResult) -> [String] {
    [
        result.kernel,
        result.params.map { "\($0.0)=\($0.1.text)" }.joined(separator: " "),
        formatNumber(result.timing.median), formatNumber(result.timing.minimum),
        result.gflops.map(formatNumber) ?? "-", result.peakFraction.map(formatNumber) ?? "-",
        result.baselineSeconds.map(formatNumber) ?? "-", result.speedupVsBaseline.map(formatNumber) ?? "-",
        (result.metrics + profileMetrics(result.timing)).map { "\($0.0)=\($0.1.text)" }.joined(separator: " "),
    ]
}

/// The table's column names.
let tableHeader = ["kernel", "params", "median_s", "min_s", "gflops", "peak_frac", "baseline_s", "speedup", "metrics"]

/// Prints one result as soon as it is measured (`name=value` cells, flushed at once).
func printRow(_ result: BenchmarkResult) {
    print(zip(tableHeader, rowCells(result)).map { "\($0.0): \($0.1)" }.joined(separator: " | "))
    fflush(nil)
}

/// Prints the results as an aligned table.
func printTable(peak: Peak, results: [BenchmarkResult]) {
    printPeak(peak)
    let header = tableHeader
    var rows = [header]
    for result in results { rows.append(rowCells(result)) }
    let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    for (index, row) in rows.enumerated() {
        print(
            zip(row, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        if index == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
}

/// With `--threads`, each kernel row's speedup at every count over its time at the first
/// count (rows matched by kernel and parameters but `threads`).
func printSpeedups(_ results: [BenchmarkResult]) {
    func key(_ row: BenchmarkResult) -> String {
        row.kernel + " " + row.params.filter { $0.0 != "threads" }.map { "\($0.0)=\($0.1.text)" }.joined(separator: " ")
    }
    func threads(_ row: BenchmarkResult) -> String {
        row.params.first { $0.0 == "threads" }?.1.text ?? "?"
    }
    var first: [String: BenchmarkResult] = [:]
    var order: [String] = []
    var lines: [String: [String]] = [:]
    for row in results {
        let name = key(row)
        guard let base = first[name] else {
            first[name] = row
            order.append(name)
            continue
        }
        lines[name, default: []].append(
            "\(threads(row)) threads \(formatNumber(base.timing.median / row.timing.median))x")
    }
    print("")
    print("speedups over \(first.values.first.map(threads) ?? "?") thread(s), same run:")
    for name in order { if let cells = lines[name] { print("  \(name): " + cells.joined(separator: ", ")) } }
}
