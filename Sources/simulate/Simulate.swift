import AgentEconomiesKernels
import AgentEconomiesSimulation
import ArgumentParser
import Foundation

/// `swift run -c release simulate --scenario FILE --out DIR`: a population simulation through
/// every component, one row per epoch.
@main
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs a population simulation (every component, epoch after epoch) and writes its series.")

    @Option(help: "The scenario YAML file (scenarios/*.yaml; every key optional).")
    var scenario: String

    @Option(help: "Overrides the scenario's number of agents.")
    var agents: Int?

    @Option(help: "Overrides the scenario's number of epochs.")
    var epochs: Int?

    @Option(help: "Overrides the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Worker threads for the kernels (default: all cores); outputs do not depend on it.")
    var threads: Int?

    @Option(help: "Output directory (created if missing).")
    var out: String

    func run() throws {
        var loaded: Scenario
        do {
            loaded = try Scenario.load(path: scenario)
            if let agents { loaded.agents = agents }
            if let epochs { loaded.epochs = epochs }
            if let seed { loaded.seed = seed }
            try loaded.validate()
        } catch let error as ScenarioError {
            throw ValidationError("\(scenario): \(error)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        var simulation = try Simulation(scenario: loaded, threads: threads)
        let outputs = try RunOutputs(directory: out, scenario: loaded)
        let progress = Progress(total: loaded.epochs, terminal: isatty(STDERR_FILENO) == 1)
        var records: [EpochRecord] = []
        while let record = try simulation.runEpoch() {
            try outputs.append(record)
            records.append(record)
            progress.report(record, elapsed: seconds(clock.now - start))
        }
        let summary = RunSummary(
            scenario: loaded, threads: threads ?? Parallel.defaultThreadCount, records: records,
            seconds: seconds(clock.now - start))
        try outputs.finish(summary)
        progress.finish()
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// Progress on stderr: a bar with ETA on a terminal, one line per epoch otherwise.
struct Progress {
    let total: Int
    let terminal: Bool

    func report(_ record: EpochRecord, elapsed: Double) {
        let done = record.epoch
        let eta = elapsed / Double(done) * Double(total - done)
        let line = String(
            format:
                "epoch %ld/%ld  active %ld  mean_p %.3f  harm %.1f  sybil P/R %.2f/%.2f  envy %ld  trades %ld  %.1fs elapsed, ETA %.1fs",
            done, total, record.activeAgents, record.meanP, record.spilloverHarm, record.sybilPrecision,
            record.sybilRecall, record.envyViolations, record.trades, elapsed, eta)
        if terminal {
            let width = 30, filled = width * done / max(total, 1)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(line)".utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
