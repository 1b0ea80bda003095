import AgentEconomiesCHeader

/// Calls refused for one negative size (or lengths that disagree), with the argument each
/// message must name (BufferProtocolTests).
extension BadCall {
    static let sizes: [BadCall] = [
        BadCall(label: "auction agents", status: AE_ERROR_INVALID_SIZE, field: "agents") {
            AuctionCall().with { $0.agents = -1 }.run()
        },
        BadCall(label: "auction resources", status: AE_ERROR_INVALID_SIZE, field: "resources") {
            AuctionCall().with { $0.resources = -2 }.run()
        },
        BadCall(label: "auction bundle_capacity", status: AE_ERROR_INVALID_SIZE, field: "bundle_capacity") {
            AuctionCall().with { $0.bundleCapacity = -1 }.run()
        },
        BadCall(label: "sybil rows", status: AE_ERROR_INVALID_SIZE, field: "rows") { sybilClusters(rows: -1) },
        BadCall(label: "sybil columns", status: AE_ERROR_INVALID_SIZE, field: "columns") { sybilClusters(columns: -4) },
        BadCall(label: "sybil threads", status: AE_ERROR_INVALID_SIZE, field: "threads") { sybilClusters(threads: -1) },
        BadCall(label: "similar pairs capacity", status: AE_ERROR_INVALID_SIZE, field: "capacity") {
            var count: Int64 = 0
            return capture {
                ae_similar_pairs(
                    3, 4, Fixture.indptr, Fixture.indices, Fixture.counts, 0.5, AE_METRIC_COMBINED, AE_PATH_AUTOMATIC, 0, -1,
                    nil, nil, nil, &count, $0, $1)
            }
        },
        BadCall(label: "spillover n", status: AE_ERROR_INVALID_SIZE, field: "n") { spillover(n: -6) },
        BadCall(label: "spillover threads", status: AE_ERROR_INVALID_SIZE, field: "threads") { spillover(threads: -2) },
        BadCall(label: "soft payoffs n", status: AE_ERROR_INVALID_SIZE, field: "n") {
            capture { ae_soft_payoffs(-1, nil, nil, nil, nil, nil, $0, $1) }
        },
        BadCall(label: "payoff terms tau_count", status: AE_ERROR_INVALID_SIZE, field: "terms.tau_count") {
            var terms = ae_payoff_terms()
            ae_payoff_terms_default(&terms)
            let s = Scratch()
            terms.tau = UnsafePointer(s.array([0.1, 0.2, 0.3]))
            terms.tau_count = 3
            var initiator = [Double](repeating: 0, count: 6), counterparty = initiator
            return capture { ae_soft_payoffs(6, Fixture.p, &terms, nil, &initiator, &counterparty, $0, $1) }
        },
        BadCall(label: "mission rewards contributors", status: AE_ERROR_INVALID_SIZE, field: "contributors") {
            capture { ae_mission_rewards(AE_REWARD_EQUAL, -1, [0], nil, 0, 0, nil, nil, nil, 10, nil, nil, nil, $0, $1) }
        },
        BadCall(label: "hfn reserve agents", status: AE_ERROR_INVALID_SIZE, field: "agents") {
            withHandle(.hfn) { engine in capture { ae_hfn_reserve(engine, -1, 1, $0, $1) } }
        },
        BadCall(label: "hfn halt duration_ticks", status: AE_ERROR_INVALID_SIZE, field: "duration_ticks") {
            withHandle(.hfn) { engine in capture { ae_hfn_halt(engine, -3, $0, $1) } }
        },
        BadCall(label: "hfn trades start", status: AE_ERROR_INVALID_SIZE, field: "start") {
            var written: Int64 = 0
            return withHandle(.hfn) { engine in
                capture { ae_hfn_trades(engine, -1, 4, nil, nil, nil, nil, nil, nil, &written, $0, $1) }
            }
        },
        BadCall(label: "crash detector crashes capacity", status: AE_ERROR_INVALID_SIZE, field: "capacity") {
            var written: Int64 = 0
            return withHandle(.crashDetector) { detector in
                capture { ae_crash_detector_crashes(detector, 0, -1, nil, &written, $0, $1) }
            }
        },
        BadCall(label: "identity trust_scores capacity", status: AE_ERROR_INVALID_SIZE, field: "capacity") {
            var count: Int64 = 0
            return withHandle(.identityRegistry) { registry in
                capture { ae_identity_registry_trust_scores(registry, 0, -1, nil, nil, &count, nil, $0, $1) }
            }
        },
        BadCall(label: "mission expire capacity", status: AE_ERROR_INVALID_SIZE, field: "capacity") {
            var count: Int64 = 0
            return withHandle(.missionEconomy) { economy in
                capture { ae_mission_economy_expire(economy, 0, -1, nil, &count, $0, $1) }
            }
        },
        BadCall(label: "simulation n_overrides", status: AE_ERROR_INVALID_SIZE, field: "n_overrides") {
            var simulation: OpaquePointer? = nil
            return capture { ae_simulation_create(Fixture.scenario, nil, -1, nil, nil, 0, &simulation, $0, $1) }
        },
        BadCall(label: "simulation records capacity", status: AE_ERROR_INVALID_SIZE, field: "capacity") {
            var rows: Int64 = 0
            return withHandle(.simulation) { simulation in
                capture { ae_simulation_records(simulation, -1, nil, &rows, $0, $1) }
            }
        },
        BadCall(label: "simulation run_epoch record_capacity", status: AE_ERROR_INVALID_SIZE, field: "record_capacity") {
            var ran: Int32 = 0
            return withHandle(.simulation) { simulation in
                capture { ae_simulation_run_epoch(simulation, -1, nil, &ran, $0, $1) }
            }
        },
        BadCall(label: "sweep seeds", status: AE_ERROR_INVALID_SIZE, field: "seeds") {
            var sweep: OpaquePointer? = nil
            return capture {
                ae_sweep_create(
                    Fixture.scenario, nil, 0, nil, nil, 0, nil, nil, nil, -1, 0, 0, Fixture.temporaryPath("ae-sweep"), 0, &sweep,
                    $0, $1)
            }
        },
        BadCall(label: "sweep n_axes", status: AE_ERROR_INVALID_SIZE, field: "n_axes") {
            var sweep: OpaquePointer? = nil
            return capture {
                ae_sweep_create(
                    Fixture.scenario, nil, 0, nil, nil, -1, nil, nil, nil, 1, 0, 0, Fixture.temporaryPath("ae-sweep"), 0, &sweep,
                    $0, $1)
            }
        },
        BadCall(label: "sweep axis_counts", status: AE_ERROR_INVALID_SIZE, field: "axis_counts[0]") {
            var sweep: OpaquePointer? = nil
            return withCStrings(["agents"]) { keys in
                capture {
                    ae_sweep_create(
                        Fixture.scenario, nil, 0, nil, nil, 1, keys, [-2], nil, 1, 0, 0, Fixture.temporaryPath("ae-sweep"), 0,
                        &sweep, $0, $1)
                }
            }
        },
    ]
}
