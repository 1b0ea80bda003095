import AgentEconomiesCHeader
import Foundation
import Testing

/// One options struct checked by one call: the call made with a given `struct_size`.
struct SizedCall: Sendable, CustomTestStringConvertible {
    let label: String
    /// The argument the message names (`options`, `terms`, `options.crash`, ...).
    let field: String
    let size: Int
    let call: @Sendable (Int) -> Outcome

    var testDescription: String { label }
}

/// Options structs and `struct_size` (ABI 2): every `_default()` function sets it to the
/// struct's size (and accepts NULL), and every call that takes the struct refuses another
/// value with AE_ERROR_INVALID_SIZE naming `<argument>.struct_size`.
@Suite struct StructSizeTests {
    @Test("the _default() functions set struct_size to the struct's size and accept NULL")
    func defaults() {
        var auction = ae_auction_options()
        ae_auction_options_default(&auction)
        #expect(auction.struct_size == MemoryLayout<ae_auction_options>.size)
        var payoff = ae_payoff_options()
        ae_payoff_options_default(&payoff)
        #expect(payoff.struct_size == MemoryLayout<ae_payoff_options>.size)
        var terms = ae_payoff_terms()
        ae_payoff_terms_default(&terms)
        #expect(terms.struct_size == MemoryLayout<ae_payoff_terms>.size)
        var metrics = ae_soft_metrics_options()
        ae_soft_metrics_options_default(&metrics)
        #expect(metrics.struct_size == MemoryLayout<ae_soft_metrics_options>.size)
        var shapley = ae_shapley_options()
        ae_shapley_options_default(&shapley)
        #expect(shapley.struct_size == MemoryLayout<ae_shapley_options>.size)
        var crash = ae_crash_options()
        ae_crash_options_default(&crash)
        #expect(crash.struct_size == MemoryLayout<ae_crash_options>.size)
        var hfn = ae_hfn_options()
        ae_hfn_options_default(&hfn)
        #expect(hfn.struct_size == MemoryLayout<ae_hfn_options>.size)
        #expect(hfn.crash.struct_size == MemoryLayout<ae_crash_options>.size)
        var permeability = ae_permeability_options()
        ae_permeability_options_default(&permeability)
        #expect(permeability.struct_size == MemoryLayout<ae_permeability_options>.size)
        var identity = ae_identity_options()
        ae_identity_options_default(&identity)
        #expect(identity.struct_size == MemoryLayout<ae_identity_options>.size)
        var mission = ae_mission_options()
        ae_mission_options_default(&mission)
        #expect(mission.struct_size == MemoryLayout<ae_mission_options>.size)
        // NULL is ignored, as the fuzz target and C callers rely on.
        ae_auction_options_default(nil)
        ae_payoff_options_default(nil)
        ae_payoff_terms_default(nil)
        ae_soft_metrics_options_default(nil)
        ae_shapley_options_default(nil)
        ae_crash_options_default(nil)
        ae_hfn_options_default(nil)
        ae_permeability_options_default(nil)
        ae_identity_options_default(nil)
        ae_mission_options_default(nil)
    }

    @Test(
        "the struct's own size is accepted; 0 and a larger size are AE_ERROR_INVALID_SIZE naming struct_size", arguments: SizedCall.all
    )
    func mismatch(_ sized: SizedCall) {
        #expect(sized.call(sized.size).status == AE_OK)
        for wrong in [0, sized.size - 8, sized.size + 8] {
            let outcome = sized.call(wrong)
            #expect(outcome.is(AE_ERROR_INVALID_SIZE, naming: "\(sized.field).struct_size", "got \(wrong)"), "\(outcome)")
        }
    }
}

extension SizedCall {
    static let all: [SizedCall] = [
        SizedCall(label: "ae_auction_run options", field: "options", size: MemoryLayout<ae_auction_options>.size) { size in
            let call = AuctionCall()
            call.options!.pointee.struct_size = size
            return call.run()
        },
        SizedCall(label: "ae_soft_payoffs options", field: "options", size: MemoryLayout<ae_payoff_options>.size) { size in
            var options = ae_payoff_options()
            ae_payoff_options_default(&options)
            options.struct_size = size
            var initiator = [Double](repeating: 0, count: 6), counterparty = initiator
            return capture { ae_soft_payoffs(6, Fixture.p, nil, &options, &initiator, &counterparty, $0, $1) }
        },
        SizedCall(label: "ae_soft_payoffs terms", field: "terms", size: MemoryLayout<ae_payoff_terms>.size) { size in
            var terms = ae_payoff_terms()
            ae_payoff_terms_default(&terms)
            terms.struct_size = size
            var initiator = [Double](repeating: 0, count: 6), counterparty = initiator
            return capture { ae_soft_payoffs(6, Fixture.p, &terms, nil, &initiator, &counterparty, $0, $1) }
        },
        SizedCall(label: "ae_payoff_break_even options", field: "options", size: MemoryLayout<ae_payoff_options>.size) {
            size in
            var options = ae_payoff_options()
            ae_payoff_options_default(&options)
            options.struct_size = size
            var first = 0.0, second = 0.0
            return capture { ae_payoff_break_even(&options, &first, &second, $0, $1) }
        },
        SizedCall(
            label: "ae_soft_metrics_compute metrics_options", field: "metrics_options",
            size: MemoryLayout<ae_soft_metrics_options>.size
        ) { size in
            var options = ae_soft_metrics_options()
            ae_soft_metrics_options_default(&options)
            options.struct_size = size
            var metrics = ae_soft_metrics()
            return capture {
                ae_soft_metrics_compute(6, Fixture.p, Fixture.accepted, nil, nil, nil, &options, &metrics, nil, nil, nil, nil, $0, $1)
            }
        },
        SizedCall(label: "ae_mission_shapley options", field: "options", size: MemoryLayout<ae_shapley_options>.size) { size in
            var options = ae_shapley_options()
            ae_shapley_options_default(&options)
            options.struct_size = size
            var count: Int64 = 0
            return capture {
                ae_mission_shapley(0, [0], nil, 0, 0, nil, nil, nil, 0, nil, nil, nil, &options, nil, nil, nil, &count, nil, $0, $1)
            }
        },
        SizedCall(label: "ae_crash_detector_create options", field: "options", size: MemoryLayout<ae_crash_options>.size) {
            size in
            var options = ae_crash_options()
            ae_crash_options_default(&options)
            options.struct_size = size
            var detector: OpaquePointer? = nil
            defer { ae_crash_detector_destroy(detector, nil, 0) }
            return capture { ae_crash_detector_create(&options, &detector, $0, $1) }
        },
        SizedCall(label: "ae_hfn_create options", field: "options", size: MemoryLayout<ae_hfn_options>.size) { size in
            var options = ae_hfn_options()
            ae_hfn_options_default(&options)
            options.struct_size = size
            var engine: OpaquePointer? = nil
            defer { ae_hfn_destroy(engine, nil, 0) }
            return capture { ae_hfn_create(&options, nil, 0, 0, &engine, $0, $1) }
        },
        SizedCall(label: "ae_hfn_create options.crash", field: "options.crash", size: MemoryLayout<ae_crash_options>.size) {
            size in
            var options = ae_hfn_options()
            ae_hfn_options_default(&options)
            options.crash.struct_size = size
            var engine: OpaquePointer? = nil
            defer { ae_hfn_destroy(engine, nil, 0) }
            return capture { ae_hfn_create(&options, nil, 0, 0, &engine, $0, $1) }
        },
        SizedCall(
            label: "ae_permeability_model_create options", field: "options", size: MemoryLayout<ae_permeability_options>.size
        ) { size in
            var options = ae_permeability_options()
            ae_permeability_options_default(&options)
            options.struct_size = size
            var model: OpaquePointer? = nil
            defer { ae_permeability_model_destroy(model, nil, 0) }
            return capture { ae_permeability_model_create(&options, nil, 0, 0, &model, $0, $1) }
        },
        SizedCall(label: "ae_identity_registry_create options", field: "options", size: MemoryLayout<ae_identity_options>.size) {
            size in
            var options = ae_identity_options()
            ae_identity_options_default(&options)
            options.struct_size = size
            var registry: OpaquePointer? = nil
            defer { ae_identity_registry_destroy(registry, nil, 0) }
            return capture { ae_identity_registry_create(&options, &registry, $0, $1) }
        },
        SizedCall(label: "ae_mission_economy_create options", field: "options", size: MemoryLayout<ae_mission_options>.size) {
            size in
            var options = ae_mission_options()
            ae_mission_options_default(&options)
            options.struct_size = size
            var economy: OpaquePointer? = nil
            defer { ae_mission_economy_destroy(economy, nil, 0) }
            return capture { ae_mission_economy_create(&options, &economy, $0, $1) }
        },
    ]
}
