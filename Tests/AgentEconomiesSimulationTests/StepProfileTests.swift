import AgentEconomiesKernels
import AgentEconomiesSimulation
import Foundation
import Testing

/// `steps_profile.jsonl` rows: one per epoch and step, in step order, with the parallel
/// steps' regions counted and their undivided time within the step's time.
@Suite struct StepProfileTests {
    func run(threads: Int, profiles: Bool) throws -> [[StepProfileRow]] {
        var scenario = try Scenario.load(yaml: "population: {sybil_entities: 20}")
        scenario.agents = 3_000
        scenario.epochs = 2
        scenario.auction.resources = 8
        var simulation = try Simulation(scenario: scenario, threads: threads)
        simulation.profilesSteps = profiles
        var epochs: [[StepProfileRow]] = []
        while try simulation.runEpoch() != nil { epochs.append(StepProfileRow.lastEpoch(of: simulation, threads: threads)) }
        return epochs
    }

    @Test func everyStepOfEveryEpochHasARowThatAddsUp() throws {
        let epochs = try run(threads: 2, profiles: true)
        #expect(epochs.count == 2)
        for (index, rows) in epochs.enumerated() {
            #expect(rows.map(\.step) == StepName.allCases.map(\.rawValue))
            for row in rows {
                #expect(row.epoch == index + 1 && row.threads == 2)
                #expect(row.seconds > 0 && row.serialSeconds >= 0 && row.serialSeconds <= row.seconds, "\(row)")
                #expect(abs(row.serialFraction - row.serialSeconds / row.seconds) < 1e-9, "\(row)")
                #expect(row.imbalance >= 1, "\(row)")
                if row.regions == 0 { #expect(row.imbalance == 1 && row.serialFraction == 1, "\(row)") }
            }
            // The heavy steps run their kernels in parallel regions; the light ones do not.
            for step in ["interactions", "payoffs", "sybil", "auction"] {
                #expect(rows.first { $0.step == step }!.regions > 0, "\(step)")
            }
            #expect(rows.first { $0.step == "hfn" }!.regions == 0)
        }
        // A row survives its JSON line.
        let row = epochs[1][3]
        let line = try row.jsonLine()
        #expect(line.contains("\"serial_seconds\":") && !line.contains("\n"))
        #expect(try JSONDecoder().decode(StepProfileRow.self, from: Data(line.utf8)) == row)
    }

    @Test func nothingIsMeasuredWhenProfilesAreOff() throws {
        #expect(try run(threads: 2, profiles: false).allSatisfy(\.isEmpty))
    }

    @Test func oneThreadLeavesTheHeavyStepsMostlyInsideRegions() throws {
        let rows = try run(threads: 1, profiles: true)[1]
        for step in ["sybil", "auction"] {
            let row = rows.first { $0.step == step }!
            #expect(row.serialFraction < 0.5, "\(row)")
        }
    }
}
