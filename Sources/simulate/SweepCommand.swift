import AgentEconomiesKernels
import AgentEconomiesSimulation
import ArgumentParser
import Foundation

/// `simulate sweep --scenario FILE --vary KEY=V1,V2 --seeds N --out DIR`: the cartesian grid
/// of the varied keys, each setting over N seeds, with `runs.csv` and `summary.csv`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Runs a scenario over a grid of settings and seeds and writes runs.csv and summary.csv.",
        discussion: """
            Every --vary key is a dotted scenario key (missions.reward_distribution, \
            population.types[0].share); the grid is their cartesian product, the first --vary \
            outermost. Each setting runs at seeds S, S+1, ..., S+N-1. DIR gets sweep.json, \
            runs/<setting>-seed<seed>/ (as simulate writes one run), runs.csv (one row per run: \
            the varied keys, seed, each epoch metric's mean over the run) and summary.csv (one row \
            per setting: runs, and M_mean and M_ci95, the half-width of the 95% Student-t \
            interval over seeds, for every metric M).
            """)

    @Option(help: "The scenario YAML file.")
    var scenario: String

    @Option(help: ArgumentHelp("A varied key and its values (repeatable).", valueName: "KEY=V1,V2,..."))
    var vary: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("A fixed override for every run (repeatable).", valueName: "KEY=VALUE"))
    var fixed: [String] = []

    @Option(help: "Seeds per setting.")
    var seeds: Int = 1

    @Option(help: "The first seed (default: the scenario's).")
    var seedBase: UInt64?

    @OptionGroup var size: RunSize

    @Option(help: "Runs at once, sharing --threads (each on threads / jobs); outputs do not depend on it.")
    var jobs: Int = 1

    @Option(help: "Output directory.")
    var out: String

    @Flag(help: "Continues the sweep in --out: skips runs whose results are there.")
    var resume = false

    func validate() throws {
        if seeds < 1 { throw ValidationError("--seeds must be >= 1, got \(seeds)") }
        if jobs < 1 { throw ValidationError("--jobs must be >= 1, got \(jobs)") }
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let sweep: Sweep
        do {
            guard let data = FileManager.default.contents(atPath: scenario), let text = String(data: data, encoding: .utf8)
            else { throw ValidationError("--scenario \(scenario): cannot read the file") }
            var overrides = try fixed.map { try ScenarioOverride(parsing: $0) }
            if let agents = size.agents { overrides.append(ScenarioOverride(key: "agents", value: "\(agents)")) }
            if let epochs = size.epochs { overrides.append(ScenarioOverride(key: "epochs", value: "\(epochs)")) }
            let axes = try vary.map { try SweepAxis(parsing: $0) }
            let plan = try SweepPlan(
                scenarioYAML: text, overrides: overrides, axes: axes, seedCount: seeds, seedBase: seedBase)
            sweep = try Sweep(plan: plan, directory: out, resume: resume)
        } catch let error as ScenarioError {
            throw ValidationError("\(scenario): \(error)")
        } catch let error as SweepError {
            throw ValidationError(error.description)
        }
        let total = sweep.runs.count
        let pending = sweep.runs.filter { !sweep.isComplete($0) }.count
        let terminal = isatty(STDERR_FILENO) == 1
        note(
            "sweep: \(sweep.plan.settingCount) settings x \(seeds) seeds = \(total) runs"
                + (pending < total ? " (\(total - pending) complete, \(pending) to run)" : ""))
        var epochSeconds = 0.0, ran = 0
        let tables = try sweep.runAll(jobs: jobs, threads: size.threads) { run, outcome, done in
            epochSeconds += outcome.epochSeconds
            if !outcome.skipped { ran += 1 }
            let elapsed = seconds(clock.now - start)
            let eta = ran > 0 ? elapsed / Double(ran) * Double(pending - ran) : 0
            let took = outcome.skipped ? "(complete, skipped)" : String(format: "%.2fs", outcome.seconds)
            let line =
                "run \(done)/\(total) \(run.name) \(took)  "
                + String(format: "%.1fs elapsed, ETA %.1fs", elapsed, max(0, eta))
            if terminal {
                let width = 30, filled = width * done / max(total, 1)
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(line)".utf8))
            } else {
                note(line + "  " + sweep.describe(run))
            }
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        let wall = seconds(clock.now - start)
        let overhead =
            ran > 0 && jobs == 1
            ? String(format: ", overhead %.2f%% of the runs' epochs", (wall - epochSeconds) / epochSeconds * 100) : ""
        note(
            String(format: "sweep: %ld runs (%ld ran) in %.1fs, epochs %.1fs", total, ran, wall, epochSeconds) + overhead
                + "; wrote \(out)/runs.csv (\(tables.runs.count) rows) and \(out)/summary.csv (\(tables.summary.count) rows)")
    }

    private func note(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
