import AgentEconomiesCHeader
import Testing

/// Sandbox permeability through the C ABI: spillover events (only accepted interactions,
/// harm (1 - p) x amplification, none at permeability 0, the same for any thread count and
/// seed-determined), the grid search's optimum at its extremes, and the stateful model
/// (effective permeability, crossing draws at their bounds, seeded streams, running totals,
/// reset), with refused values naming the field.
@Suite struct PermeabilityABITests {
    struct Events: Equatable {
        var indices: [Int64] = []
        var harm: [Double] = []
        var blocked: [UInt8] = []
    }

    /// ae_permeability_spillover over `p` (every interaction accepted unless `accepted`).
    func spillover(
        _ p: [Double], accepted: [UInt8]? = nil, permeability: Double = 1, seed: UInt64 = 42, threads: Int32 = 0
    ) -> (Outcome, Events) {
        let n = p.count, flags = accepted ?? [UInt8](repeating: 1, count: n)
        var indices = [Int64](repeating: -1, count: n), harm = [Double](repeating: -1, count: n)
        var blocked = [UInt8](repeating: 9, count: n), count: Int64 = -1
        let outcome = capture {
            ae_permeability_spillover(
                Int64(n), p, flags, permeability, 1, 1.5, seed, threads, &indices, &harm, &blocked, &count, $0, $1)
        }
        let k = max(0, Int(count))
        return (outcome, Events(indices: Array(indices[..<k]), harm: Array(harm[..<k]), blocked: Array(blocked[..<k])))
    }

    @Test("events come from accepted interactions with harm (1 - p) x amplification")
    func events() {
        let (outcome, events) = spillover(Fixture.p, accepted: Fixture.accepted)
        #expect(outcome.status == AE_OK)
        #expect(!events.indices.isEmpty && events.indices.count <= 5)
        for (index, harm) in zip(events.indices, events.harm) {
            #expect(Fixture.accepted[Int(index)] == 1)
            #expect(abs(harm - (1 - Fixture.p[Int(index)]) * 1.5) < 1e-12)
        }
        #expect(events.blocked.allSatisfy { $0 <= 1 })
        #expect(spillover(Fixture.p, permeability: 0).1 == Events())
    }

    @Test("events depend on the seed only, never on threads")
    func determinism() {
        let p = (0..<200_000).map { Double($0 % 97) / 97 }
        let one = spillover(p, threads: 1).1
        #expect(one.indices.count > 1_000)
        #expect(spillover(p, threads: 4).1 == one)
        #expect(spillover(p, threads: 0).1 == one)
        #expect(spillover(p, seed: 43, threads: 1).1 != one)
    }

    @Test("the grid search: 0 samples give 0; no harm weight gives 1; a heavy one gives 0")
    func optimal() {
        func best(weight: Double, samples: Int64) -> Double {
            var value = -1.0
            let outcome = capture {
                ae_permeability_optimal(6, Fixture.p, Fixture.accepted, 0.5, 1.5, weight, samples, 0, &value, $0, $1)
            }
            #expect(outcome.status == AE_OK)
            return value
        }
        #expect(best(weight: 1, samples: 0) == 0)
        #expect(best(weight: 0, samples: 10) == 1)
        #expect(best(weight: 1_000, samples: 10) == 0)
        let middle = best(weight: 1, samples: 10)
        #expect(middle >= 0 && middle <= 1 && (middle * 10).rounded() == middle * 10)
        var value = 0.0
        #expect(
            capture { ae_permeability_optimal(6, Fixture.p, Fixture.accepted, 0.5, 1.5, .nan, 10, 0, &value, $0, $1) }.is(
                AE_ERROR_NOT_FINITE, naming: "external_harm_weight"))
        #expect(
            capture { ae_permeability_optimal(6, Fixture.p, Fixture.accepted, -0.5, 1.5, 1, 10, 0, &value, $0, $1) }.is(
                AE_ERROR_OUT_OF_RANGE, naming: "contagion_rate"))
    }

    @Test("refused columns and values name the field")
    func refusals() {
        #expect(spillover([0.5, 1.5]).0.is(AE_ERROR_OUT_OF_RANGE, naming: "p[1]"))
        #expect(spillover([0.5, 0.5], accepted: [1, 2]).0.is(AE_ERROR_OUT_OF_RANGE, naming: "accepted[1]", "2"))
        #expect(spillover([0.5], permeability: 1.01).0.is(AE_ERROR_OUT_OF_RANGE, naming: "permeability"))
        #expect(spillover([0.5], permeability: .nan).0.is(AE_ERROR_NOT_FINITE, naming: "permeability"))
    }

    /// A seeded model with the default options, changed by `change`.
    func model(_ change: (inout ae_permeability_options) -> Void = { _ in }) -> OpaquePointer? {
        var options = ae_permeability_options()
        ae_permeability_options_default(&options)
        change(&options)
        var model: OpaquePointer? = nil
        _ = capture { ae_permeability_model_create(&options, [42], 1, 1, &model, $0, $1) }
        return model
    }

    @Test("the model: effective permeability stored when adaptive, crossing at the bounds, seeded draws")
    func modelDraws() {
        let adaptive = model(), fixed = model { $0.adaptive = 0 }
        defer {
            ae_permeability_model_destroy(adaptive, nil, 0)
            ae_permeability_model_destroy(fixed, nil, 0)
        }
        var effective = -1.0, state = ae_permeability_state()
        #expect(capture { ae_permeability_model_effective(fixed, 0.9, 0.1, &effective, $0, $1) }.status == AE_OK)
        #expect(effective == 0.5)
        #expect(capture { ae_permeability_model_effective(adaptive, 0.9, 0.1, &effective, $0, $1) }.status == AE_OK)
        #expect(capture { ae_permeability_model_state(adaptive, &state, $0, $1) }.status == AE_OK)
        #expect(effective < 0.5 && state.effective_permeability == effective && state.threat_level == 0.9)

        var allowed: Int32 = -1, degraded = -1.0
        for _ in 0..<20 {
            _ = capture { ae_permeability_model_should_cross(adaptive, 0, 0.8, &allowed, &degraded, $0, $1) }
            #expect(allowed == 0 && degraded == 0.8)
            _ = capture { ae_permeability_model_should_cross(adaptive, 1, 1, &allowed, &degraded, $0, $1) }
            #expect(allowed == 1 && abs(degraded - 0.9) < 1e-15)
        }
        let first = model(), second = model()
        defer {
            ae_permeability_model_destroy(first, nil, 0)
            ae_permeability_model_destroy(second, nil, 0)
        }
        var a: [Int32] = [], b: [Int32] = []
        for _ in 0..<40 {
            _ = capture { ae_permeability_model_should_cross(first, 0.5, 0.5, &allowed, nil, $0, $1) }
            a.append(allowed)
            _ = capture { ae_permeability_model_should_cross(second, 0.5, 0.5, &allowed, nil, $0, $1) }
            b.append(allowed)
        }
        #expect(a == b && a.contains(0) && a.contains(1))
        #expect(
            capture { ae_permeability_model_should_cross(first, .nan, 0.5, &allowed, nil, $0, $1) }.is(
                AE_ERROR_NOT_FINITE, naming: "permeability"))
    }

    @Test("the model's spillover adds to its totals; reset returns to the base permeability")
    func modelTotals() {
        let handle = model { $0.contagion_rate = 1 }
        defer { ae_permeability_model_destroy(handle, nil, 0) }
        let p = [Double](repeating: 0.1, count: 500), accepted = [UInt8](repeating: 1, count: 500)
        var indices = [Int64](repeating: -1, count: 500), harm = [Double](repeating: -1, count: 500)
        var blocked = [UInt8](repeating: 9, count: 500), count: Int64 = -1
        let outcome = capture {
            ae_permeability_model_spillover(handle, 500, p, accepted, 1, 0, &indices, &harm, &blocked, &count, $0, $1)
        }
        #expect(outcome.status == AE_OK && count > 0)
        var state = ae_permeability_state()
        _ = capture { ae_permeability_model_state(handle, &state, $0, $1) }
        let crossed = blocked[..<Int(count)].filter { $0 == 0 }.count
        #expect(state.total_spillovers == Int64(crossed) && state.total_blocked == count - Int64(crossed))
        #expect(abs(state.cumulative_external_harm - Double(crossed) * 0.9 * 1.5) < 1e-9)
        #expect(capture { ae_permeability_model_reset(handle, $0, $1) }.status == AE_OK)
        _ = capture { ae_permeability_model_state(handle, &state, $0, $1) }
        #expect(state.total_spillovers == 0 && state.total_blocked == 0 && state.effective_permeability == 0.5)
        let flag = capture {
            ae_permeability_model_spillover(handle, 500, p, accepted, 2, 0, &indices, &harm, &blocked, &count, $0, $1)
        }
        #expect(flag.is(AE_ERROR_UNKNOWN_OPTION, naming: "use_state_permeability"))
    }
}
