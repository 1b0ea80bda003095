import Foundation

/// Writes a run's files into a directory: `epochs.csv`, `epochs.jsonl` (one row per epoch,
/// appended as epochs finish), `summary.json` and `scenario.resolved.yaml`. A resumed run
/// starts the series again from its checkpoint's records.
public final class RunOutputs {
    /// The output directory.
    public let directory: URL
    private let csv: FileHandle
    private let jsonl: FileHandle
    private let encoder: JSONEncoder

    /// Creates `directory` (and parents), writes the resolved scenario and starts the series
    /// with `records` (a resumed run's earlier epochs; rows written after its checkpoint are
    /// dropped).
    ///
    /// - Complexity: O(records) rows written, after the resolved scenario.
    public init(directory path: String, scenario: Scenario, records: [EpochRecord] = []) throws {
        directory = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try scenario.resolvedYAML().write(
            to: directory.appendingPathComponent("scenario.resolved.yaml"), atomically: true, encoding: .utf8)
        for name in ["epochs.csv", "epochs.jsonl"] {
            _ = FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: nil)
        }
        csv = try FileHandle(forWritingTo: directory.appendingPathComponent("epochs.csv"))
        jsonl = try FileHandle(forWritingTo: directory.appendingPathComponent("epochs.jsonl"))
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try csv.write(contentsOf: Data((EpochRecord.csvHeader + "\n").utf8))
        for record in records { try append(record) }
    }

    /// Appends one epoch's row to both files.
    public func append(_ record: EpochRecord) throws {
        try csv.write(contentsOf: Data((record.csvRow + "\n").utf8))
        var line = try encoder.encode(record)
        line.append(0x0A)
        try jsonl.write(contentsOf: line)
    }

    /// Writes `summary.json` and closes the files.
    public func finish(_ summary: RunSummary) throws {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.sortedKeys, .prettyPrinted]
        try pretty.encode(summary).write(to: directory.appendingPathComponent("summary.json"))
        try csv.close()
        try jsonl.close()
    }
}

/// Totals of a run, written to `summary.json`.
public struct RunSummary: Codable, Equatable, Sendable {
    /// The scenario's name.
    public var scenario: String
    /// Agents.
    public var agents: Int
    /// Epochs run.
    public var epochs: Int
    /// The seed.
    public var seed: UInt64
    /// Kernel worker threads.
    public var threads: Int
    /// Interactions over all epochs.
    public var interactions: Int
    /// Mean p over all interactions.
    public var meanP: Double
    /// External harm summed over the epochs.
    public var spilloverHarm: Double
    /// Envy violations summed over the epochs.
    public var envyViolations: Int
    /// Missions that met their objective.
    public var missionsSucceeded: Int
    /// Missions that expired.
    public var missionsExpired: Int
    /// Rewards paid.
    public var rewardsPaid: Double
    /// HFN trades.
    public var trades: Int
    /// Flash crashes detected.
    public var flashCrashes: Int
    /// Sybil precision in the last epoch.
    public var finalSybilPrecision: Double
    /// Sybil recall in the last epoch.
    public var finalSybilRecall: Double
    /// Wall-clock seconds of the run (resumed runs include the time before the checkpoint).
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case scenario, agents, epochs, seed, threads, interactions, trades, seconds
        case meanP = "mean_p"
        case spilloverHarm = "spillover_harm"
        case envyViolations = "envy_violations"
        case missionsSucceeded = "missions_succeeded"
        case missionsExpired = "missions_expired"
        case rewardsPaid = "rewards_paid"
        case flashCrashes = "flash_crashes"
        case finalSybilPrecision = "final_sybil_precision"
        case finalSybilRecall = "final_sybil_recall"
    }

    /// The summary of `records` (in epoch order).
    ///
    /// - Complexity: O(records).
    public init(scenario: Scenario, threads: Int, records: [EpochRecord], seconds: Double) {
        self.scenario = scenario.name
        agents = scenario.agents
        epochs = records.count
        seed = scenario.seed
        self.threads = threads
        interactions = records.reduce(0) { $0 + $1.interactions }
        let weighted = records.reduce(0.0) { $0 + $1.meanP * Double($1.interactions) }
        meanP = interactions > 0 ? weighted / Double(interactions) : 0
        spilloverHarm = records.reduce(0) { $0 + $1.spilloverHarm }
        envyViolations = records.reduce(0) { $0 + $1.envyViolations }
        missionsSucceeded = records.reduce(0) { $0 + $1.missionsSucceeded }
        missionsExpired = records.reduce(0) { $0 + $1.missionsExpired }
        rewardsPaid = records.reduce(0) { $0 + $1.rewardsPaid }
        trades = records.reduce(0) { $0 + $1.trades }
        flashCrashes = records.reduce(0) { $0 + $1.flashCrashes }
        finalSybilPrecision = records.last?.sybilPrecision ?? 1
        finalSybilRecall = records.last?.sybilRecall ?? 1
        self.seconds = seconds
    }
}
