import AgentEconomies
import Foundation
import Testing
import Workloads

@Suite struct PermeabilityModelTests {
    // Not formatted: the code between the markers is shown verbatim in the docs.
    // swift-format-ignore
    @Test func quickStartRuns() throws {
        let interactions = try (0..<200).map { index in
            try SoftInteraction(initiator: "agent_\(index % 7)", counterparty: "agent_\(index % 5)",
                                p: Double(index % 10) / 10, accepted: index % 3 != 0)
        }
        // BEGIN PERMEABILITY QUICK START
        let model = try PermeabilityModel(config: PermeabilityConfig(basePermeability: 0.5, contagionRate: 0.05,
                                          spilloverAmplification: 1.5, adaptive: true, threatSensitivity: 1.0), seed: 42)
        let perm = model.computeEffectivePermeability(threatLevel: 0.3, agentTrust: 0.8)
        let spillovers = model.simulateSpillover(interactions)       // [SpilloverEvent]: blocked, harmMagnitude, sourceP, ...
        model.containmentRate(); model.state.cumulativeExternalHarm
        let optimal = model.optimalPermeability(interactions, externalHarmWeight: 1.0, samples: 10)
        // END PERMEABILITY QUICK START
        #expect(close(perm, 0.5 * 0.7 * 0.9))
        #expect(model.state.effectivePermeability == perm)
        #expect(spillovers.count == model.state.totalSpillovers + model.state.totalBlocked)
        #expect(optimal == 0 || optimal == 1)
        #expect(try documentShowsBlock("PERMEABILITY QUICK START", document: .article("Permeability"), testFile: #filePath))
    }

    @Test func adaptiveOffLeavesTheStateAlone() throws {
        let model = try PermeabilityModel(config: PermeabilityConfig(basePermeability: 0.7, adaptive: false), seed: 1)
        #expect(model.computeEffectivePermeability(threatLevel: 1, agentTrust: 0) == 0.7)
        #expect(model.state == PermeabilityState(effectivePermeability: 0.7))
    }

    @Test func configValidationNamesTheField() {
        let cases: [(PermeabilityConfig, String)] = [
            (PermeabilityConfig(basePermeability: 1.5), "PermeabilityConfig.basePermeability"),
            (PermeabilityConfig(informationDecay: -0.1), "PermeabilityConfig.informationDecay"),
            (PermeabilityConfig(contagionRate: .nan), "PermeabilityConfig.contagionRate"),
            (PermeabilityConfig(spilloverAmplification: -1), "PermeabilityConfig.spilloverAmplification"),
            (PermeabilityConfig(threatSensitivity: .infinity), "PermeabilityConfig.threatSensitivity"),
        ]
        for (config, field) in cases {
            expectError(field: field) { _ = try PermeabilityModel(config: config) }
        }
    }

    @Test func badInteractionsAreRefused() {
        #expect(
            throws: AgentEconomiesError.outOfRange(
                field: "SoftInteraction.p", value: "1.5",
                requirement: "in [0.0, 1.0]")
        ) {
            try SoftInteraction(p: 1.5)
        }
        #expect(throws: AgentEconomiesError.self) { try SoftInteraction(p: .nan) }
        #expect(throws: AgentEconomiesError.self) { try SoftInteraction(vHat: -2) }
        #expect(throws: AgentEconomiesError.self) { try SoftInteraction(tau: .infinity) }
        expectError(field: "InteractionBatch.p[1]", mentioning: "-0.1") {
            _ = try InteractionBatch(p: [0.2, -0.1], accepted: [true, true])
        }
        #expect(throws: AgentEconomiesError.self) { try InteractionBatch(p: [0.2], accepted: []) }
        #expect(throws: AgentEconomiesError.self) {
            try InteractionBatch(p: [0.2], accepted: [true], initiators: [3], agentIDs: ["a"])
        }
    }

    /// The batch path on the fast generator: reproducible for a seed, whatever the threads,
    /// and its totals land in the state.
    @Test func fastBatchIsReproducible() throws {
        let (p, accepted) = Interactions.columns(200_000, seed: 4, acceptance: 0.8)
        let batch = try InteractionBatch(p: p, accepted: accepted)
        let config = PermeabilityConfig(contagionRate: 0.3)
        let first = try PermeabilityModel(config: config, random: .fast(seed: 11))
        let second = try PermeabilityModel(config: config, random: .fast(seed: 11))
        let a = try first.simulateSpillover(batch, threads: 1)
        let b = try second.simulateSpillover(batch, threads: 2)
        #expect(a == b && a.count > 1_000)
        #expect(first.state == second.state)
        #expect(first.state.totalSpillovers == a.unblockedCount && first.state.totalBlocked == a.blockedCount)
        #expect(close(first.state.cumulativeExternalHarm, a.externalHarm))
        #expect(first.history.isEmpty)
        // The next call continues the model's stream: different events.
        #expect(try first.simulateSpillover(batch) != a)
        #expect(throws: AgentEconomiesError.self) { try first.simulateSpillover(batch, permeability: .nan) }
    }

    @Test func batchFromObjectsKeepsColumns() throws {
        let interactions = [
            try SoftInteraction(id: "x", initiator: "a", counterparty: "b", p: 0.25, accepted: true),
            try SoftInteraction(id: "y", initiator: "b", counterparty: "c", p: 1, accepted: false),
        ]
        let batch = InteractionBatch(interactions)
        #expect(batch.ids == ["x", "y"] && batch.p == [0.25, 1] && batch.accepted == [true, false])
        #expect(batch.agentIDs == ["a", "b", "c"] && batch.initiators == [0, 1] && batch.counterparties == [1, 2])
        #expect(try InteractionBatch(p: [0.5], accepted: [true]).id(at: 0) == "0")
    }

    @Test func codableUsesTheReferenceKeys() throws {
        let json = """
            {"interaction_id": "ix_1", "timestamp": "2026-11-24T10:15:30.123456", "initiator": "a",
             "counterparty": "b", "interaction_type": "trade", "accepted": true, "v_hat": 0.4, "p": 0.7,
             "c_a": 0.1, "ground_truth": 1}
            """
        let interaction = try JSONDecoder().decode(SoftInteraction.self, from: Data(json.utf8))
        #expect(interaction.id == "ix_1" && interaction.p == 0.7 && interaction.interactionType == .trade)
        #expect(interaction.cA == 0.1 && interaction.groundTruth == 1 && interaction.accepted)
        let again = try JSONDecoder().decode(SoftInteraction.self, from: JSONEncoder().encode(interaction))
        #expect(again.id == interaction.id && again.p == interaction.p && again.vHat == interaction.vHat)
        #expect(abs(again.timestamp.timeIntervalSince(interaction.timestamp)) < 0.001)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(SoftInteraction.self, from: Data(#"{"p": 2}"#.utf8))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let state = String(decoding: try encoder.encode(PermeabilityState()), as: UTF8.self)
        #expect(state.contains("\"cumulative_external_harm\":0"))
        let event = String(decoding: try encoder.encode(SpilloverEvent(sourceInteractionID: "ix")), as: UTF8.self)
        #expect(event.contains("\"source_interaction_id\":\"ix\"") && event.contains("\"direction\":\"outbound\""))
        let config = try JSONDecoder().decode(PermeabilityConfig.self, from: encoder.encode(PermeabilityConfig()))
        #expect(config == PermeabilityConfig())
    }
}
