// mpi-check: every distributed kernel against its single-process answer, on inputs every
// rank generates identically. Run under mpirun with any number of ranks (scripts/mpi-test.sh
// runs 1, 2, 3 and 4); prints `ranks=N` and one line per check, exits 1 on any difference.
// The inputs are Workloads' (the ones the split-kernel tests and the benchmarks run).
import AgentEconomiesKernels
import AgentEconomiesMPI
import AgentEconomiesSimulation
import Workloads

#if canImport(Glibc)
    import Glibc
#endif

let communicator: Communicator
do {
    communicator = try Communicator.world()
} catch {
    print("mpi-check: \(error)")
    exit(2)
}
let threads = 1
var failures = 0

/// Records one check's outcome (rank 0 prints it; every rank counts failures).
@MainActor func report(_ name: String, _ identical: Bool, _ detail: String) {
    if !identical { failures += 1 }
    if communicator.rank == 0 {
        print("ranks=\(communicator.size) \(name): \(identical ? "identical" : "DIFFERENT") (\(detail))")
    }
}

/// Doubles compared bit for bit.
func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
}

do {
    if communicator.rank == 0 { print("ranks=\(communicator.size)") }

    // Sybil join: both rules, both paths, three metrics, and the gathered patterns, on two
    // populations: the Sybil benchmarks' (Zipf-popular counterparties, planted groups with a
    // dominant target) and one in the split-kernel tests' form (uniform random keys; groups
    // of 6 rows in every 50 that share 12 keys, one row with an extra key: many similar pairs).
    let zipf = try PlantedPatterns.sparse(agents: 3_000, counterparties: 400, seed: 7).patterns
    let keyed = try PlantedPatterns.keyed(rows: 3_000, columns: 400, seed: 7, keyCounts: 4...15) { row in
        guard row % 50 < 6 else { return nil }
        var keys = Set((0..<12).map { Int32((row / 50 * 31 + $0 * 17) % 400) })
        if row % 50 == 5 { keys.insert(Int32((row / 50 * 31 + 399) % 400)) }  // a near copy
        return keys
    }
    for (name, population) in [("zipf", zipf), ("keyed", keyed)] {
        for (metric, threshold) in [(SimilarityMetric.combined, 0.5), (.jaccard, 0.8), (.cosine, 0.9)] {
            for rule in [ClusteringRule.greedy, .connectedComponents] {
                for path in [SimilarityPath.sparse, .dense] {
                    let single = try SimilarityJoin.clusters(
                        population, metric: metric, threshold: threshold, rule: rule, path: path, threads: threads)
                    let distributed = try DistributedKernels.sybilClusters(
                        population, metric: metric, threshold: threshold, rule: rule, path: path, threads: threads,
                        communicator: communicator)
                    // The greedy join skips rows already clustered, so its pair count is smaller.
                    let pairsAgree =
                        rule == .greedy || single.statistics.pairsFound == distributed.statistics.pairsFound
                    report(
                        "sybil \(name) \(metric) \(threshold) \(rule) \(path)",
                        single.clusters == distributed.clusters && pairsAgree,
                        "\(distributed.clusters.count) clusters, \(distributed.statistics.pairsFound) pairs")
                }
            }
        }
        let rows = Partition.contiguous(
            count: population.rowCount, block: 100, rank: communicator.rank, size: communicator.size)
        let offsets = population.rowOffsets, entries = offsets[rows.lowerBound]..<offsets[rows.upperBound]
        let localRows = try PatternMatrix(
            columnCount: population.columnCount,
            rowOffsets: offsets[rows.lowerBound...rows.upperBound].map { $0 - offsets[rows.lowerBound] },
            columns: Array(population.columns[entries]), values: Array(population.values[entries]))
        let gathered = try DistributedKernels.gatherPatterns(localRows, communicator: communicator)
        report(
            "sybil \(name) gathered patterns",
            gathered.rowOffsets == population.rowOffsets && gathered.columns == population.columns
                && gathered.values == population.values, "\(gathered.rowCount) rows")
    }

    // Envy check on tatonnement bundles (sorted path) and equilibrium bundles (pairwise).
    let auctionMarket = try Markets.random(agents: 6_000, resources: 16, seed: 11)
    for (name, solver) in [
        ("tatonnement", AuctionKernels.Solver.tatonnement(.init())),
        ("equilibrium", AuctionKernels.Solver.competitiveEquilibrium(.init())),
    ] {
        let run = try AuctionKernels.run(
            auctionMarket, parameters: AuctionKernels.RunParameters(solver: solver, envyTolerance: 0.05),
            threads: threads)
        let input = AuctionKernels.EnvyCheckInput(
            valuations: auctionMarket.valuations, bundles: run.bundles, bundleCosts: run.pricesPaid,
            utilities: run.utilities, budgets: auctionMarket.budgets, tolerance: 0.05)
        for path in [AuctionKernels.EnvyPath.sorted, .pairwise] {
            let single = try AuctionKernels.envyCheck(input, path: path, threads: threads)
            let distributed = try DistributedKernels.envyCheck(
                input, path: path, threads: threads, communicator: communicator)
            report(
                "envy \(name) bundles \(path)",
                single.violationsPerAgent == distributed.violationsPerAgent
                    && single.largestGap.bitPattern == distributed.largestGap.bitPattern
                    && Array(single.violations.prefix(1_000)) == Array(distributed.violations.prefix(1_000)),
                "\(distributed.violationCount) violations, largest gap \(distributed.largestGap)")
        }
    }

    // Tatonnement with the agents in row blocks (each rank builds only its rows).
    let big = try Markets.random(agents: 9_000, resources: 12, seed: 13)
    for parameters in [
        AuctionKernels.TatonnementParameters(), AuctionKernels.TatonnementParameters(maxRounds: 200, tolerance: 1e-4),
    ] {
        let single = AuctionKernels.tatonnement(big, parameters: parameters, threads: threads)
        let mine = Partition.contiguous(
            count: big.agentCount, block: AuctionKernels.blockRows, rank: communicator.rank, size: communicator.size)
        let local = big.rows(mine)
        let distributed = try DistributedKernels.tatonnement(
            local, firstAgent: mine.lowerBound, parameters: parameters, threads: threads, communicator: communicator)
        report(
            "tatonnement maxRounds=\(parameters.maxRounds) tolerance=\(parameters.tolerance)",
            sameBits(single.prices, distributed.prices) && single.rounds == distributed.rounds
                && single.converged == distributed.converged
                && single.lastMaxExcess.bitPattern == distributed.lastMaxExcess.bitPattern,
            "\(distributed.rounds) rounds, converged \(distributed.converged)")
    }

    // A layout that is not block-aligned is refused on every rank (no rank left waiting).
    if communicator.size > 1 {
        let mine = Partition.contiguous(count: big.agentCount, block: 1_000, rank: communicator.rank, size: communicator.size)
        let local = big.rows(mine)
        var refused = false
        do {
            _ = try DistributedKernels.tatonnement(
                local, firstAgent: mine.lowerBound, parameters: .init(), threads: threads, communicator: communicator)
        } catch is AgentEconomiesError {
            refused = true
        }
        let everyRank = try communicator.sum(refused ? 1 : 0) == communicator.size
        report("tatonnement refuses rows not aligned to blocks", everyRank, "refused on every rank: \(everyRank)")
    }

    // The equilibrium solver with the agents in row groups (each rank builds only its rows),
    // on a market with agents that take no part (no budget, nothing valued) and a good only
    // the last group's agents value.
    let groups = try Markets.holed(
        agents: 4 * AuctionKernels.equilibriumGroupRows + 3_000, resources: 8, seed: 19, lastResourceValuedBy: 1_000)
    for parameters in [
        AuctionKernels.EquilibriumParameters(), AuctionKernels.EquilibriumParameters(tolerance: 1e-9, maxIterations: 12),
    ] {
        let single = try AuctionKernels.equilibrium(groups, parameters: parameters, threads: threads)
        let mine = Partition.contiguous(
            count: groups.agentCount, block: AuctionKernels.equilibriumGroupRows, rank: communicator.rank,
            size: communicator.size)
        let distributed = try DistributedKernels.equilibrium(
            groups.rows(mine), firstAgent: mine.lowerBound, parameters: parameters, threads: threads,
            communicator: communicator)
        let bundles = try DistributedKernels.gatherRows(distributed.bundles, communicator: communicator)
        report(
            "equilibrium tolerance=\(parameters.tolerance) maxIterations=\(parameters.maxIterations)",
            sameBits(single.prices, distributed.prices) && single.iterations == distributed.iterations
                && single.newtonSteps == distributed.newtonSteps
                && single.rowsReadFraction.bitPattern == distributed.rowsReadFraction.bitPattern
                && single.smoothing.bitPattern == distributed.smoothing.bitPattern
                && single.certificate == distributed.certificate && single.converged == distributed.converged
                && bundles.rowOffsets == single.bundles.rowOffsets && bundles.columns == single.bundles.columns
                && sameBits(bundles.values, single.bundles.values),
            "\(distributed.iterations) passes, \(distributed.newtonSteps) Newton steps, converged \(distributed.converged)")
    }

    // The whole auction (solver on row blocks, envy check on agent ranges), both solvers.
    for (name, solver) in [
        ("tatonnement", AuctionKernels.Solver.tatonnement(.init())), ("equilibrium", .competitiveEquilibrium(.init())),
    ] {
        let parameters = AuctionKernels.RunParameters(solver: solver, envyTolerance: 0.05)
        let single = try AuctionKernels.run(groups, parameters: parameters, threads: threads)
        let distributed = try DistributedKernels.auction(
            groups, parameters: parameters, threads: threads, communicator: communicator)
        report(
            "auction \(name)",
            sameBits(single.prices, distributed.prices) && single.roundsToConverge == distributed.roundsToConverge
                && single.converged == distributed.converged && single.certificate == distributed.certificate
                && single.bundles.rowOffsets == distributed.bundles.rowOffsets
                && single.bundles.columns == distributed.bundles.columns
                && sameBits(single.bundles.values, distributed.bundles.values)
                && sameBits(single.utilities, distributed.utilities)
                && sameBits(single.pricesPaid, distributed.pricesPaid)
                && single.totalUtility.bitPattern == distributed.totalUtility.bitPattern
                && single.envy.violationsPerAgent == distributed.envy.violationsPerAgent
                && single.envy.largestGap.bitPattern == distributed.envy.largestGap.bitPattern,
            "\(distributed.roundsToConverge) rounds, \(distributed.envy.violationCount) envy violations")
    }

    // The population simulation's epochs, every rank running the distributed steps.
    for (file, agents, solver) in [
        ("baseline", 40_000, "tatonnement"), ("baseline", 40_000, "equilibrium"), ("sybil-attack", 6_000, "tatonnement"),
        ("sybil-evasion", 6_000, "tatonnement"), ("free-riding", 3_000, "tatonnement"),
    ] {
        var scenario = try Scenario.load(path: "scenarios/\(file).yaml")
        scenario.agents = agents
        scenario.epochs = 3
        scenario.auction.solver = solver
        var single = try Simulation(scenario: scenario, threads: threads)
        var distributed = try Simulation(
            scenario: scenario, threads: threads, steps: DistributedSimulation.steps(communicator: communicator))
        var same = true, epochs = 0, flagged = 0
        while let expected = try single.runEpoch() {
            guard let record = try distributed.runEpoch() else { same = false; break }
            same = same && expected.withoutTimings == record.withoutTimings
            epochs += 1
            flagged += record.sybilFlagged
        }
        same =
            same && single.state.active == distributed.state.active
            && single.state.market.marketPrice.bitPattern == distributed.state.market.marketPrice.bitPattern
            && single.state.ledger == distributed.state.ledger && single.state.effort == distributed.state.effort
            && single.state.obfuscation == distributed.state.obfuscation
        report(
            "simulation \(file) \(agents) agents \(solver)", same,
            "\(epochs) epochs, \(flagged) Sybil flags, records, wallets and learners equal but for the timing columns")
    }

    // Spillover over interaction slices.
    let n = 5 * PermeabilityKernels.chunkSize + 1_234
    let (p, accepted) = Interactions.columns(n, seed: 17)
    let rates = PermeabilityKernels.Rates(contagionRate: 0.3, spilloverAmplification: 1.5)
    let single = try PermeabilityKernels.simulateSpillover(
        p: p, accepted: accepted, permeability: 0.6, rates: rates, seed: 99, threads: threads)
    let slice = Partition.contiguous(
        count: n, block: PermeabilityKernels.chunkSize, rank: communicator.rank, size: communicator.size)
    let distributed = try DistributedKernels.spillover(
        p: Array(p[slice]), accepted: Array(accepted[slice]), firstInteraction: slice.lowerBound, permeability: 0.6,
        rates: rates, seed: 99, threads: threads, communicator: communicator)
    report(
        "spillover",
        single.indices == distributed.indices && sameBits(single.harm, distributed.harm)
            && single.blocked == distributed.blocked, "\(distributed.count) events over \(n) interactions")

    // Columns of different lengths on the last rank only: every rank throws (none left
    // waiting in a gather).
    if communicator.size > 1 {
        var badAccepted = Array(accepted[slice])
        if communicator.rank == communicator.size - 1 { badAccepted.removeLast() }
        var threw = false
        do {
            _ = try DistributedKernels.spillover(
                p: Array(p[slice]), accepted: badAccepted, firstInteraction: slice.lowerBound, permeability: 0.6,
                rates: rates, seed: 99, threads: threads, communicator: communicator)
        } catch {
            threw = true
        }
        let everyRank = try communicator.sum(threw ? 1 : 0) == communicator.size
        report("spillover refuses a bad slice on every rank", everyRank, "thrown on every rank: \(everyRank)")
    }

    // Permutation Shapley, with and without the stopping rule.
    let game = try Games.random(players: 37, seed: 18)
    for parameters in [
        ShapleyKernels.SamplingParameters(maxPermutations: 400, seed: 5),
        ShapleyKernels.SamplingParameters(maxPermutations: 4_000, targetStandardError: 0.5, roundPermutations: 64, seed: 6),
    ] {
        let single = try ShapleyKernels.permutation(game, parameters: parameters, threads: threads)
        let distributed = try DistributedKernels.permutationShapley(
            game, parameters: parameters, threads: threads, communicator: communicator)
        report(
            "shapley permutations=\(parameters.maxPermutations)",
            sameBits(single.values, distributed.values) && sameBits(single.standardErrors, distributed.standardErrors)
                && single.samples == distributed.samples, "\(distributed.samples) samples")
    }
} catch {
    print("mpi-check rank \(communicator.rank): \(error)")
    failures += 1
}

let totalFailures = (try? communicator.sum(failures)) ?? failures
if communicator.rank == 0 {
    print("ranks=\(communicator.size) \(totalFailures == 0 ? "all identical" : "\(totalFailures) DIFFERENT")")
}
Communicator.finalize()
exit(totalFailures == 0 ? 0 : 1)
