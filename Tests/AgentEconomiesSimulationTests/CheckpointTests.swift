import AgentEconomiesKernels
import AgentEconomiesSimulation
import Foundation
import Testing

/// Checkpoints: a run resumed from any epoch ends with the uninterrupted run's records, and a
/// damaged checkpoint is refused with the file and the problem.
@Suite struct CheckpointTests {
    /// Blocked Sybil rings, credentials and a panic crash across the checkpoints, so every
    /// part of the state matters.
    func scenario() throws -> Scenario {
        var scenario = try Scenario.load(
            yaml: """
                population: {sybil_entities: 30, sybil_ring_size: 4}
                identity: {max_cluster_size: 3}
                hfn: {panic_epoch: 3, trader_share: 0.05, halt_duration_ticks: 5}
                """)
        scenario.agents = 1_200
        scenario.epochs = 5
        scenario.auction.resources = 8
        return scenario
    }

    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aResumedRunEndsWithTheUninterruptedRecords() throws {
        let scenario = try scenario()
        var whole = try Simulation(scenario: scenario, threads: 2)
        while try whole.runEpoch() != nil {}
        let expected = whole.state.records.map(\.withoutTimings)
        #expect(expected.count == 5)
        #expect(expected.contains { $0.flashCrashes > 0 })
        #expect(expected.contains { $0.activeAgents < scenario.agents })
        for stop in 0...5 {
            var first = try Simulation(scenario: scenario, threads: 1)
            for _ in 0..<stop { _ = try first.runEpoch() }
            let folder = try directory()
            defer { try? FileManager.default.removeItem(at: folder) }
            try SimulationCheckpoint(state: first.state, elapsedSeconds: 1.5).write(to: folder)
            let checkpoint = try SimulationCheckpoint.read(from: folder)
            #expect(checkpoint.elapsedSeconds == 1.5)
            #expect(checkpoint.state.epochsRun == stop)
            var resumed = Simulation(resuming: checkpoint.state, threads: 3)
            while try resumed.runEpoch() != nil {}
            #expect(resumed.state.records.map(\.withoutTimings) == expected, "resumed after epoch \(stop)")
        }
    }

    @Test func aMissingOrDamagedCheckpointIsRefused() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(SimulationCheckpoint.fileName)
        func problem() -> String? {
            do {
                _ = try SimulationCheckpoint.read(from: folder)
                return nil
            } catch let error as CheckpointError {
                #expect(error.path == file.path)
                return error.problem
            } catch {
                return "unexpected \(error)"
            }
        }
        #expect(problem()?.contains("no checkpoint") == true)

        try Data("[1, 2".utf8).write(to: file)
        #expect(problem()?.contains("not a checkpoint") == true)

        var simulation = try Simulation(scenario: try scenario(), threads: 2)
        _ = try simulation.runEpoch()
        let encoder = JSONEncoder()
        func write(_ edit: (inout [String: Any]) -> Void) throws {
            let data = try encoder.encode(SimulationCheckpoint(state: simulation.state, elapsedSeconds: 0))
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            edit(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: file)
        }
        try write { $0["format"] = 99 }
        #expect(problem()?.contains("format 99") == true)

        try write { object in
            var state = object["state"] as! [String: Any]
            state["active"] = [true, false]
            object["state"] = state
        }
        let short = problem()
        #expect(short?.contains("active") == true && short?.contains("2 entries for 1200 agents") == true, "\(short ?? "")")

        try write { object in
            var state = object["state"] as! [String: Any]
            state["epochs_run"] = 4
            object["state"] = state
        }
        #expect(problem()?.contains("1 records for 4 epochs run") == true)

        try write { object in
            var state = object["state"] as! [String: Any]
            var scenario = state["scenario"] as! [String: Any]
            scenario["agents"] = 0
            state["scenario"] = scenario
            object["state"] = state
        }
        #expect(problem()?.contains("agents") == true)
    }
}
