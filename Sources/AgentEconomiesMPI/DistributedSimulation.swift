import AgentEconomiesKernels
import AgentEconomiesSimulation

/// The population simulation over the ranks of an MPI job: every rank runs the same
/// `Simulation` with these steps, and every rank's records equal the single-process run's
/// (timing columns aside).
///
/// ```swift
/// let world = try Communicator.world()
/// var simulation = try Simulation(
///     scenario: scenario, threads: 1, steps: DistributedSimulation.steps(communicator: world))
/// while let record = try simulation.runEpoch() {
///     if world.rank == 0 { print(record.epoch, record.meanP) }
/// }
/// Communicator.finalize()
/// ```
///
/// The epoch's heavy steps split their work over the ranks: the Sybil lever's join
/// (``DistributedKernels/sybilClusters(_:metric:threshold:rule:path:threads:communicator:)``),
/// the boundary's spillover (interaction slices on chunk boundaries), and the auction
/// (``DistributedKernels/auction(_:parameters:threads:communicator:)``: the solver on row
/// blocks, the envy check on agent ranges). The light steps (interactions, identity,
/// missions, the HFN market) run on every rank alike; the state (population, activity,
/// credentials, market) is held by every rank. Only rank 0 should write outputs, checkpoints
/// and traces (set `traceEpoch` on rank 0 only).
public enum DistributedSimulation {
    /// The library's steps (`Simulation.defaultSteps`) with the heavy kernels distributed over
    /// `communicator`. Every step is collective: all ranks run the same epochs.
    public static func steps(communicator: Communicator) -> [SimulationStep] {
        Simulation.steps(kernels: kernels(communicator))
    }

    /// The distributed kernels behind the heavy steps.
    static func kernels(_ communicator: Communicator) -> EpochKernels {
        EpochKernels(
            clusters: { patterns, metric, threshold, rule, threads in
                try DistributedKernels.sybilClusters(
                    patterns, metric: metric, threshold: threshold, rule: rule, threads: threads,
                    communicator: communicator)
            },
            spillover: { p, accepted, permeability, rates, seed, threads in
                let mine = Partition.contiguous(
                    count: p.count, block: PermeabilityKernels.chunkSize, rank: communicator.rank,
                    size: communicator.size)
                return try DistributedKernels.spillover(
                    p: Array(p[mine]), accepted: Array(accepted[mine]), firstInteraction: mine.lowerBound,
                    permeability: permeability, rates: rates, seed: seed, threads: threads, communicator: communicator)
            },
            auction: { market, parameters, threads in
                try DistributedKernels.auction(market, parameters: parameters, threads: threads, communicator: communicator)
            })
    }
}
