import AgentEconomiesCHeader
import Testing

/// One kind of opaque handle: its create call (good and refused), one call that uses it, and
/// its destroy call, each through the C declarations.
struct HandleKind: Sendable, CustomTestStringConvertible {
    typealias Create = @Sendable (_ directory: String, _ handle: inout OpaquePointer?) -> Outcome

    let name: String
    /// The handle parameter's name, which the messages name.
    let field: String
    let create: Create
    /// A create call the library refuses, with its status and the field its message names.
    let refused: Create
    let refusal: (status: ae_status, field: String)
    let use: @Sendable (OpaquePointer?) -> Outcome
    let destroy: @Sendable (OpaquePointer?) -> Outcome

    var testDescription: String { name }

    static let all: [HandleKind] = [
        hfn, crashDetector, sybilLever, identityRegistry, missionEconomy, permeabilityModel, simulation, sweep,
    ]

    static let hfn = HandleKind(
        name: "hfn", field: "engine",
        create: { _, handle in
            var options = ae_hfn_options()
            ae_hfn_options_default(&options)
            return capture { ae_hfn_create(&options, [42], 1, 1, &handle, $0, $1) }
        },
        refused: { _, handle in
            var options = ae_hfn_options()
            ae_hfn_options_default(&options)
            options.max_orders_per_tick = 0
            return capture { ae_hfn_create(&options, [42], 1, 1, &handle, $0, $1) }
        },
        refusal: (AE_ERROR_OUT_OF_RANGE, "options.max_orders_per_tick"),
        use: { handle in
            var state = ae_hfn_state()
            return capture { ae_hfn_state_get(handle, &state, $0, $1) }
        },
        destroy: { handle in capture { ae_hfn_destroy(handle, $0, $1) } })

    static let crashDetector = HandleKind(
        name: "crash detector", field: "detector",
        create: { _, handle in
            var options = ae_crash_options()
            ae_crash_options_default(&options)
            return capture { ae_crash_detector_create(&options, &handle, $0, $1) }
        },
        refused: { _, handle in
            var options = ae_crash_options()
            ae_crash_options_default(&options)
            options.price_drop_threshold = 1.5
            return capture { ae_crash_detector_create(&options, &handle, $0, $1) }
        },
        refusal: (AE_ERROR_OUT_OF_RANGE, "price_drop_threshold"),
        use: { handle in capture { ae_crash_detector_state(handle, nil, nil, nil, $0, $1) } },
        destroy: { handle in capture { ae_crash_detector_destroy(handle, $0, $1) } })

    static let sybilLever = HandleKind(
        name: "sybil lever", field: "lever",
        create: { _, handle in
            capture {
                ae_sybil_lever_create(0.7, AE_METRIC_COMBINED, AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, &handle, $0, $1)
            }
        },
        refused: { _, handle in
            capture { ae_sybil_lever_create(0.7, 9, AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, &handle, $0, $1) }
        },
        refusal: (AE_ERROR_UNKNOWN_OPTION, "metric"),
        use: { handle in capture { ae_sybil_lever_clear(handle, $0, $1) } },
        destroy: { handle in capture { ae_sybil_lever_destroy(handle, $0, $1) } })

    static let identityRegistry = HandleKind(
        name: "identity registry", field: "registry",
        create: { _, handle in
            var options = ae_identity_options()
            ae_identity_options_default(&options)
            return capture { ae_identity_registry_create(&options, &handle, $0, $1) }
        },
        refused: { _, handle in
            var options = ae_identity_options()
            ae_identity_options_default(&options)
            options.behavioral_similarity_threshold = 2
            return capture { ae_identity_registry_create(&options, &handle, $0, $1) }
        },
        refusal: (AE_ERROR_OUT_OF_RANGE, "options.behavioral_similarity_threshold"),
        use: { handle in
            var count: Int64 = -1
            return capture { ae_identity_registry_trust_scores(handle, 0, 0, nil, nil, &count, nil, $0, $1) }
        },
        destroy: { handle in capture { ae_identity_registry_destroy(handle, $0, $1) } })

    static let missionEconomy = HandleKind(
        name: "mission economy", field: "economy",
        create: { _, handle in
            var options = ae_mission_options()
            ae_mission_options_default(&options)
            return capture { ae_mission_economy_create(&options, &handle, $0, $1) }
        },
        refused: { _, handle in
            var options = ae_mission_options()
            ae_mission_options_default(&options)
            options.reward_distribution = 7
            return capture { ae_mission_economy_create(&options, &handle, $0, $1) }
        },
        refusal: (AE_ERROR_UNKNOWN_OPTION, "options.reward_distribution"),
        use: { handle in
            var count: Int64 = -1
            return capture { ae_mission_economy_expire(handle, 0, 0, nil, &count, $0, $1) }
        },
        destroy: { handle in capture { ae_mission_economy_destroy(handle, $0, $1) } })

    static let permeabilityModel = HandleKind(
        name: "permeability model", field: "model",
        create: { _, handle in
            var options = ae_permeability_options()
            ae_permeability_options_default(&options)
            return capture { ae_permeability_model_create(&options, [42], 1, 1, &handle, $0, $1) }
        },
        refused: { _, handle in
            var options = ae_permeability_options()
            ae_permeability_options_default(&options)
            options.contagion_rate = 2
            return capture { ae_permeability_model_create(&options, [42], 1, 1, &handle, $0, $1) }
        },
        refusal: (AE_ERROR_OUT_OF_RANGE, "options.contagion_rate"),
        use: { handle in
            var state = ae_permeability_state()
            return capture { ae_permeability_model_state(handle, &state, $0, $1) }
        },
        destroy: { handle in capture { ae_permeability_model_destroy(handle, $0, $1) } })

    static let simulation = HandleKind(
        name: "simulation", field: "simulation",
        create: { _, handle in capture { ae_simulation_create(Fixture.scenario, nil, 0, nil, nil, 1, &handle, $0, $1) } },
        refused: { _, handle in
            withCStrings(["agents"]) { keys in
                withCStrings(["1"]) { values in
                    capture { ae_simulation_create(Fixture.scenario, nil, 1, keys, values, 1, &handle, $0, $1) }
                }
            }
        },
        refusal: (AE_ERROR_SCENARIO, "agents"),
        use: { handle in
            var info = ae_simulation_info()
            return capture { ae_simulation_get_info(handle, &info, $0, $1) }
        },
        destroy: { handle in capture { ae_simulation_destroy(handle, $0, $1) } })

    static let sweep = HandleKind(
        name: "sweep", field: "sweep",
        create: { directory, handle in
            capture {
                ae_sweep_create(
                    Fixture.scenario, nil, 0, nil, nil, 0, nil, nil, nil, 1, 0, 0, directory + "/sweep", 0, &handle, $0, $1)
            }
        },
        refused: { directory, handle in
            capture {
                ae_sweep_create(
                    Fixture.scenario, nil, 0, nil, nil, 0, nil, nil, nil, 0, 0, 0, directory + "/sweep", 0, &handle, $0, $1)
            }
        },
        refusal: (AE_ERROR_INVALID_SIZE, "seeds"),
        use: { handle in
            var runs: Int64 = -1
            return capture { ae_sweep_run_count(handle, &runs, nil, $0, $1) }
        },
        destroy: { handle in capture { ae_sweep_destroy(handle, $0, $1) } })
}
