import AgentEconomiesCHeader
import Testing

/// Messages name the C argument, not a kernel's Swift name: option fields checked by the
/// kernels (`options.max_rounds`, not `TatonnementParameters.maxRounds`), CSR and ledger
/// columns (`indices[3]`, `recorded_items[2]`), tie ranks and thresholds.
@Suite struct FieldNameTests {
    @Test("the message starts with the C argument's name", arguments: BadCall.kernelFields)
    func named(_ bad: BadCall) {
        let outcome = bad.call()
        #expect(outcome.is(bad.status, naming: bad.field), "\(outcome)")
        #expect(outcome.message.hasPrefix(bad.field + " ") || outcome.message.hasPrefix(bad.field + "["), "\(outcome)")
    }
}

/// `ae_auction_run` with options changed by `change`.
private func auction(_ change: (inout ae_auction_options) -> Void) -> Outcome {
    let call = AuctionCall()
    change(&call.options!.pointee)
    return call.run()
}

/// `ae_mission_rewards` (equal) over a two-contributor ledger with one column replaced.
private func rewards(
    offsets: [Int64] = [0, 2, 3], items: [Int32] = [0, 1, 2], p: [Double] = [0.8, 0.6, 0.5],
    interactionItems: [Int32] = [0, 1, 2]
) -> Outcome {
    var rows: [Int64] = [0, 0], amounts = [0.0, 0.0], count: Int64 = 0
    return capture {
        ae_mission_rewards(
            AE_REWARD_EQUAL, 2, offsets, items, 3, 3, p, [1, 1, 1], interactionItems, 10, &rows, &amounts, &count, $0, $1)
    }
}

/// `ae_mission_shapley` over the same ledger with options changed by `change`.
private func shapley(_ change: (inout ae_shapley_options) -> Void) -> Outcome {
    var options = ae_shapley_options()
    ae_shapley_options_default(&options)
    change(&options)
    var players: [Int64] = [0, 0], values = [0.0, 0.0], count: Int64 = 0
    return capture {
        ae_mission_shapley(
            2, [0, 2, 3], [0, 1, 2], 3, 3, [0.8, 0.6, 0.5], [1, 1, 1], [0, 1, 2], 1, [AE_MISSION_METRIC_AVG_P], [0.5], [1],
            &options, &players, &values, nil, &count, nil, $0, $1)
    }
}

/// `ae_sybil_clusters` on the fixture with its indices, counts or threshold replaced.
private func clusters(
    indices: [Int32] = Fixture.indices, counts: [Double] = Fixture.counts, threshold: Double = 0.5
) -> Outcome {
    var members = [Int64](repeating: 0, count: 3), offsets = [Int64](repeating: 0, count: 4), count: Int64 = 0
    return capture {
        ae_sybil_clusters(
            3, 4, Fixture.indptr, indices, counts, threshold, AE_METRIC_COMBINED, AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, 0,
            &members, &offsets, &count, nil, $0, $1)
    }
}

extension BadCall {
    static let kernelFields: [BadCall] = [
        BadCall(label: "max_rounds", status: AE_ERROR_OUT_OF_RANGE, field: "options.max_rounds") {
            auction { $0.max_rounds = 0 }
        },
        BadCall(label: "price_adjustment_rate", status: AE_ERROR_NOT_FINITE, field: "options.price_adjustment_rate") {
            auction { $0.price_adjustment_rate = .nan }
        },
        BadCall(label: "convergence_tolerance", status: AE_ERROR_OUT_OF_RANGE, field: "options.convergence_tolerance") {
            auction { $0.convergence_tolerance = 0 }
        },
        BadCall(label: "envy_tolerance", status: AE_ERROR_OUT_OF_RANGE, field: "options.envy_tolerance") {
            auction { $0.envy_tolerance = -1 }
        },
        BadCall(label: "equilibrium_tolerance", status: AE_ERROR_OUT_OF_RANGE, field: "options.equilibrium_tolerance") {
            auction {
                $0.solver = AE_SOLVER_COMPETITIVE_EQUILIBRIUM
                $0.equilibrium_tolerance = 0.5
            }
        },
        BadCall(
            label: "equilibrium_max_iterations", status: AE_ERROR_OUT_OF_RANGE, field: "options.equilibrium_max_iterations"
        ) {
            auction {
                $0.solver = AE_SOLVER_COMPETITIVE_EQUILIBRIUM
                $0.equilibrium_max_iterations = 0
            }
        },
        BadCall(label: "tie_ranks", status: AE_ERROR_OUT_OF_RANGE, field: "tie_ranks") {
            var options = ae_auction_options()
            ae_auction_options_default(&options)
            var prices = [0.0, 0, 0], utilities = [0.0, 0], paid = [0.0, 0], indptr: [Int64] = [0, 0, 0]
            var indices = [Int32](repeating: 0, count: 6), quantities = [Double](repeating: 0, count: 6)
            var result = ae_auction_result()
            return capture {
                ae_auction_run_market(
                    2, 3, Fixture.valuations, nil, [1, 1, 2], Fixture.budgets, Fixture.supplies, &options, &prices, &utilities,
                    &paid, &indptr, &indices, &quantities, 6, nil, nil, nil, 0, &result, $0, $1)
            }
        },
        BadCall(label: "sybil indices range", status: AE_ERROR_OUT_OF_RANGE, field: "indices[3]") {
            clusters(indices: [0, 1, 0, 9, 2, 3])
        },
        BadCall(label: "sybil indices repeated", status: AE_ERROR_OUT_OF_RANGE, field: "indices[1]") {
            clusters(indices: [0, 0, 0, 1, 2, 3])
        },
        BadCall(label: "sybil counts NaN", status: AE_ERROR_NOT_FINITE, field: "counts[2]") {
            clusters(counts: [10, 5, .nan, 5, 8, 3])
        },
        BadCall(label: "sybil threshold NaN", status: AE_ERROR_NOT_FINITE, field: "threshold") {
            clusters(threshold: .nan)
        },
        BadCall(label: "similar pairs threshold NaN", status: AE_ERROR_NOT_FINITE, field: "threshold") {
            var count: Int64 = 0
            return capture {
                ae_similar_pairs(
                    3, 4, Fixture.indptr, Fixture.indices, Fixture.counts, .nan, AE_METRIC_COMBINED, AE_PATH_AUTOMATIC, 0, 0,
                    nil, nil, nil, &count, $0, $1)
            }
        },
        BadCall(label: "ledger offsets", status: AE_ERROR_OUT_OF_RANGE, field: "offsets") { rewards(offsets: [0, 2, 1]) },
        BadCall(label: "ledger recorded_items", status: AE_ERROR_OUT_OF_RANGE, field: "recorded_items[2]") {
            rewards(items: [0, 1, 7])
        },
        BadCall(label: "ledger interaction_items", status: AE_ERROR_OUT_OF_RANGE, field: "interaction_items[2]") {
            rewards(interactionItems: [0, 1, 7])
        },
        BadCall(label: "ledger p", status: AE_ERROR_OUT_OF_RANGE, field: "p[1]") { rewards(p: [0.8, 1.6, 0.5]) },
        BadCall(label: "shapley max_permutations", status: AE_ERROR_OUT_OF_RANGE, field: "options.max_permutations") {
            shapley {
                $0.method = AE_SHAPLEY_PERMUTATION
                $0.max_permutations = 1
            }
        },
        BadCall(label: "shapley round_permutations", status: AE_ERROR_OUT_OF_RANGE, field: "options.round_permutations") {
            shapley {
                $0.method = AE_SHAPLEY_PERMUTATION
                $0.round_permutations = 0
            }
        },
        BadCall(label: "shapley coalitions", status: AE_ERROR_OUT_OF_RANGE, field: "options.coalitions") {
            shapley {
                $0.method = AE_SHAPLEY_REGRESSION
                $0.coalitions = 1
            }
        },
        BadCall(label: "mission evaluate p", status: AE_ERROR_OUT_OF_RANGE, field: "p[0]") {
            withHandle(.missionEconomy) { economy in
                var mission: Int64 = -1, evaluation = ae_mission_evaluation()
                _ = capture { ae_mission_economy_propose(economy, 0, 1, [0], [0.5], [1], 10, 5, &mission, $0, $1) }
                return capture {
                    ae_mission_economy_evaluate(economy, mission, 1, [1], [1.5], [1], 0, &evaluation, 0, nil, $0, $1)
                }
            }
        },
    ]
}
