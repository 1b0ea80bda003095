import AgentEconomiesKernels
import Foundation

/// A parameter sweep written into a directory: `sweep.json` (the plan), one run directory per
/// setting and seed under `runs/` (`epochs.csv`, `epochs.jsonl`, `summary.json`,
/// `scenario.resolved.yaml`, as `simulate` writes them), and ``finish()``'s `runs.csv` and
/// `summary.csv`. See <doc:Experiments>.
///
/// Runs are independent: ``run(_:threads:)`` may be called from several threads at once
/// (each run is its own simulation). A run whose `summary.json` exists is complete; a
/// resumed sweep skips it and reads its means back from its `epochs.jsonl`.
public final class Sweep: Sendable {
    /// The plan.
    public let plan: SweepPlan
    /// The sweep's directory.
    public let directory: URL
    /// Every run, setting-major.
    public let runs: [SweepRun]
    private let results = Locked<[Int: [Double]]>([:])

    /// What one call of ``run(_:threads:)`` did.
    public struct Outcome: Sendable {
        /// The run's metric means (``SweepTables/metrics`` order).
        public let means: [Double]
        /// Whether the run was already complete in the directory (nothing ran).
        public let skipped: Bool
        /// Seconds inside the simulation's epochs (0 when skipped).
        public let epochSeconds: Double
        /// Seconds of the whole call: building the scenario and population, the epochs,
        /// writing the run's files.
        public let seconds: Double
    }

    /// Opens `directory` for `plan`: creates it and writes `sweep.json`, or, with `resume`,
    /// checks that the `sweep.json` there holds the same plan.
    ///
    /// - Throws: ``SweepError`` when the directory holds a sweep and `resume` is off, or holds
    ///   a different plan, or cannot be written.
    /// - Complexity: O(settings x seeds) for the list of runs, plus writing or reading
    ///   `sweep.json`.
    public init(plan: SweepPlan, directory path: String, resume: Bool) throws {
        self.plan = plan
        directory = URL(fileURLWithPath: path)
        runs = plan.runs
        let file = directory.appendingPathComponent("sweep.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let planData = try encoder.encode(plan)
        if let existing = FileManager.default.contents(atPath: file.path) {
            guard resume else {
                throw SweepError("\(path) already holds a sweep (sweep.json); pass --resume to continue it, or choose another --out")
            }
            guard let old = try? JSONDecoder().decode(SweepPlan.self, from: existing), old == plan else {
                throw SweepError(
                    "\(path)/sweep.json holds a different sweep (scenario, overrides, --vary or seeds differ); "
                        + "resume it with the same arguments, or choose another --out")
            }
        } else {
            do {
                try FileManager.default.createDirectory(
                    at: directory.appendingPathComponent("runs"), withIntermediateDirectories: true)
                try planData.write(to: file)
            } catch { throw SweepError("cannot write the sweep into \(path): \(error.localizedDescription)") }
        }
    }

    /// The directory of `run`.
    public func directory(of run: SweepRun) -> URL {
        directory.appendingPathComponent("runs").appendingPathComponent(run.name)
    }

    /// Whether `run` is complete in the directory.
    public func isComplete(_ run: SweepRun) -> Bool {
        FileManager.default.fileExists(atPath: directory(of: run).appendingPathComponent("summary.json").path)
    }

    /// Runs run `index` (or reads it back when complete), on `threads` kernel threads.
    ///
    /// - Throws: ``SweepError`` for an index out of range or an unreadable complete run;
    ///   ``ScenarioError`` or ``SimulationError`` from the run.
    /// - Complexity: one simulation of the run's scenario.
    public func run(_ index: Int, threads: Int?) throws -> Outcome {
        guard runs.indices.contains(index) else {
            throw SweepError("run index \(index) is out of range: the sweep has \(runs.count) runs")
        }
        let run = runs[index]
        let clock = ContinuousClock()
        let start = clock.now
        let folder = directory(of: run)
        if isComplete(run) {
            let means = SweepTables.means(of: try readRecords(folder))
            results.withLock { $0[index] = means }
            return Outcome(means: means, skipped: true, epochSeconds: 0, seconds: seconds(clock.now - start))
        }
        let scenario = try plan.scenario(for: run)
        var simulation = try Simulation(scenario: scenario, threads: threads)
        let outputs = try RunOutputs(directory: folder.path, scenario: scenario)
        var epochSeconds = 0.0
        while true {
            let epochStart = clock.now
            guard let record = try simulation.runEpoch() else { break }
            epochSeconds += seconds(clock.now - epochStart)
            try outputs.append(record)
        }
        try outputs.finish(
            RunSummary(
                scenario: scenario, threads: threads ?? Parallel.defaultThreadCount, records: simulation.state.records,
                seconds: seconds(clock.now - start)))
        let means = SweepTables.means(of: simulation.state.records)
        results.withLock { $0[index] = means }
        return Outcome(means: means, skipped: false, epochSeconds: epochSeconds, seconds: seconds(clock.now - start))
    }

    /// Runs every run not yet complete, `jobs` at a time (each on `threads / jobs` kernel
    /// threads, at least one), calling `progress` after each (under a lock, in completion
    /// order), then writes the tables.
    ///
    /// - Throws: the first run's error (the runs already under way finish first).
    /// - Complexity: every incomplete run's simulation, `jobs` at a time, then ``finish()``.
    public func runAll(
        jobs: Int = 1, threads: Int? = nil, progress: (_ run: SweepRun, _ outcome: Outcome, _ done: Int) -> Void = { _, _, _ in }
    ) throws -> SweepTables {
        let jobs = max(1, min(jobs, runs.count))
        let perRun = max(1, (threads ?? Parallel.defaultThreadCount) / jobs)
        let next = Locked(0)
        let failure = Locked<(any Error)?>(nil)
        let report = Locked(0)
        withoutActuallyEscaping(progress) { progress in
            let box = UncheckedSendable(progress)
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    let index = next.withLock { value -> Int in
                        defer { value += 1 }
                        return value
                    }
                    if index >= runs.count || failure.withLock({ $0 != nil }) { return }
                    do {
                        let outcome = try run(index, threads: perRun)
                        report.withLock { done in
                            done += 1
                            box.value(runs[index], outcome, done)
                        }
                    } catch {
                        failure.withLock { if $0 == nil { $0 = error } }
                        return
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return try finish()
    }

    /// Writes `runs.csv` and `summary.csv` from every run's means (read back from the run
    /// directories for runs this object did not run) and returns the tables.
    ///
    /// - Throws: ``SweepError`` naming the first run that is not complete.
    /// - Complexity: O(runs x metrics), plus reading back the `epochs.jsonl` of every run this
    ///   object did not run.
    public func finish() throws -> SweepTables {
        let known = results.withLock { $0 }
        var rows: [(setting: Int, values: [String], seed: UInt64, means: [Double])] = []
        for run in runs {
            var means = known[run.index]
            if means == nil {
                guard isComplete(run) else {
                    throw SweepError("run \(run.name) (\(describe(run))) has not run; run every run before finishing")
                }
                means = SweepTables.means(of: try readRecords(directory(of: run)))
            }
            rows.append((run.setting, run.values, run.seed, means!))
        }
        let tables = SweepTables(axes: plan.axes.map(\.key), runs: rows)
        do {
            try tables.runsCSV.write(to: directory.appendingPathComponent("runs.csv"), atomically: true, encoding: .utf8)
            try tables.summaryCSV.write(
                to: directory.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
        } catch { throw SweepError("cannot write the tables into \(directory.path): \(error.localizedDescription)") }
        return tables
    }

    /// `key=value, ..., seed=S` of a run.
    public func describe(_ run: SweepRun) -> String {
        (zip(plan.axes, run.values).map { "\($0.key)=\($1)" } + ["seed=\(run.seed)"]).joined(separator: ", ")
    }

    /// The records of a complete run directory, from its `epochs.jsonl`.
    private func readRecords(_ folder: URL) throws -> [EpochRecord] {
        let file = folder.appendingPathComponent("epochs.jsonl")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw SweepError("cannot read \(file.path)")
        }
        let decoder = JSONDecoder()
        do {
            return try data.split(separator: 0x0A).map { try decoder.decode(EpochRecord.self, from: Data($0)) }
        } catch { throw SweepError("\(file.path) does not hold epoch records: \(error)") }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

/// A sweep that cannot go on: its directory, a run index, or a run's files.
public struct SweepError: Error, CustomStringConvertible, Equatable {
    /// What went wrong.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
