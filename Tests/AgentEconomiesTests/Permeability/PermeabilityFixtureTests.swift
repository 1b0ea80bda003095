import AgentEconomies
import Testing

/// The layout of `Tests/Fixtures/permeability.json` (generate_permeability_fixtures.py).
struct PermeabilityFixtureFile: Decodable {
    struct Interaction: Decodable, Sendable {
        let interaction_id: String
        let p: Double
        let accepted: Bool
    }
    struct Event: Decodable, Sendable {
        let source_interaction_id: String
        let source_p: Double
        let direction: String
        let harm_magnitude: Double
        let blocked: Bool
    }
    struct Step: Decodable, Sendable {
        let op: String
        let threat_level: Double?
        let agent_trust: Double?
        let result: Double?
        let state: PermeabilityState?
        let permeability: Double?
        let interaction_p: Double?
        let allowed: Bool?
        let degraded_p: Double?
        let index: Int?
        let range: [Int]?
        let events: [Event]?
        let containment_rate: Double?
        let spillover_harm_history: Double?
        let spillover_harm_events: Double?
        let history_count: Int?
        let external_harm_weight: Double?
        let n_samples: Int?
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let config: PermeabilityConfig
        let seed: Int
        let interactions: [Interaction]
        let steps: [Step]
        var testDescription: String { name }
    }
    let cases: [Case]

    static let shared: PermeabilityFixtureFile = try! Fixtures.load("permeability.json")
}

private func matches(_ state: PermeabilityState, _ expected: PermeabilityState) -> Bool {
    close(state.effectivePermeability, expected.effectivePermeability)
        && state.totalSpillovers == expected.totalSpillovers
        && state.totalBlocked == expected.totalBlocked
        && close(state.cumulativeExternalHarm, expected.cumulativeExternalHarm)
        && (state.threatLevel == expected.threatLevel || close(state.threatLevel, expected.threatLevel))
}

@Suite struct PermeabilityFixtureTests {
    /// Every step on two models seeded alike: one through the object API, one through the
    /// batch API (CPython stream); both must make the reference's events, state and answers.
    @Test(arguments: PermeabilityFixtureFile.shared.cases)
    func modelMatchesReference(_ fixture: PermeabilityFixtureFile.Case) throws {
        let interactions = try fixture.interactions.map {
            try SoftInteraction(id: $0.interaction_id, p: $0.p, accepted: $0.accepted)
        }
        let objects = try PermeabilityModel(config: fixture.config, seed: fixture.seed)
        let columns = try PermeabilityModel(config: fixture.config, seed: fixture.seed)
        for (number, step) in fixture.steps.enumerated() {
            let label = "step \(number) (\(step.op))"
            switch step.op {
            case "effective":
                for model in [objects, columns] {
                    let value = model.computeEffectivePermeability(
                        threatLevel: step.threat_level!,
                        agentTrust: step.agent_trust!)
                    #expect(close(value, step.result!), "\(label)")
                    #expect(matches(model.state, step.state!), "\(label): \(model.state)")
                }
            case "should_cross":
                for model in [objects, columns] {
                    let (allowed, degraded) = model.shouldCross(
                        permeability: step.permeability!,
                        interactionP: step.interaction_p!)
                    #expect(allowed == step.allowed && close(degraded, step.degraded_p!), "\(label)")
                }
            case "contagion":
                let value = objects.contagionProbability(interactions[step.index!], permeability: step.permeability!)
                #expect(close(value, step.result!), "\(label)")
                let batchValue = try columns.contagionProbabilities(
                    InteractionBatch(Array(interactions)),
                    permeability: step.permeability!)[step.index!]
                #expect(batchValue == value)
            case "simulate":
                let slice = Array(interactions[step.range![0]..<step.range![1]])
                let expected = step.events!
                let events = objects.simulateSpillover(slice, permeability: step.permeability)
                #expect(events.count == expected.count, "\(label)")
                for (event, reference) in zip(events, expected) {
                    #expect(
                        event.sourceInteractionID == reference.source_interaction_id
                            && event.sourceP == reference.source_p && event.direction.rawValue == reference.direction
                            && close(event.harmMagnitude, reference.harm_magnitude)
                            && event.blocked == reference.blocked, "\(label): \(event)")
                }
                #expect(matches(objects.state, step.state!), "\(label): \(objects.state)")
                #expect(close(objects.containmentRate(), step.containment_rate!))
                #expect(close(objects.spilloverHarm(), step.spillover_harm_history!))
                #expect(close(objects.spilloverHarm(events), step.spillover_harm_events!))
                #expect(objects.history.count == step.history_count!)

                let batch = InteractionBatch(slice)
                let spillovers = try columns.simulateSpillover(
                    batch, permeability: step.permeability,
                    recordHistory: true)
                #expect(spillovers.indices.map { batch.ids[$0] } == expected.map(\.source_interaction_id), "\(label)")
                #expect(spillovers.blocked == expected.map(\.blocked))
                #expect(zip(spillovers.harm, expected).allSatisfy { close($0.0, $0.1.harm_magnitude) })
                #expect(matches(columns.state, step.state!), "\(label) batch: \(columns.state)")
                #expect(close(columns.spilloverHarm(), step.spillover_harm_history!))
                #expect(columns.history.count == step.history_count!)
            case "optimal":
                let weight = step.external_harm_weight!, samples = step.n_samples!
                #expect(
                    objects.optimalPermeability(interactions, externalHarmWeight: weight, samples: samples)
                        == step.result!, "\(label): weight \(weight) samples \(samples)")
                #expect(
                    columns.optimalPermeability(
                        InteractionBatch(interactions), externalHarmWeight: weight,
                        samples: samples) == step.result!)
            case "reset":
                for model in [objects, columns] {
                    model.reset()
                    #expect(matches(model.state, step.state!))
                    #expect(model.history.isEmpty)
                }
            default:
                Issue.record("unknown op \(step.op)")
            }
        }
    }
}
