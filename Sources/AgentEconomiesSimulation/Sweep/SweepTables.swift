/// A sweep's two tables: `runs.csv` (one row per run: the axes' values, the seed, and each
/// epoch metric's mean over the run's epochs) and `summary.csv` (one row per setting: the axes'
/// values, the number of runs, and each metric's mean over the runs with the half-width of its
/// 95% Student-t interval).
public struct SweepTables: Equatable, Sendable {
    /// The metrics: every column of `epochs.csv` but `epoch`.
    public static let metrics: [String] = Array(EpochRecord.columnNames.dropFirst())

    /// The varied keys.
    public let axes: [String]
    /// One row per run: its setting, its axes' values, its seed, its metric means (in
    /// ``metrics`` order).
    public let runs: [(setting: Int, values: [String], seed: UInt64, means: [Double])]
    /// One row per setting: its axes' values, its run count, the metrics' means and 95%
    /// half-widths over the runs.
    public let summary: [(values: [String], runs: Int, means: [Double], ci95: [Double])]

    /// The tables of `runs` (each with its metric means), grouped by setting in order.
    ///
    /// - Complexity: O(runs x metrics).
    public init(axes: [String], runs: [(setting: Int, values: [String], seed: UInt64, means: [Double])]) {
        self.axes = axes
        self.runs = runs
        var order: [Int] = []
        var groups: [Int: [(values: [String], means: [Double])]] = [:]
        for run in runs {
            if groups[run.setting] == nil { order.append(run.setting) }
            groups[run.setting, default: []].append((run.values, run.means))
        }
        summary = order.map { setting in
            let group = groups[setting]!
            let columns = Self.metrics.indices.map { metric in group.map { $0.means[metric] } }
            return (
                group[0].values, group.count, columns.map(SweepStatistics.mean), columns.map(SweepStatistics.ci95)
            )
        }
    }

    /// Each metric's mean over `records` (in ``metrics`` order).
    ///
    /// - Complexity: O(records x metrics).
    public static func means(of records: [EpochRecord]) -> [Double] {
        var sums = [Double](repeating: 0, count: metrics.count)
        for record in records {
            for (index, value) in record.columnValues.dropFirst().enumerated() { sums[index] += value }
        }
        return sums.map { records.isEmpty ? .nan : $0 / Double(records.count) }
    }

    /// `runs.csv`.
    ///
    /// - Complexity: O(runs x metrics), formatted on every read.
    public var runsCSV: String {
        var lines = [(axes + ["seed"] + Self.metrics).map(csvField).joined(separator: ",")]
        for run in runs {
            lines.append((run.values.map(csvField) + ["\(run.seed)"] + run.means.map { "\($0)" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `summary.csv`.
    ///
    /// - Complexity: O(settings x metrics), formatted on every read.
    public var summaryCSV: String {
        let header = axes + ["runs"] + Self.metrics.flatMap { [$0 + "_mean", $0 + "_ci95"] }
        var lines = [header.map(csvField).joined(separator: ",")]
        for row in summary {
            let cells = zip(row.means, row.ci95).flatMap { ["\($0)", "\($1)"] }
            lines.append((row.values.map(csvField) + ["\(row.runs)"] + cells).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether both tables have the same axes and the same `runs.csv` (the summary follows from
    /// it).
    ///
    /// - Complexity: O(runs x metrics): both `runs.csv` texts are formatted and compared.
    public static func == (a: SweepTables, b: SweepTables) -> Bool { a.runsCSV == b.runsCSV && a.axes == b.axes }
}

/// A CSV field: quoted (with quotes doubled) when it holds a comma, a quote or a line break.
func csvField(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
    return text
}

extension String {
    /// The string with every `target` character replaced by `replacement`.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
