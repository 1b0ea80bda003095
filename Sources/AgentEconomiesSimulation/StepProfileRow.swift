import AgentEconomiesKernels
import Foundation

/// How one step of one epoch divided over the kernels' workers, from ``Simulation/profilesSteps``:
/// a line of `steps_profile.jsonl`, which `simulate --profile-steps` writes beside
/// `epochs.jsonl`, so that a run at the size and on the cores that matter to you shows what
/// more cores cannot shorten there.
public struct StepProfileRow: Codable, Equatable, Sendable {
    /// The epoch (1-based).
    public var epoch: Int
    /// The step's name (`seconds_<step>` in the epoch records).
    public var step: String
    /// The kernels' worker threads of the run.
    public var threads: Int
    /// Wall seconds of the step.
    public var seconds: Double
    /// Wall seconds outside the step's parallel regions: on one core at any thread count.
    public var serialSeconds: Double
    /// `serialSeconds / seconds`; in a 1-thread run, the share Amdahl's law leaves undivided.
    public var serialFraction: Double
    /// Over the step's parallel regions, the slowest worker's busy seconds summed over the
    /// mean worker's (1 when the work divides evenly or the step has no regions).
    public var imbalance: Double
    /// Top-level parallel regions the step ran.
    public var regions: Int

    /// The row of `step`'s `report` at `epoch`.
    public init(epoch: Int, step: String, threads: Int, report: ParallelProfile.Report) {
        self.epoch = epoch
        self.step = step
        self.threads = threads
        seconds = report.seconds
        serialSeconds = max(0, report.seconds - report.parallelSeconds)
        serialFraction = report.serialFraction
        imbalance = report.imbalance
        regions = report.regions
    }

    enum CodingKeys: String, CodingKey {
        case epoch, step, threads, seconds, imbalance, regions
        case serialSeconds = "serial_seconds"
        case serialFraction = "serial_fraction"
    }

    /// The rows of a simulation's last epoch (empty unless ``Simulation/profilesSteps`` is on).
    public static func lastEpoch(of simulation: Simulation, threads: Int) -> [StepProfileRow] {
        let epoch = simulation.state.epochsRun
        return simulation.lastStepProfiles.map { StepProfileRow(epoch: epoch, step: $0.step, threads: threads, report: $0.report) }
    }

    /// One JSON object, keys sorted, without a line break.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
