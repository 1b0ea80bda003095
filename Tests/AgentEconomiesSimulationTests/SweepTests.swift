import Foundation
import Testing

@testable import AgentEconomiesSimulation

/// Sweeps: overrides by dotted key, the grid and its seeds, the Student-t quantile, the
/// tables' means and intervals against a hand computation, resume, and bad keys refused
/// before anything runs.
@Suite struct SweepTests {
    static let small = """
        name: tiny
        agents: 200
        epochs: 2
        seed: 5
        auction:
          resources: 4
        missions:
          per_epoch: 3
        population:
          types:
            - {name: honest, share: 0.7, p_mean: 0.8, p_spread: 0.1}
            - {name: deceptive, share: 0.3, p_mean: 0.4, p_spread: 0.1}
        """

    func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sweep-test-\(UUID().uuidString)").path
    }

    @Test("overrides set nested keys, create missing sections, index lists and name bad keys")
    func overrides() throws {
        let scenario = try Scenario.load(
            yaml: Self.small,
            overrides: [
                ScenarioOverride(key: "missions.reward_distribution", value: "equal"),
                ScenarioOverride(key: "economy.adaptive", value: "true"),
                ScenarioOverride(key: "population.types[1].share", value: "0.5"),
                ScenarioOverride(key: "agents", value: "300"),
            ])
        #expect(scenario.missions.rewardDistribution == "equal")
        #expect(scenario.economy.adaptive)
        #expect(scenario.population.types[1].share == 0.5)
        #expect(scenario.population.types[0].share == 0.7)
        #expect(scenario.agents == 300)
        #expect(scenario.seed == 5)

        func refusal(_ key: String, _ value: String) -> ScenarioError? {
            do {
                _ = try Scenario.load(yaml: Self.small, overrides: [ScenarioOverride(key: key, value: value)])
                return nil
            } catch { return error as? ScenarioError }
        }
        #expect(refusal("identity.similarity_treshold", "0.5")?.key == "identity.similarity_treshold")
        #expect(refusal("identity.similarity_threshold", "1.5")?.key == "identity.similarity_threshold")
        #expect(refusal("missions.reward_distribution", "lottery")?.key == "missions.reward_distribution")
        #expect(refusal("population.types[7].share", "0.5")?.problem.contains("no index 7") == true)
        #expect(refusal("agents.count", "5")?.problem.contains("not a mapping") == true)
        #expect(refusal("identity..x", "5")?.problem.contains("empty segment") == true)
        #expect(
            throws: ScenarioError(
                key: "no-equals-sign",
                problem: "an override is KEY=VALUE (e.g. identity.similarity_threshold=0.7), got 'no-equals-sign'")
        ) {
            try ScenarioOverride(parsing: "no-equals-sign")
        }
        // An empty override (found by the fuzzer) still names a field.
        for empty in ["", "  "] {
            let error = #expect(throws: ScenarioError.self) { try ScenarioOverride(parsing: empty) }
            #expect(error?.key == "(override)")
        }
    }

    @Test("--vary values split on top-level commas only")
    func axisParsing() throws {
        let axis = try SweepAxis(parsing: "population.types[0]={name: honest, share: 1},{name: deceptive, share: 1}")
        #expect(axis.values == ["{name: honest, share: 1}", "{name: deceptive, share: 1}"])
        #expect(try SweepAxis(parsing: "a.b= 0.1, 0.2 ,0.3").values == ["0.1", "0.2", "0.3"])
        #expect(throws: ScenarioError.self) { try SweepAxis(parsing: "a.b=0.1,,0.3") }
        #expect(throws: ScenarioError.self) { try SweepAxis(parsing: "a.b=") }
    }

    @Test("the grid is cartesian with the first axis outermost, each setting over consecutive seeds")
    func grid() throws {
        let plan = try SweepPlan(
            scenarioYAML: Self.small,
            axes: [
                SweepAxis(key: "missions.reward_distribution", values: ["equal", "proportional"]),
                SweepAxis(key: "identity.similarity_threshold", values: ["0.6", "0.7", "0.9"]),
            ], seedCount: 2, seedBase: 40)
        #expect(plan.settingCount == 6)
        let runs = plan.runs
        #expect(runs.count == 12)
        #expect(runs[0].values == ["equal", "0.6"] && runs[0].seed == 40)
        #expect(runs[1].values == ["equal", "0.6"] && runs[1].seed == 41)
        #expect(runs[2].values == ["equal", "0.7"])
        #expect(runs[11].values == ["proportional", "0.9"] && runs[11].setting == 5)
        let scenario = try plan.scenario(for: runs[7])
        #expect(scenario.missions.rewardDistribution == "proportional")
        #expect(scenario.identity.similarityThreshold == 0.6)
        #expect(scenario.seed == 41)
        // Without a seed base the scenario's own seed starts the list.
        #expect(try SweepPlan(scenarioYAML: Self.small, axes: [], seedCount: 3).seeds == [5, 6, 7])
    }

    @Test("a bad key or value anywhere in the grid fails before any run")
    func badKeysFirst() throws {
        func failure(_ axes: [SweepAxis], seeds: Int = 1) -> ScenarioError? {
            do {
                _ = try SweepPlan(scenarioYAML: Self.small, axes: axes, seedCount: seeds)
                return nil
            } catch { return error as? ScenarioError }
        }
        #expect(
            failure([SweepAxis(key: "identity.similarity_threshold", values: ["0.5", "1.2"])])?.key == "identity.similarity_threshold")
        #expect(failure([SweepAxis(key: "missions.rewards", values: ["equal"])])?.key == "missions.rewards")
        #expect(failure([SweepAxis(key: "seed", values: ["1", "2"])])?.key == "seed")
        #expect(
            failure([SweepAxis(key: "agents", values: ["300"]), SweepAxis(key: "agents", values: ["400"])])?.problem
                == "is varied twice")
        #expect(failure([], seeds: 0)?.key == "seeds")
    }

    @Test("the Student-t quantile matches published values")
    func studentT() {
        // t(0.975) for 1, 2, 4, 9, 29 degrees of freedom, and the normal limit.
        let published: [(Double, Double)] = [
            (1, 12.706204736174703), (2, 4.302652729749464), (4, 2.7764451051977934), (9, 2.2621571627982053),
            (29, 2.045229642132703),
        ]
        for (degrees, value) in published {
            #expect(abs(StudentT.quantile(0.975, degrees: degrees) - value) < 1e-9 * value, "df \(degrees)")
        }
        #expect(abs(StudentT.quantile(0.975, degrees: 1e7) - 1.959963984540054) < 1e-6)
        #expect(abs(StudentT.cdf(2.0, degrees: 3) - 0.9303370157205785) < 1e-12)
        #expect(StudentT.quantile(0.025, degrees: 4) == -StudentT.quantile(0.975, degrees: 4))
    }

    @Test("summary means and 95% half-widths equal a hand computation")
    func aggregation() {
        let metrics = SweepTables.metrics.count
        func means(_ first: Double) -> [Double] { [first] + [Double](repeating: 1, count: metrics - 1) }
        let tables = SweepTables(
            axes: ["k"],
            runs: [
                (0, ["a"], 1, means(1)), (0, ["a"], 2, means(2)), (0, ["a"], 3, means(6)),
                (1, ["b"], 1, means(4)),
            ])
        #expect(tables.summary.count == 2)
        let row = tables.summary[0]
        #expect(row.runs == 3)
        #expect(row.means[0] == 3)
        // s^2 = ((1-3)^2 + (2-3)^2 + (6-3)^2) / 2 = 7; half-width = t(0.975, 2) sqrt(7 / 3).
        #expect(abs(row.ci95[0] - 4.302652729749464 * (7.0 / 3).squareRoot()) < 1e-9)
        #expect(row.ci95[1] == 0)
        #expect(tables.summary[1].ci95[0].isNaN)
        let header = tables.summaryCSV.split(separator: "\n")[0]
        #expect(header.hasPrefix("k,runs,active_agents_mean,active_agents_ci95,interactions_mean"))
        #expect(tables.runsCSV.split(separator: "\n")[0].hasPrefix("k,seed,active_agents,interactions,mean_p"))
        #expect(csvField("a,b") == "\"a,b\"" && csvField("say \"x\"") == "\"say \"\"x\"\"\"")
    }

    @Test("a sweep writes its run directories and tables, resumes without rerunning, and refuses another plan")
    func runAndResume() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = try SweepPlan(
            scenarioYAML: Self.small, axes: [SweepAxis(key: "missions.reward_distribution", values: ["equal", "shapley"])],
            seedCount: 2)
        let sweep = try Sweep(plan: plan, directory: directory, resume: false)
        // Two of four runs, as if interrupted.
        _ = try sweep.run(0, threads: 1)
        _ = try sweep.run(3, threads: 1)
        #expect(throws: SweepError.self) { try sweep.finish() }
        #expect(throws: SweepError.self) { try Sweep(plan: plan, directory: directory, resume: false) }
        let resumed = try Sweep(plan: plan, directory: directory, resume: true)
        var skipped: [Int] = []
        let tables = try resumed.runAll(jobs: 2, threads: 2) { run, outcome, _ in
            if outcome.skipped { skipped.append(run.index) }
        }
        #expect(skipped.sorted() == [0, 3])
        #expect(tables.runs.count == 4 && tables.summary.count == 2)
        // Each run's means are those of a plain simulation of its scenario.
        for run in plan.runs {
            var simulation = try Simulation(scenario: try plan.scenario(for: run), threads: 1)
            while try simulation.runEpoch() != nil {}
            let expected = SweepTables.means(of: simulation.state.records)
            let got = tables.runs[run.index].means
            for (index, name) in SweepTables.metrics.enumerated() where !name.hasPrefix("seconds_") {
                #expect(got[index] == expected[index], "\(run.name) \(name)")
            }
        }
        let runsCSV = try String(contentsOfFile: directory + "/runs.csv", encoding: .utf8)
        #expect(runsCSV.split(separator: "\n").count == 5)
        #expect(runsCSV.split(separator: "\n")[1].hasPrefix("equal,5,"))
        #expect(FileManager.default.fileExists(atPath: directory + "/runs/s0001-seed6/epochs.csv"))
        let other = try SweepPlan(scenarioYAML: Self.small, axes: [], seedCount: 2)
        #expect(throws: SweepError.self) { try Sweep(plan: other, directory: directory, resume: true) }
    }

    @Test("epoch records expose their numeric columns in CSV order")
    func columns() {
        var record = EpochRecord()
        record.epoch = 3
        record.meanP = 0.25
        record.trades = 7
        #expect(EpochRecord.columnNames.count == record.columnValues.count)
        #expect(EpochRecord.columnNames.first == "epoch")
        let index = EpochRecord.columnNames.firstIndex(of: "mean_p")!
        #expect(record.columnValues[index] == 0.25)
        #expect(record.columnValues[EpochRecord.columnNames.firstIndex(of: "trades")!] == 7)
        #expect(record.csvRow.split(separator: ",").count == EpochRecord.columnNames.count)
    }
}
