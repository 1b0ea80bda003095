import AgentEconomiesCHeader
import Foundation

/// `ae_sybil_clusters` on the three-row fixture with one argument replaced.
func sybilClusters(
    rows: Int64 = 3, columns: Int64 = 4, indptr: [Int64]? = Fixture.indptr, threads: Int32 = 0,
    members: Bool = true, clusterCount: Bool = true
) -> Outcome {
    let s = Scratch()
    return capture {
        ae_sybil_clusters(
            rows, columns, indptr.map { UnsafePointer(s.array($0)) }, Fixture.indices, Fixture.counts, 0.75,
            AE_METRIC_COMBINED, AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, threads, members ? s.buffer(3, Int64(0)) : nil,
            s.buffer(4, Int64(0)), clusterCount ? s.value(Int64(0)) : nil, nil, $0, $1)
    }
}

/// `ae_permeability_spillover` on the fixture's interactions with one argument replaced.
func spillover(n: Int64 = 6, p: Bool = true, threads: Int32 = 0, eventCount: Bool = true) -> Outcome {
    let s = Scratch()
    return capture {
        ae_permeability_spillover(
            n, p ? UnsafePointer(s.array(Fixture.p)) : nil, Fixture.accepted, 1, 1, 1.5, 42, threads,
            s.buffer(6, Int64(0)), s.buffer(6, 0.0), s.buffer(6, UInt8(0)), eventCount ? s.value(Int64(0)) : nil, $0, $1)
    }
}

/// Runs `body` on a fresh handle of `kind` (a sweep's in a temporary directory), destroyed
/// afterwards.
func withHandle(_ kind: HandleKind, _ body: (OpaquePointer?) -> Outcome) -> Outcome {
    let directory = Fixture.temporaryPath("ae-cabi-handle")
    var handle: OpaquePointer? = nil
    _ = kind.create(directory, &handle)
    defer {
        _ = kind.destroy(handle)
        try? FileManager.default.removeItem(atPath: directory)
    }
    return body(handle)
}

/// Calls refused for one NULL required pointer, with the argument each message must name
/// (BufferProtocolTests).
extension BadCall {
    static let nullPointers: [BadCall] = [
        BadCall(label: "auction valuations", status: AE_ERROR_NULL_POINTER, field: "valuations") {
            AuctionCall().with { $0.valuations = nil }.run()
        },
        BadCall(label: "auction options", status: AE_ERROR_NULL_POINTER, field: "options") {
            AuctionCall().with { $0.options = nil }.run()
        },
        BadCall(label: "auction result", status: AE_ERROR_NULL_POINTER, field: "result") {
            AuctionCall().with { $0.result = nil }.run()
        },
        BadCall(label: "auction prices", status: AE_ERROR_NULL_POINTER, field: "prices") {
            AuctionCall().with { $0.prices = nil }.run()
        },
        BadCall(label: "auction bundle_indices", status: AE_ERROR_NULL_POINTER, field: "bundle_indices") {
            AuctionCall().with { $0.bundleIndices = nil }.run()
        },
        BadCall(label: "sybil indptr", status: AE_ERROR_NULL_POINTER, field: "indptr") { sybilClusters(indptr: nil) },
        BadCall(label: "sybil members", status: AE_ERROR_NULL_POINTER, field: "members") { sybilClusters(members: false) },
        BadCall(label: "sybil cluster_count", status: AE_ERROR_NULL_POINTER, field: "cluster_count") {
            sybilClusters(clusterCount: false)
        },
        BadCall(label: "similar pairs pair_count", status: AE_ERROR_NULL_POINTER, field: "pair_count") {
            capture {
                ae_similar_pairs(
                    3, 4, Fixture.indptr, Fixture.indices, Fixture.counts, 0.5, AE_METRIC_COMBINED, AE_PATH_AUTOMATIC, 0, 0,
                    nil, nil, nil, nil, $0, $1)
            }
        },
        BadCall(label: "spillover p", status: AE_ERROR_NULL_POINTER, field: "p") { spillover(p: false) },
        BadCall(label: "spillover event_count", status: AE_ERROR_NULL_POINTER, field: "event_count") {
            spillover(eventCount: false)
        },
        BadCall(label: "optimal permeability", status: AE_ERROR_NULL_POINTER, field: "optimal") {
            capture { ae_permeability_optimal(6, Fixture.p, Fixture.accepted, 0.05, 1.5, 1, 10, 0, nil, $0, $1) }
        },
        BadCall(label: "soft payoffs initiator", status: AE_ERROR_NULL_POINTER, field: "initiator") {
            var counterparty = [Double](repeating: 0, count: 6)
            return capture { ae_soft_payoffs(6, Fixture.p, nil, nil, nil, &counterparty, $0, $1) }
        },
        BadCall(label: "break-even social_break_even_p", status: AE_ERROR_NULL_POINTER, field: "social_break_even_p") {
            var first = 0.0
            return capture { ae_payoff_break_even(nil, &first, nil, $0, $1) }
        },
        BadCall(label: "soft metrics metrics", status: AE_ERROR_NULL_POINTER, field: "metrics") {
            capture {
                ae_soft_metrics_compute(6, Fixture.p, Fixture.accepted, nil, nil, nil, nil, nil, nil, nil, nil, nil, $0, $1)
            }
        },
        BadCall(label: "mission rewards paid_count", status: AE_ERROR_NULL_POINTER, field: "paid_count") {
            var rows = [Int64](repeating: 0, count: 1), amounts = [0.0]
            return capture {
                ae_mission_rewards(AE_REWARD_EQUAL, 1, [0, 1], [0], 1, 1, [0.5], [1], [0], 10, &rows, &amounts, nil, $0, $1)
            }
        },
        BadCall(label: "mission shapley options", status: AE_ERROR_NULL_POINTER, field: "options") {
            capture {
                ae_mission_shapley(
                    0, [0], nil, 0, 0, nil, nil, nil, 0, nil, nil, nil, nil, nil, nil, nil, nil, nil, $0, $1)
            }
        },
        BadCall(label: "hfn_create engine", status: AE_ERROR_NULL_POINTER, field: "engine") {
            var options = ae_hfn_options()
            ae_hfn_options_default(&options)
            return capture { ae_hfn_create(&options, nil, 0, 0, nil, $0, $1) }
        },
        BadCall(label: "crash detector options", status: AE_ERROR_NULL_POINTER, field: "options") {
            var detector: OpaquePointer? = nil
            return capture { ae_crash_detector_create(nil, &detector, $0, $1) }
        },
        BadCall(label: "hfn submit outcome", status: AE_ERROR_NULL_POINTER, field: "outcome") {
            withHandle(.hfn) { engine in
                capture { ae_hfn_submit(engine, 0, 0, AE_ORDER_BID, 1, 1, 0, 0, nil, nil, nil, $0, $1) }
            }
        },
        BadCall(label: "identity created", status: AE_ERROR_NULL_POINTER, field: "created") {
            withHandle(.identityRegistry) { registry in
                capture { ae_identity_registry_create_identity(registry, 1, -1, 0, 0, nil, nil, $0, $1) }
            }
        },
        BadCall(label: "mission propose mission", status: AE_ERROR_NULL_POINTER, field: "mission") {
            withHandle(.missionEconomy) { economy in
                capture { ae_mission_economy_propose(economy, 0, 1, [0], [0.5], [1], 10, 5, nil, $0, $1) }
            }
        },
        BadCall(label: "permeability should_cross allowed", status: AE_ERROR_NULL_POINTER, field: "allowed") {
            withHandle(.permeabilityModel) { model in
                capture { ae_permeability_model_should_cross(model, 0.5, 0.5, nil, nil, $0, $1) }
            }
        },
        BadCall(label: "sybil lever clusters cluster_count", status: AE_ERROR_NULL_POINTER, field: "cluster_count") {
            withHandle(.sybilLever) { lever in capture { ae_sybil_lever_clusters(lever, nil, 0, nil, 0, nil, $0, $1) } }
        },
        BadCall(label: "simulation yaml and path", status: AE_ERROR_NULL_POINTER, field: "yaml and path") {
            var simulation: OpaquePointer? = nil
            return capture { ae_simulation_create(nil, nil, 0, nil, nil, 0, &simulation, $0, $1) }
        },
        BadCall(label: "simulation_create simulation", status: AE_ERROR_NULL_POINTER, field: "simulation") {
            capture { ae_simulation_create(Fixture.scenario, nil, 0, nil, nil, 0, nil, $0, $1) }
        },
        BadCall(label: "simulation run_epoch ran", status: AE_ERROR_NULL_POINTER, field: "ran") {
            withHandle(.simulation) { simulation in capture { ae_simulation_run_epoch(simulation, 0, nil, nil, $0, $1) } }
        },
        BadCall(label: "simulation override_keys", status: AE_ERROR_NULL_POINTER, field: "override_keys") {
            var simulation: OpaquePointer? = nil
            return withCStrings(["1"]) { values in
                capture { ae_simulation_create(Fixture.scenario, nil, 1, nil, values, 0, &simulation, $0, $1) }
            }
        },
        BadCall(label: "sweep directory", status: AE_ERROR_NULL_POINTER, field: "directory") {
            var sweep: OpaquePointer? = nil
            return capture {
                ae_sweep_create(Fixture.scenario, nil, 0, nil, nil, 0, nil, nil, nil, 1, 0, 0, nil, 0, &sweep, $0, $1)
            }
        },
        BadCall(label: "sweep run_count runs", status: AE_ERROR_NULL_POINTER, field: "runs") {
            withHandle(.sweep) { sweep in capture { ae_sweep_run_count(sweep, nil, nil, $0, $1) } }
        },
    ]
}
