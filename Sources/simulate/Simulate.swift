import AgentEconomiesKernels
import AgentEconomiesSimulation
import ArgumentParser
import Foundation

/// `swift run -c release simulate --scenario FILE --out DIR`: a population simulation through
/// every component, one row per epoch; `simulate sweep ...` runs a grid of settings over seeds.
@main
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Population simulations of the agent economy.",
        subcommands: [Run.self, SweepCommand.self],
        defaultSubcommand: Run.self)

    /// Huge pages for the heap where the system offers them (``HugePageHeap``) and OpenBLAS's
    /// faster kernels where it did not recognise the processor (`BLAS.fasterCoreType`): both
    /// are read only at process start, so the run starts itself again once with them; then
    /// the command.
    static func main() {
        ProcessRestart.restart(adding: HugePageHeap.restartEnvironment().merging(BLAS.coreTypeRestart()) { $1 })
        main(nil)
    }
}

/// `simulate [run] --scenario FILE --out DIR`: one run.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs a population simulation (every component, epoch after epoch) and writes its series.")

    @Option(help: "The scenario YAML file (scenarios/*.yaml; every key optional).")
    var scenario: String?

    @OptionGroup var size: RunSize

    @Option(help: "Overrides the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Output directory (created if missing).")
    var out: String?

    @Option(help: "Writes DIR/checkpoint.json after every K-th epoch.")
    var checkpointEvery: Int?

    @Option(
        help: ArgumentHelp(
            "Continues the run in DIR from its checkpoint.json (scenario and outputs from DIR).",
            valueName: "DIR"))
    var resume: String?

    @Option(help: "Writes each step's inputs and outputs at epoch K under DIR/trace/epoch-K/.")
    var traceEpoch: Int?

    @Flag(
        help: ArgumentHelp(
            "Streams the run's events to DIR/events.jsonl, one JSON object per line (identities, credentials, Sybil "
                + "detections, sanctions, missions, trades, crashes, halts)."))
    var events = false

    @Flag(
        help: ArgumentHelp(
            "Writes DIR/steps_profile.jsonl: per epoch and step, the wall seconds, the seconds outside parallel "
                + "regions and the workers' imbalance (two clock reads per parallel region; a resumed run's file "
                + "starts at the resumed epoch)."))
    var profileSteps = false

    func validate() throws {
        if let resume {
            if scenario != nil || size.agents != nil || size.epochs != nil || seed != nil {
                throw ValidationError(
                    "--resume \(resume) takes the scenario from its checkpoint; drop --scenario, --agents, --epochs and --seed")
            }
            if let out, out != resume {
                throw ValidationError("--out \(out) differs from --resume \(resume); a resumed run writes into its own directory")
            }
        } else {
            if scenario == nil { throw ValidationError("--scenario FILE is required (or --resume DIR)") }
            if out == nil { throw ValidationError("--out DIR is required (or --resume DIR)") }
        }
        if let checkpointEvery, checkpointEvery < 1 {
            throw ValidationError("--checkpoint-every must be >= 1, got \(checkpointEvery)")
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        var simulation: Simulation
        var earlierSeconds = 0.0
        let directory: String
        if let resume {
            let checkpoint: SimulationCheckpoint
            do { checkpoint = try SimulationCheckpoint.read(from: URL(fileURLWithPath: resume)) } catch let error as CheckpointError {
                throw ValidationError("\(error)")
            }
            simulation = Simulation(resuming: checkpoint.state, threads: size.threads)
            earlierSeconds = checkpoint.elapsedSeconds
            directory = resume
        } else {
            simulation = try Simulation(scenario: try loadScenario(), threads: size.threads)
            directory = out!
        }
        let scenario = simulation.state.scenario
        if let traceEpoch {
            guard (1...scenario.epochs).contains(traceEpoch) else {
                throw ValidationError("--trace-epoch must be in 1...\(scenario.epochs) (the scenario's epochs), got \(traceEpoch)")
            }
            simulation.traceEpoch = traceEpoch
            simulation.traceRoot = URL(fileURLWithPath: directory)
        }
        let outputs = try RunOutputs(directory: directory, scenario: scenario, records: simulation.state.records)
        let eventLog = events ? try EventLog(directory: directory, keepingEpochs: simulation.state.epochsRun) : nil
        simulation.recordsEvents = events
        simulation.profilesSteps = profileSteps
        let profileLog: FileHandle? =
            profileSteps ? try Self.createFile(URL(fileURLWithPath: directory).appendingPathComponent("steps_profile.jsonl")) : nil
        let threads = size.threads ?? Parallel.defaultThreadCount
        let progress = Progress(total: scenario.epochs, terminal: isatty(STDERR_FILENO) == 1)
        while let record = try simulation.runEpoch() {
            try outputs.append(record)
            try eventLog?.append(simulation.lastEvents)
            if let profileLog {
                let lines = try StepProfileRow.lastEpoch(of: simulation, threads: threads).map { try $0.jsonLine() + "\n" }
                try profileLog.write(contentsOf: Data(lines.joined().utf8))
            }
            let elapsed = earlierSeconds + seconds(clock.now - start)
            progress.report(record, elapsed: elapsed)
            if let checkpointEvery, record.epoch % checkpointEvery == 0 {
                try SimulationCheckpoint(state: simulation.state, elapsedSeconds: elapsed).write(to: outputs.directory)
            }
        }
        let summary = RunSummary(
            scenario: scenario, threads: threads, records: simulation.state.records,
            seconds: earlierSeconds + seconds(clock.now - start))
        try outputs.finish(summary)
        try eventLog?.close()
        try profileLog?.close()
        progress.finish()
    }

    /// Creates (or truncates) the file at `url` for writing.
    static func createFile(_ url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ValidationError("cannot create \(url.path)")
        }
        return try FileHandle(forWritingTo: url)
    }

    func loadScenario() throws -> Scenario {
        let path = scenario!
        do {
            var loaded = try Scenario.load(path: path)
            if let agents = size.agents { loaded.agents = agents }
            if let epochs = size.epochs { loaded.epochs = epochs }
            if let seed { loaded.seed = seed }
            try loaded.validate()
            return loaded
        } catch let error as ScenarioError {
            throw ValidationError("\(path): \(error)")
        }
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// The options `simulate` and `simulate sweep` share: the run's size and its kernel threads.
struct RunSize: ParsableArguments {
    @Option(help: "Overrides the scenario's number of agents.")
    var agents: Int?

    @Option(help: "Overrides the scenario's number of epochs.")
    var epochs: Int?

    @Option(help: "Worker threads for the kernels (default: all cores); outputs do not depend on it.")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, got \(threads)") }
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

/// `events.jsonl`, appended after every epoch. A resumed run keeps the lines of the epochs its
/// checkpoint holds and drops the rest (they are written again).
final class EventLog {
    private let handle: FileHandle

    init(directory: String, keepingEpochs epochs: Int) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("events.jsonl")
        var kept = Data()
        if epochs > 0, let text = try? String(contentsOf: url, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                // Every line starts {"type":"...","epoch":E,
                guard let range = line.range(of: "\"epoch\":") else { continue }
                let digits = line[range.upperBound...].prefix { $0.isNumber }
                if let epoch = Int(digits), epoch <= epochs { kept.append(contentsOf: Data((line + "\n").utf8)) }
            }
        }
        try kept.write(to: url)
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    func append(_ events: [SimulationEvent]) throws {
        var text = ""
        for event in events {
            text += event.jsonLine
            text += "\n"
            if text.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
    }

    func close() throws { try handle.close() }
}
