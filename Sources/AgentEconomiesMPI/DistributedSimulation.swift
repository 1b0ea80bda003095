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
/// The epoch's heavy steps split their work over the ranks: the interaction draw (chunks of
/// agents, each from its own stream, gathered on every rank), the Sybil lever's join
/// (``DistributedKernels/sybilClusters(_:metric:threshold:rule:path:threads:communicator:)``),
/// the boundary's spillover (interaction slices on chunk boundaries), and the auction
/// (``DistributedKernels/auction(_:parameters:threads:communicator:)``: the solver on row
/// blocks, the envy check on agent ranges). The light steps (identity, missions, the HFN
/// market) and the interaction patterns run on every rank alike; the state (population, activity,
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
            interactions: { population, scenario, plan, epoch, threads in
                let mine = Partition.contiguous(
                    count: population.count, block: EpochInteractions.chunkAgents, rank: communicator.rank,
                    size: communicator.size)
                let local = EpochInteractions.draw(
                    population, scenario: scenario, plan: plan, epoch: epoch, threads: threads, agents: mine)
                let counts = (0..<mine.count).map { Int32(local.offsets[$0 + 1] - local.offsets[$0]) }
                var offsets = [0]
                offsets.reserveCapacity(population.count + 1)
                for count in try communicator.allGatherConcatenated(counts).values {
                    offsets.append(offsets[offsets.count - 1] + Int(count))
                }
                return EpochInteractions(
                    offsets: offsets, counterparties: try communicator.allGatherConcatenated(local.counterparties).values,
                    p: try communicator.allGatherConcatenated(local.p).values,
                    accepted: try communicator.allGatherConcatenated(local.accepted.map { UInt8($0 ? 1 : 0) }).values.map {
                        $0 == 1
                    })
            },
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
