// mpi-bench: the distributed Sybil join, envy check, equilibrium solver and simulation epoch
// timed on this job's ranks (one thread each), as records of the benchmark JSON (`ranks` among the params). With
// `--json PATH` rank 0 appends its records to PATH (created if missing); a record for more
// than one rank takes the last one-rank record of the same kernel already in PATH as its baseline
// (`baseline_s`, `speedup_vs_baseline`). `--quick` uses small sizes. scripts/mpi-bench.sh
// runs it on 1 and 2 ranks. The inputs are Workloads' (the benchmarks' Sybil population and
// market).
import AgentEconomiesKernels
import AgentEconomiesMPI
import AgentEconomiesSimulation
import Foundation
import Workloads

let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let jsonPath = arguments.firstIndex(of: "--json").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
let only = arguments.firstIndex(of: "--only").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
let threads = 1

let communicator: Communicator
do {
    communicator = try Communicator.world()
} catch {
    FileHandle.standardError.write(Data("mpi-bench: \(error)\n".utf8))
    exit(2)
}

@MainActor func progress(_ message: String) {
    if communicator.rank == 0 { FileHandle.standardError.write(Data("mpi-bench ranks=\(communicator.size): \(message)\n".utf8)) }
}

/// Seconds of `body` on the slowest rank, `runs` times (each run starts after a barrier).
func measure(runs: Int, communicator: Communicator, _ body: () throws -> Void) throws -> [Double] {
    try (0..<runs).map { _ in
        try communicator.barrier()
        let start = Communicator.time()
        try body()
        return try communicator.maximum(Communicator.time() - start)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

var records: [[String: Any]] = []

/// A benchmark record (the fields of the benchmark JSON).
func record(kernel: String, params: [String: Any], times: [Double], metrics: [String: Any]) -> [String: Any] {
    var entry: [String: Any] = [
        "kernel": kernel, "params": params, "median_s": median(times), "min_s": times.min()!, "runs": times.count,
        "gflops": NSNull(), "peak_fraction": NSNull(), "baseline_s": NSNull(), "speedup_vs_baseline": NSNull(),
    ]
    for (key, value) in metrics { entry[key] = value }
    return entry
}

do {
    if only == nil || only == "mpi.sybil_clusters" {
        let agents = quick ? 40_000 : 300_000, counterparties = quick ? 8_000 : 30_000, threshold = 0.8
        progress("mpi.sybil_clusters: generating \(agents) agents x 20 of \(counterparties) counterparties")
        // The population of sybil.sparse_clusters (its standard size without --quick).
        let population = try PlantedPatterns.sparse(agents: agents, counterparties: counterparties, seed: 12)
        let patterns = population.patterns, groups = population.groups.count
        var clusters = try DistributedKernels.sybilClusters(
            patterns, threshold: threshold, threads: threads, communicator: communicator)
        let sybilTimes = try measure(runs: 3, communicator: communicator) {
            clusters = try DistributedKernels.sybilClusters(
                patterns, threshold: threshold, threads: threads, communicator: communicator)
        }
        progress("mpi.sybil_clusters: median \(median(sybilTimes)) s")
        // Where the time goes (for the scaling model): building the join on every rank, this
        // rank's share of the join, and the replay of the clustering over every pair.
        let blocks = Partition.roundRobin(
            count: agents, block: DistributedKernels.joinBlockRows, rank: communicator.rank, size: communicator.size)
        let buildTimes = try measure(runs: 3, communicator: communicator) {
            _ = try SimilarityJoin.forwardNeighbors(patterns, threshold: threshold, threads: threads, blocks: [])
        }
        var strips: [StripNeighbors] = []
        let shareTimes = try measure(runs: 3, communicator: communicator) {
            strips = try SimilarityJoin.forwardNeighbors(patterns, threshold: threshold, threads: threads, blocks: blocks).strips
        }
        _ = strips
        let all = try SimilarityJoin.forwardNeighbors(
            patterns, threshold: threshold, threads: threads, blocks: [0..<agents]
        ).strips[0]
        let replayTimes = try measure(runs: 3, communicator: communicator) {
            _ = SimilarityJoin.clusters(rowCount: agents, rule: .greedy, offsets: all.offsets, neighbors: all.neighbors)
        }
        records.append(
            record(
                kernel: "mpi.sybil_clusters",
                params: [
                    "agents": agents, "counterparties": counterparties, "metric": "combined", "threshold": threshold,
                    "ranks": communicator.size, "threads": threads,
                ],
                times: sybilTimes,
                metrics: [
                    "clusters": clusters.clusters.count, "pairs_found": clusters.statistics.pairsFound,
                    "planted_groups": groups, "bytes_gathered": 4 * (agents + clusters.statistics.pairsFound),
                    "build_s": median(buildTimes), "share_with_build_s": median(shareTimes),
                    "replay_s": median(replayTimes),
                ]))
    }
    if only == nil || only == "mpi.envy_check" {
        let buyers = quick ? 50_000 : 1_000_000, resources = 64, tolerance = 0.05
        progress("mpi.envy_check: \(buyers) agents x \(resources), tatonnement bundles")
        let auction = try Markets.uniform(agents: buyers, resources: resources, seed: 42)
        let run = try AuctionKernels.run(
            auction, parameters: AuctionKernels.RunParameters(solver: .tatonnement(.init()), envyTolerance: tolerance),
            threads: threads)
        let input = AuctionKernels.EnvyCheckInput(
            valuations: auction.valuations, bundles: run.bundles, bundleCosts: run.pricesPaid, utilities: run.utilities,
            budgets: auction.budgets, tolerance: tolerance)
        var report = try DistributedKernels.envyCheck(input, path: .sorted, threads: threads, communicator: communicator)
        let envyTimes = try measure(runs: 3, communicator: communicator) {
            report = try DistributedKernels.envyCheck(input, path: .sorted, threads: threads, communicator: communicator)
        }
        if report.violationCount != run.envy.violationCount {
            throw MPIError(
                function: "mpi-bench", code: 0,
                message: "distributed envy count \(report.violationCount) != single-process \(run.envy.violationCount)")
        }
        progress("mpi.envy_check: median \(median(envyTimes)) s")
        // The work every rank repeats (the per-good lists and the bundle classes): the check
        // for no envious agent.
        let setupTimes = try measure(runs: 3, communicator: communicator) {
            _ = try AuctionKernels.envyCounts(input, envious: 0..<0, path: .sorted, threads: threads)
        }
        records.append(
            record(
                kernel: "mpi.envy_check",
                params: [
                    "agents": buyers, "resources": resources, "bundles": "tatonnement", "path": "sorted",
                    "ranks": communicator.size, "threads": threads,
                ],
                times: envyTimes,
                metrics: [
                    "violations": report.violationCount, "largest_gap": report.largestGap,
                    "bytes_gathered": 8 * buyers, "setup_s": median(setupTimes),
                ]))
    }
    if only == nil || only == "mpi.equilibrium" {
        let buyers = quick ? 100_000 : 500_000, resources = quick ? 16 : 32
        progress("mpi.equilibrium: \(buyers) agents x \(resources)")
        let whole = try Markets.uniform(agents: buyers, resources: resources, seed: 43)
        let mine = Partition.contiguous(
            count: buyers, block: AuctionKernels.equilibriumGroupRows, rank: communicator.rank, size: communicator.size)
        let local = whole.rows(mine)
        var outcome = try DistributedKernels.equilibrium(
            local, firstAgent: mine.lowerBound, threads: threads, communicator: communicator)
        let times = try measure(runs: 3, communicator: communicator) {
            outcome = try DistributedKernels.equilibrium(
                local, firstAgent: mine.lowerBound, threads: threads, communicator: communicator)
        }
        progress("mpi.equilibrium: median \(median(times)) s")
        let groups = (buyers + AuctionKernels.equilibriumGroupRows - 1) / AuctionKernels.equilibriumGroupRows
        records.append(
            record(
                kernel: "mpi.equilibrium",
                params: ["agents": buyers, "resources": resources, "ranks": communicator.size, "threads": threads],
                times: times,
                metrics: [
                    "passes": outcome.iterations, "newton_steps": outcome.newtonSteps,
                    "converged": outcome.converged, "max_excess": outcome.certificate.maxExcess,
                    "rows_read_fraction": outcome.rowsReadFraction,
                    "bytes_gathered_per_pass_max": 8 * groups * (resources * resources + 3 * resources + 3),
                ]))
    }
    if only == nil || only == "mpi.simulation_epoch" {
        let agents = quick ? 20_000 : 100_000
        progress("mpi.simulation_epoch: baseline, \(agents) agents, 2 epochs")
        var scenario = try Scenario.load(path: "scenarios/baseline.yaml")
        scenario.agents = agents
        scenario.epochs = 2
        var simulation = try Simulation(
            scenario: scenario, threads: threads, steps: DistributedSimulation.steps(communicator: communicator))
        var epochTimes: [Double] = []
        var last = EpochRecord()
        while true {
            try communicator.barrier()
            let start = Communicator.time()
            guard let record = try simulation.runEpoch() else { break }
            epochTimes.append(try communicator.maximum(Communicator.time() - start))
            last = record
        }
        progress("mpi.simulation_epoch: median \(median(epochTimes)) s per epoch")
        records.append(
            record(
                kernel: "mpi.simulation_epoch",
                params: [
                    "scenario": "baseline", "agents": agents, "epochs": scenario.epochs, "ranks": communicator.size,
                    "threads": threads,
                ],
                times: epochTimes,
                metrics: [
                    "seconds_sybil": last.secondsSybil, "seconds_auction": last.secondsAuction,
                    "seconds_interactions": last.secondsInteractions, "seconds_permeability": last.secondsPermeability,
                    "sybil_clusters": last.sybilClusters, "envy_violations": last.envyViolations,
                ]))
    }
} catch {
    FileHandle.standardError.write(Data("mpi-bench rank \(communicator.rank): \(error)\n".utf8))
    Communicator.finalize()
    exit(1)
}

if communicator.rank == 0 {
    var existing: [[String: Any]] = []
    if let jsonPath, let data = FileManager.default.contents(atPath: jsonPath), !data.isEmpty {
        existing = (try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }
    for index in records.indices where communicator.size > 1 {
        let kernel = records[index]["kernel"] as! String
        let one = existing.last {
            ($0["kernel"] as? String) == kernel && (($0["params"] as? [String: Any])?["ranks"] as? Int) == 1
        }
        if let baseline = one?["median_s"] as? Double {
            records[index]["baseline_s"] = baseline
            records[index]["speedup_vs_baseline"] = baseline / (records[index]["median_s"] as! Double)
        }
    }
    for entry in records {
        let params = entry["params"] as! [String: Any]
        let speedup = (entry["speedup_vs_baseline"] as? Double).map { String(format: ", %.2fx one rank", $0) } ?? ""
        print(
            "\(entry["kernel"]!) ranks=\(params["ranks"]!) agents=\(params["agents"]!): "
                + String(format: "median %.3f s", entry["median_s"] as! Double) + speedup)
    }
    if let jsonPath {
        let data = try! JSONSerialization.data(withJSONObject: existing + records, options: [.prettyPrinted, .sortedKeys])
        _ = FileManager.default.createFile(atPath: jsonPath, contents: data)
    }
}
Communicator.finalize()
