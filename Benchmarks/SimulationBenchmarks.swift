import AgentEconomiesKernels
import AgentEconomiesSimulation
import ArgumentParser
import Foundation

/// `simulation.epoch`: epochs of the committed `baseline` scenario (20 interactions per agent,
/// 64 resources, tatonnement, combined score with greedy clustering) at 100,000 and
/// 1,000,000 agents. Seconds per epoch (the median over the measured epochs), seconds per
/// step, the population's setup and the peak resident memory of the run (the peak is reset
/// before each size). Each step's imbalance (``ParallelProfile``, last epoch, default thread
/// count) and, from one more epoch on 1 thread at every size, each step's serial fraction and
/// the epoch's Amdahl bound at 16 and 64 threads.
enum SimulationBenchmarks {
    static func epoch(peak: Peak, scale: Scale) throws -> [BenchmarkResult] {
        let sizes = scale.pick(quick: [20_000], standard: [100_000, 1_000_000], full: [100_000, 1_000_000])
        let epochs = 2
        let path = "scenarios/baseline.yaml"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("simulation.epoch reads \(path): run the benchmarks from the package's directory")
        }
        var results: [BenchmarkResult] = []
        for agents in sizes {
            progress("simulation.epoch: baseline, \(agents) agents, \(epochs) epochs")
            var scenario = try Scenario.load(path: path)
            scenario.agents = agents
            scenario.epochs = epochs
            PeakMemory.reset()
            let clock = ContinuousClock()
            let start = clock.now
            var simulation = try Simulation(scenario: scenario)
            simulation.profilesSteps = true
            let setup = clock.now - start
            var seconds: [Double] = []
            while let record = try simulation.runEpoch() {
                seconds.append(
                    record.secondsInteractions + record.secondsIdentity + record.secondsSybil
                        + record.secondsPermeability + record.secondsAuction + record.secondsMissions
                        + record.secondsHFN + record.secondsPayoffs + record.secondsLearning)
            }
            let records = simulation.state.records
            let profiles = simulation.lastStepProfiles
            var profileCells: [(String, ReportValue)] = profiles.map { ("\($0.step)_imbalance", .double($0.report.imbalance)) }
            // The peak of the measured run, before the 1-thread epoch builds a second population.
            let peakBytes = PeakMemory.peakResidentBytes()
            var small = Scenario()
            small.agents = 10
            simulation = try Simulation(scenario: small)  // releases the measured population
            profileCells += try serialFractions(scenario)
            func median(_ values: [Double]) -> Double { Timing(samples: values).median }
            results.append(
                BenchmarkResult(
                    kernel: "simulation.epoch",
                    params: [
                        ("agents", .int(agents)), ("scenario", .string(scenario.name)),
                        ("interactions_per_agent", .int(scenario.interactions.perAgent)),
                        ("resources", .int(scenario.auction.resources)), ("epochs", .int(epochs)),
                        ("threads", .int(Parallel.defaultThreadCount)),
                    ],
                    timing: Timing(samples: seconds),
                    metrics: [
                        ("setup_s", .double(Double(setup.components.seconds) + Double(setup.components.attoseconds) * 1e-18)),
                        ("interactions_s", .double(median(records.map(\.secondsInteractions)))),
                        ("identity_s", .double(median(records.map(\.secondsIdentity)))),
                        ("sybil_s", .double(median(records.map(\.secondsSybil)))),
                        ("permeability_s", .double(median(records.map(\.secondsPermeability)))),
                        ("auction_s", .double(median(records.map(\.secondsAuction)))),
                        ("missions_s", .double(median(records.map(\.secondsMissions)))),
                        ("hfn_s", .double(median(records.map(\.secondsHFN)))),
                        ("payoffs_s", .double(median(records.map(\.secondsPayoffs)))),
                        ("learning_s", .double(median(records.map(\.secondsLearning)))),
                        ("envy_violations", .int(records.last!.envyViolations)),
                        ("sybil_recall", .double(records.last!.sybilRecall)),
                        ("peak_rss_mib", .double(Double(peakBytes) / 1_048_576)),
                    ] + profileCells))
        }
        return results
    }

    /// One epoch of `scenario` on 1 thread, profiled: each step's serial fraction, the epoch's
    /// (each step's serial seconds over the epoch's seconds) and its Amdahl bound at 16 and 64.
    static func serialFractions(_ scenario: Scenario) throws -> [(String, ReportValue)] {
        var single = scenario
        single.epochs = 1
        var simulation = try Simulation(scenario: single, threads: 1)
        simulation.profilesSteps = true
        _ = try simulation.runEpoch()
        let reports = simulation.lastStepProfiles
        let total = reports.reduce(0) { $0 + $1.report.seconds }
        let serial = reports.reduce(0) { $0 + $1.report.seconds * $1.report.serialFraction }
        let epoch = total > 0 ? serial / total : 0
        let amdahl = { (threads: Double) in 1 / (epoch + (1 - epoch) / threads) }
        return reports.map { ("\($0.step)_serial_fraction", .double($0.report.serialFraction)) } + [
            ("epoch_serial_fraction", .double(epoch)), ("epoch_amdahl_16", .double(amdahl(16))),
            ("epoch_amdahl_64", .double(amdahl(64))),
        ]
    }
}
