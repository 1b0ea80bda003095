import AgentEconomiesKernels
import Foundation

/// A population simulation: every component, epoch after epoch, on the columnar kernels.
///
/// ```swift
/// var simulation = try Simulation(scenario: try Scenario.load(yaml: text))
/// while let record = try simulation.runEpoch() { print(record.meanP) }
/// ```
///
/// Each epoch runs ``steps`` in order (interactions, identity, Sybil lever, permeability,
/// auction, missions, HFN; see <doc:Simulations>). The same scenario and seed give the same
/// records, timing columns aside, for any thread count.
public struct Simulation: Sendable {
    /// The state carried between epochs.
    public var state: SimulationState
    /// The epoch's steps, in order.
    public var steps: [SimulationStep]
    /// Worker count for the kernels (`nil`: all cores).
    public var threads: Int?
    /// The epoch whose steps write their inputs and outputs (see <doc:Simulations>), if any.
    public var traceEpoch: Int?
    /// The run's directory; a traced epoch `K` writes into `trace/epoch-K/` under it.
    public var traceRoot: URL?
    /// Whether epochs record their events (``lastEvents``; `simulate --events`).
    public var recordsEvents = false
    /// The last epoch's events, when ``recordsEvents`` is on.
    public private(set) var lastEvents: [SimulationEvent] = []
    /// Whether epochs measure how each step's time divides over the kernels' workers
    /// (``lastStepProfiles``; the benchmarks' serial fractions and imbalance per step).
    public var profilesSteps = false
    /// The last epoch's `ParallelProfile` report of each step, in step order, when
    /// ``profilesSteps`` is on.
    public private(set) var lastStepProfiles: [(step: String, report: ParallelProfile.Report)] = []

    /// A simulation at epoch 0.
    ///
    /// - Throws: ``ScenarioError`` for an invalid scenario.
    /// - Complexity: as ``SimulationState/init(_:threads:)``: O(agents x resources) to draw the
    ///   population.
    public init(scenario: Scenario, threads: Int? = nil, steps: [SimulationStep] = Simulation.defaultSteps) throws {
        state = try SimulationState(scenario, threads: threads)
        self.steps = steps
        self.threads = threads
    }

    /// A simulation continuing from `state` (a decoded checkpoint's), with the same results
    /// as if it had never stopped.
    public init(resuming state: SimulationState, threads: Int? = nil, steps: [SimulationStep] = Simulation.defaultSteps) {
        self.state = state
        self.steps = steps
        self.threads = threads
    }

    /// Runs the next epoch and returns its record, or nil after the scenario's last epoch.
    ///
    /// - Complexity: the steps' own. With the library's, the epoch is dominated by the auction
    ///   (O(rounds x agents x resources) plus the envy check), the Sybil join over the epoch's
    ///   interaction patterns and the interaction draw (O(interactions log agents)); the other
    ///   steps are linear in agents, interactions, open missions and the HFN market's orders.
    public mutating func runEpoch() throws -> EpochRecord? {
        if state.epochsRun >= state.scenario.epochs { return nil }
        var context = EpochContext(epoch: state.epochsRun + 1, threads: threads)
        context.record.epoch = context.epoch
        if recordsEvents { context.events = [] }
        if let traceEpoch, let traceRoot, traceEpoch == context.epoch {
            let directory = traceRoot.appendingPathComponent("trace/epoch-\(context.epoch)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            context.traceDirectory = directory
        }
        let clock = ContinuousClock()
        lastStepProfiles = []
        for step in steps {
            let start = clock.now
            if profilesSteps {
                let (_, report) = try ParallelProfile.measure { try step.run(&state, &context) }
                lastStepProfiles.append((step.name, report))
            } else {
                try step.run(&state, &context)
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if let timing = step.timing { context.record.addSeconds(seconds, step: timing) }
        }
        // Agents barred by the Sybil lever sit out the next epoch.
        if !context.blockedNext.isEmpty { state.active = context.blockedNext.map { !$0 } }
        state.ledger.closeEpoch()
        try state.ledger.check(epoch: context.epoch)
        context.record.tokensTotal = state.ledger.total
        context.record.tokensMinted = state.ledger.minted
        context.record.tokensBurned = state.ledger.burned
        state.epochsRun += 1
        state.records.append(context.record)
        lastEvents = context.events ?? []
        return context.record
    }

    /// The library's steps: interactions, payoffs, identity, sybil, permeability, auction,
    /// missions, hfn, learning.
    public static let defaultSteps = steps(kernels: .singleProcess)

    /// The library's steps with the heavy kernels taken from `kernels` (the MPI module passes
    /// its distributed ones).
    package static func steps(kernels: EpochKernels) -> [SimulationStep] {
        [
            SimulationStep(.interactions) { try Steps.interactions(&$0, &$1, kernels) },
            SimulationStep(.payoffs, run: Steps.payoffs),
            SimulationStep(.identity, run: Steps.identity),
            SimulationStep(.sybil) { try Steps.sybil(&$0, &$1, kernels) },
            SimulationStep(.permeability) { try Steps.permeability(&$0, &$1, kernels) },
            SimulationStep(.auction) { try Steps.auction(&$0, &$1, kernels) },
            SimulationStep(.missions, run: Steps.missions),
            SimulationStep(.hfn, run: Steps.hfn),
            SimulationStep(.learning, run: Steps.learning),
        ]
    }
}

/// The kernels behind an epoch's heavy steps (the interaction draw, the Sybil join, the
/// spillover draw, the auction): the library's own in one process, or the MPI module's
/// distributed ones, which give the same answers, so the records are the same.
package struct EpochKernels: Sendable {
    /// The epoch's interaction draw (population, scenario, the epoch's plan, epoch, threads).
    package var interactions:
        @Sendable (_ population: Population, _ scenario: Scenario, _ plan: EpochPlan, _ epoch: Int, _ threads: Int?)
            throws -> EpochInteractions
    /// The Sybil lever's join and clustering.
    package var clusters:
        @Sendable (
            _ patterns: PatternMatrix, _ metric: SimilarityMetric, _ threshold: Double, _ rule: ClusteringRule,
            _ threads: Int?
        ) throws -> SimilarityJoin.Clusters
    /// The boundary's spillover draw over the epoch's interactions.
    package var spillover:
        @Sendable (
            _ p: [Double], _ accepted: [Bool], _ permeability: Double, _ rates: PermeabilityKernels.Rates,
            _ seed: UInt64, _ threads: Int?
        ) throws -> PermeabilityKernels.Spillovers
    /// The whole auction.
    package var auction:
        @Sendable (_ market: AuctionMarket, _ parameters: AuctionKernels.RunParameters, _ threads: Int?) throws ->
            AuctionMarketResult

    /// Kernels from their four functions.
    package init(
        interactions: @escaping @Sendable (Population, Scenario, EpochPlan, Int, Int?) throws -> EpochInteractions,
        clusters:
            @escaping @Sendable (PatternMatrix, SimilarityMetric, Double, ClusteringRule, Int?) throws ->
            SimilarityJoin.Clusters,
        spillover:
            @escaping @Sendable ([Double], [Bool], Double, PermeabilityKernels.Rates, UInt64, Int?) throws ->
            PermeabilityKernels.Spillovers,
        auction: @escaping @Sendable (AuctionMarket, AuctionKernels.RunParameters, Int?) throws -> AuctionMarketResult
    ) {
        self.interactions = interactions
        self.clusters = clusters
        self.spillover = spillover
        self.auction = auction
    }

    /// The library's kernels in this process.
    package static let singleProcess = EpochKernels(
        interactions: { population, scenario, plan, epoch, threads in
            EpochInteractions.draw(population, scenario: scenario, plan: plan, epoch: epoch, threads: threads)
        },
        clusters: { patterns, metric, threshold, rule, threads in
            try SimilarityJoin.clusters(patterns, metric: metric, threshold: threshold, rule: rule, threads: threads)
        },
        spillover: { p, accepted, permeability, rates, seed, threads in
            try PermeabilityKernels.simulateSpillover(
                p: p, accepted: accepted, permeability: permeability, rates: rates, seed: seed, threads: threads)
        },
        auction: { market, parameters, threads in try AuctionKernels.run(market, parameters: parameters, threads: threads) }
    )
}
