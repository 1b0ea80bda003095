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

    /// A simulation at epoch 0.
    ///
    /// - Throws: ``ScenarioError`` for an invalid scenario.
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
    public mutating func runEpoch() throws -> EpochRecord? {
        if state.epochsRun >= state.scenario.epochs { return nil }
        var context = EpochContext(epoch: state.epochsRun + 1, threads: threads)
        context.record.epoch = context.epoch
        if let traceEpoch, let traceRoot, traceEpoch == context.epoch {
            let directory = traceRoot.appendingPathComponent("trace/epoch-\(context.epoch)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            context.traceDirectory = directory
        }
        let clock = ContinuousClock()
        for step in steps {
            let start = clock.now
            try step.run(&state, &context)
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            context.record.addSeconds(seconds, step: step.name)
        }
        // Agents barred by the Sybil lever sit out the next epoch.
        if !context.blockedNext.isEmpty { state.active = context.blockedNext.map { !$0 } }
        state.epochsRun += 1
        state.records.append(context.record)
        return context.record
    }

    /// The library's steps: interactions, identity, sybil, permeability, auction, missions, hfn.
    public static let defaultSteps = steps(kernels: .singleProcess)

    /// The library's steps with the heavy kernels taken from `kernels` (the MPI module passes
    /// its distributed ones).
    package static func steps(kernels: EpochKernels) -> [SimulationStep] {
        [
            SimulationStep(name: "interactions") { try Steps.interactions(&$0, &$1, kernels) },
            SimulationStep(name: "identity", run: Steps.identity),
            SimulationStep(name: "sybil") { try Steps.sybil(&$0, &$1, kernels) },
            SimulationStep(name: "permeability") { try Steps.permeability(&$0, &$1, kernels) },
            SimulationStep(name: "auction") { try Steps.auction(&$0, &$1, kernels) },
            SimulationStep(name: "missions", run: Steps.missions),
            SimulationStep(name: "hfn", run: Steps.hfn),
        ]
    }
}

/// The kernels behind an epoch's heavy steps (the interaction draw, the Sybil join, the
/// spillover draw, the auction): the library's own in one process, or the MPI module's
/// distributed ones, which give the same answers, so the records are the same.
package struct EpochKernels: Sendable {
    /// The epoch's interaction draw (population, scenario, active flags, epoch, threads).
    package var interactions:
        @Sendable (_ population: Population, _ scenario: Scenario, _ active: [Bool], _ epoch: Int, _ threads: Int?)
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
        interactions: @escaping @Sendable (Population, Scenario, [Bool], Int, Int?) throws -> EpochInteractions,
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
        interactions: { population, scenario, active, epoch, threads in
            EpochInteractions.draw(population, scenario: scenario, active: active, epoch: epoch, threads: threads)
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

extension EpochRecord {
    mutating func addSeconds(_ seconds: Double, step: String) {
        switch step {
        case "interactions": secondsInteractions += seconds
        case "identity": secondsIdentity += seconds
        case "sybil": secondsSybil += seconds
        case "permeability": secondsPermeability += seconds
        case "auction": secondsAuction += seconds
        case "missions": secondsMissions += seconds
        case "hfn": secondsHFN += seconds
        default: break
        }
    }
}

/// The library's epoch steps.
enum Steps {
    /// Interactions of the active agents; the epoch's activity counters.
    static func interactions(
        _ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels
    ) throws {
        let interactions = try kernels.interactions(
            state.population, state.scenario, state.active, context.epoch, context.threads)
        context.interactions = interactions
        context.record.activeAgents = state.active.lazy.filter { $0 }.count
        context.record.interactions = interactions.count
        var sum = CompensatedSum(), accepted = 0
        for value in interactions.p { sum.add(value) }
        for flag in interactions.accepted where flag { accepted += 1 }
        context.record.meanP = interactions.count > 0 ? sum.sum / Double(interactions.count) : 0
        context.record.acceptanceRate = interactions.count > 0 ? Double(accepted) / Double(interactions.count) : 0
    }

    /// Reputation credentials from each agent's mean p, then trust scores.
    @Sendable static func identity(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let n = state.population.count, interactions = context.interactions
        var meanP = [Double](repeating: 0.5, count: n)
        let threshold = state.scenario.identity.credentialThreshold
        for agent in 0..<n {
            let range = interactions.offsets[agent]..<interactions.offsets[agent + 1]
            state.credentialEpochs[agent] <<= 1
            if range.isEmpty { continue }
            var sum = 0.0
            for index in range { sum += interactions.p[index] }
            meanP[agent] = sum / Double(range.count)
            if meanP[agent] >= threshold { state.credentialEpochs[agent] |= 1 }
        }
        context.meanP = meanP
        context.trust = (0..<n).map { state.trust($0) }
        var total = CompensatedSum()
        for value in context.trust { total.add(value) }
        context.record.meanTrust = total.sum / Double(n)
    }

    /// The Sybil lever on the epoch's patterns: clusters, precision and recall against the
    /// planted rings, and agents of oversized clusters barred for the next epoch.
    static func sybil(_ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels) throws {
        let n = state.population.count, spec = state.scenario.identity
        let matrix = try context.interactions.patterns(agents: n)
        let metric: SimilarityMetric = spec.metric == "cosine" ? .cosine : spec.metric == "jaccard" ? .jaccard : .combined
        let rule: ClusteringRule = spec.clustering == "greedy" ? .greedy : .connectedComponents
        let joined = try kernels.clusters(matrix, metric, spec.similarityThreshold, rule, context.threads)
        let clusters = joined.clusters
        if let directory = context.traceDirectory {
            try EpochTrace.writeSybil(to: directory, spec: spec, patterns: matrix, clusters: clusters)
        }
        var blocked = [Bool](repeating: false, count: n)
        var flagged = 0, flaggedSybils = 0
        for cluster in clusters {
            for agent in cluster {
                flagged += 1
                if state.population.ring[agent] >= 0 { flaggedSybils += 1 }
                if cluster.count > spec.maxClusterSize { blocked[agent] = true }
            }
        }
        var activeSybils = 0
        for agent in 0..<n where state.population.ring[agent] >= 0 && state.active[agent] { activeSybils += 1 }
        context.blockedNext = blocked
        context.record.sybilClusters = clusters.count
        context.record.sybilFlagged = flagged
        context.record.sybilPrecision = flagged > 0 ? Double(flaggedSybils) / Double(flagged) : 1
        context.record.sybilRecall = activeSybils > 0 ? Double(flaggedSybils) / Double(activeSybils) : 1
    }

    /// The boundary: threat from the previous epoch's harm, the population's mean trust, and
    /// spillover over the epoch's accepted interactions (chunk-seeded draws).
    static func permeability(
        _ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels
    ) throws {
        let spec = state.scenario.permeability
        let scale = spec.harmPerInteractionAtFullThreat * Double(max(1, context.interactions.count))
        let threat = min(1, state.previousHarm / scale)
        let effective = PermeabilityKernels.effectivePermeability(
            base: spec.basePermeability, threatLevel: threat, threatSensitivity: spec.threatSensitivity,
            agentTrust: context.record.meanTrust)
        let seed = state.scenario.seed &* 31 &+ UInt64(context.epoch)
        let spillovers = try kernels.spillover(
            context.interactions.p, context.interactions.accepted, effective,
            .init(contagionRate: spec.contagionRate, spilloverAmplification: spec.spilloverAmplification),
            seed, context.threads)
        if let directory = context.traceDirectory {
            try EpochTrace.writeSpillover(
                to: directory, spec: spec, threat: threat, trust: context.record.meanTrust, permeability: effective,
                seed: seed, interactions: context.interactions, spillovers: spillovers)
        }
        let harm = spillovers.externalHarm
        context.record.effectivePermeability = effective
        context.record.spilloverHarm = harm
        context.record.containmentRate =
            spillovers.count > 0 ? Double(spillovers.blockedCount) / Double(spillovers.count) : 1
        state.previousHarm = harm
    }

    /// The auction: reputation-modulated budgets (barred agents get none) over the resources.
    static func auction(_ state: inout SimulationState, _ context: inout EpochContext, _ kernels: EpochKernels) throws {
        let spec = state.scenario.auction, n = state.population.count
        var budgets = try reputationBudgets(endowment: spec.endowment, averageP: context.meanP)
        for agent in 0..<n where !state.active[agent] { budgets[agent] = 0 }
        let supplies = [Double](
            repeating: spec.supplyPerAgent * Double(n) / Double(spec.resources), count: spec.resources)
        let market = try AuctionMarket(valuations: state.population.valuations, budgets: budgets, supplies: supplies)
        let solver: AuctionKernels.Solver =
            spec.solver == "equilibrium"
            ? .competitiveEquilibrium(.init())
            : .tatonnement(
                .init(maxRounds: spec.maxRounds, rate: spec.priceAdjustmentRate, tolerance: spec.convergenceTolerance))
        let result = try kernels.auction(
            market, .init(solver: solver, envyTolerance: spec.envyTolerance), context.threads)
        if let directory = context.traceDirectory {
            try EpochTrace.writeAuction(to: directory, spec: spec, market: market, result: result)
        }
        // The HFN market trades resource 0: who holds it, and who would rather have it.
        let bundles = result.bundles, price = result.prices[0], needRatio = state.scenario.hfn.needRatio
        context.holdings = [Double](repeating: 0, count: n)
        context.wantsResource0 = [Bool](repeating: false, count: n)
        for agent in 0..<n where state.active[agent] {
            for entry in bundles.rowOffsets[agent]..<bundles.rowOffsets[agent + 1] where bundles.columns[entry] == 0 {
                context.holdings[agent] += bundles.values[entry]
            }
            let spent = result.pricesPaid[agent], value = market.valuations[agent, 0]
            if context.holdings[agent] == 0 && spent > 0 && value > 0 {
                context.wantsResource0[agent] = value / price >= needRatio * result.utilities[agent] / spent
            }
        }
        context.record.auctionGini = giniCoefficient(result.utilities)
        context.record.envyViolations = result.envy.violationCount
        context.record.maxExcessDemand = result.certificate.maxExcess
        context.record.auctionRounds = result.roundsToConverge
    }

    /// Missions: `per_epoch` proposals, each joined by participants sampled among the active
    /// agents; every open mission's active participants contribute their epoch's
    /// interactions; a mission whose deadline is this epoch is evaluated (mean p of all its
    /// contributions against the target) and pays its pool by the scenario's rule, or
    /// expires. The free-rider index is the mean Gini of contribution counts of the missions
    /// evaluated.
    @Sendable static func missions(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let spec = state.scenario.missions, n = state.population.count, epoch = context.epoch
        let activeAgents = (0..<n).filter { state.active[$0] }
        var random = FastRandom(seed: state.scenario.seed &+ 0x51ED, stream: UInt64(epoch))
        if !activeAgents.isEmpty {
            for _ in 0..<spec.perEpoch {
                var participants = Set<Int>()
                let size = min(spec.participants, activeAgents.count)
                while participants.count < size {
                    participants.insert(activeAgents[Int(random.next() % UInt64(activeAgents.count))])
                }
                state.openMissions.append(
                    OpenMission(
                        proposedEpoch: epoch, deadlineEpoch: epoch + spec.durationEpochs - 1,
                        participants: participants.sorted()))
                context.record.missionsProposed += 1
            }
        }
        for index in state.openMissions.indices {
            state.openMissions[index].contribute(context.interactions, active: state.active)
        }
        let objectives = try MissionObjectiveColumns(metrics: [.avgP], targets: [spec.targetAvgP], weights: [1])
        var succeeded = 0, expired = 0, paid = CompensatedSum(), freeRider = 0.0
        let due = state.openMissions.filter { $0.deadlineEpoch <= epoch }
        state.openMissions.removeAll { $0.deadlineEpoch <= epoch }
        for mission in due {
            let (offsets, p, accepted) = mission.ledgerColumns()
            let items = (0..<Int32(p.count)).map { $0 }
            let ledger = try MissionLedger(
                contributionOffsets: offsets, recordedItems: items, itemCount: p.count, p: p, accepted: accepted,
                interactionItems: items)
            freeRider += giniCoefficient(mission.p.map { Double($0.count) })
            guard !p.isEmpty, objectives.evaluate(ledger.recordedAggregate).met.allSatisfy({ $0 }) else {
                expired += 1
                continue
            }
            succeeded += 1
            let payout: MissionPayout
            switch spec.rewardDistribution {
            case "equal": payout = MissionKernels.equal(ledger, pool: spec.rewardPool)
            case "shapley": payout = MissionKernels.leaveOneOut(ledger, pool: spec.rewardPool)
            default: payout = MissionKernels.proportional(ledger, pool: spec.rewardPool)
            }
            for amount in payout.amounts { paid.add(amount) }
        }
        context.record.missionsSucceeded = succeeded
        context.record.missionsExpired = expired
        context.record.missionsOpen = state.openMissions.count
        context.record.rewardsPaid = paid.sum
        context.record.freeRiderIndex = due.isEmpty ? 0 : freeRider / Double(due.count)
    }

    /// The HFN market on resource 0: each tick a share of the active agents is drawn; a
    /// holder of resource 0 offers part of its holding (an ask), an agent that wants it bids,
    /// the others place nothing; prices within 3% of the market price. In the panic epoch's
    /// first batch interval every drawn agent sells and buys at half the price. Batch
    /// clearing, the flash-crash detector and halts as in the engine; orders live for the
    /// epoch (the books are emptied at its end).
    @Sendable static func hfn(_ state: inout SimulationState, _ context: inout EpochContext) throws {
        let spec = state.scenario.hfn, n = state.population.count
        let activeAgents = (0..<n).filter { state.active[$0] }
        if activeAgents.isEmpty { return }
        var random = FastRandom(seed: state.scenario.seed &+ 0xF1A5, stream: UInt64(context.epoch))
        let traders = max(1, Int(Double(activeAgents.count) * spec.traderShare))
        let tradesBefore = state.market.tradePrices.count
        var holdings = context.holdings.count == n ? context.holdings : [Double](repeating: 0, count: n)
        let wants = context.wantsResource0.count == n ? context.wantsResource0 : [Bool](repeating: false, count: n)
        var crashes = 0, halted = 0
        for tick in 0..<spec.ticksPerEpoch {
            let price = state.market.marketPrice
            let panic = context.epoch == spec.panicEpoch && tick < spec.batchIntervalTicks
            for _ in 0..<traders {
                let agent = activeAgents[Int(random.next() % UInt64(activeAgents.count))]
                let quantity = random.uniform(0.5, 2)
                let offer = price * (1 + random.uniform(-0.03, 0.03))
                if panic {
                    _ = state.market.submit(
                        agent: Int32(agent), resource: 0, orderType: .ask, quantity: quantity, price: price * 0.5)
                    _ = state.market.submit(
                        agent: Int32(agent), resource: 0, orderType: .bid, quantity: quantity, price: price * 0.5)
                } else if holdings[agent] > 0 {
                    let offered = min(quantity, holdings[agent])
                    holdings[agent] -= offered
                    _ = state.market.submit(agent: Int32(agent), resource: 0, orderType: .ask, quantity: offered, price: offer)
                } else if wants[agent] {
                    _ = state.market.submit(agent: Int32(agent), resource: 0, orderType: .bid, quantity: quantity, price: offer)
                }
            }
            state.market.advance()
            if state.market.isHalted { halted += 1 }
            let started = state.monitor.update(
                price: state.market.marketPrice, volume: state.market.ordersSubmitted, tick: state.market.currentTick)
            if started {
                crashes += 1
                state.market.halt(durationTicks: spec.haltDurationTicks)
            }
            state.market.endTick()
        }
        context.record.trades = state.market.tradePrices.count - tradesBefore
        // Day orders: nothing rests into the next epoch, and the log keeps one epoch's trades.
        state.market.removeAllOrders()
        state.market.removeTradeLog()
        context.record.flashCrashes = crashes
        context.record.haltedTicks = halted
        context.record.marketPrice = state.market.marketPrice
    }
}
