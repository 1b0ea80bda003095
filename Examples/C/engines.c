/*
 * The C ABI's stateful engines: an HFN engine handle (orders, a batch clear, the trade log),
 * a standalone flash-crash detector, a seeded permeability model, and the errors a stale or
 * bad handle gets. Built and run by scripts/test-c-abi.sh; exits non-zero on any surprise.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "agent_economies.h"

#define CHECK(condition)                                                            \
    do {                                                                            \
        if (!(condition)) {                                                         \
            fprintf(stderr, "check failed at line %d: %s\n", __LINE__, #condition); \
            return 1;                                                               \
        }                                                                           \
    } while (0)

int main(void) {
    char error[256];
    /* Thread counts: set, read back, refuse a negative count, return to the default. */
    const int32_t default_threads = ae_get_num_threads();
    CHECK(ae_set_num_threads(3, error, sizeof error) == AE_OK && ae_get_num_threads() == 3);
    CHECK(ae_set_num_threads(-1, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    CHECK(ae_set_num_threads(0, error, sizeof error) == AE_OK && ae_get_num_threads() == default_threads);
    const int32_t blas_threads = ae_blas_get_num_threads();
    CHECK(ae_blas_set_num_threads(2, error, sizeof error) == AE_OK && ae_blas_get_num_threads() == 2);
    CHECK(ae_blas_set_num_threads(0, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    CHECK(ae_blas_set_num_threads(blas_threads, error, sizeof error) == AE_OK);
    /* An options struct not filled by its _default() function is refused, naming struct_size. */
    ae_mission_options unsized;
    ae_mission_options_default(&unsized);
    unsized.struct_size = 0;
    ae_mission_economy *refused = NULL;
    CHECK(ae_mission_economy_create(&unsized, &refused, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    CHECK(strstr(error, "struct_size") != NULL && refused == NULL);
    ae_hfn_options options;
    ae_hfn_options_default(&options);
    options.batch_interval_ticks = 1;
    const uint32_t seed[] = {42}; /* random.Random(42) */
    ae_hfn *engine = NULL;
    CHECK(ae_hfn_create(&options, seed, 1, 1, &engine, error, sizeof error) == AE_OK);
    CHECK(ae_hfn_reserve(engine, 2, 1, error, sizeof error) == AE_OK);

    int32_t outcome = -1;
    double latency = 0;
    CHECK(ae_hfn_submit(engine, 0, 0, AE_ORDER_BID, 2.0, 1.1, 0, 0, &outcome, &latency, NULL, error, sizeof error) ==
          AE_OK);
    CHECK(outcome == AE_HFN_ACCEPTED && latency >= 0 && latency <= 10);
    CHECK(ae_hfn_submit(engine, 1, 0, AE_ORDER_ASK, 1.0, 0.9, 0, 0, &outcome, NULL, NULL, error, sizeof error) ==
          AE_OK);
    CHECK(outcome == AE_HFN_ACCEPTED);
    CHECK(ae_hfn_submit(engine, 1, 0, AE_ORDER_ASK, -1.0, 0.9, 0, 0, &outcome, NULL, NULL, error, sizeof error) ==
          AE_OK);
    CHECK(outcome == AE_HFN_REJECTED_QUANTITY);

    ae_hfn_tick tick;
    CHECK(ae_hfn_process_tick(engine, &tick, error, sizeof error) == AE_OK);
    CHECK(tick.tick_number == 1 && tick.orders_executed == 1 && tick.orders_submitted == 2);
    CHECK(fabs(tick.market_price - 1.0) < 1e-12); /* the midpoint of 1.1 and 0.9 */

    int32_t buyers[4], sellers[4];
    double quantities[4];
    int64_t written = 0;
    CHECK(ae_hfn_trades(engine, 0, 4, buyers, sellers, NULL, NULL, quantities, NULL, &written, error, sizeof error) ==
          AE_OK);
    CHECK(written == 1 && buyers[0] == 0 && sellers[0] == 1 && quantities[0] == 1.0);
    ae_hfn_state state;
    CHECK(ae_hfn_state_get(engine, &state, error, sizeof error) == AE_OK);
    CHECK(state.resting_bids == 1 && state.total_bid_volume == 1.0 && state.trade_count == 1);
    printf("hfn: %lld trade(s), market price %.3f, %lld bid(s) resting\n", (long long)state.trade_count,
           state.market_price, (long long)state.resting_bids);

    /* Bad calls: an unknown agent, an unknown order type, a negative halt. */
    CHECK(ae_hfn_submit(engine, 7, 0, AE_ORDER_BID, 1, 1, 0, 0, &outcome, NULL, NULL, error, sizeof error) ==
          AE_ERROR_OUT_OF_RANGE);
    CHECK(ae_hfn_submit(engine, 0, 0, 9, 1, 1, 0, 0, &outcome, NULL, NULL, error, sizeof error) ==
          AE_ERROR_UNKNOWN_OPTION);
    printf("hfn: bad order type -> %s\n", error);
    CHECK(ae_hfn_halt(engine, -3, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    /* Sizes that would exhaust memory or overflow are refused before anything is allocated. */
    CHECK(ae_hfn_reserve(engine, INT64_MAX, 1, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    CHECK(ae_hfn_reserve(engine, 2, (int64_t)1 << 40, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    printf("hfn: huge reserve -> %s\n", error);
    /* Durations are sizes (at most 2^59 ticks); the longest allowed halt does not overflow. */
    CHECK(ae_hfn_halt(engine, INT64_MAX, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    CHECK(ae_hfn_halt(engine, (int64_t)1 << 59, error, sizeof error) == AE_OK);

    /* A destroyed handle is refused, not dereferenced. */
    CHECK(ae_hfn_destroy(engine, error, sizeof error) == AE_OK);
    CHECK(ae_hfn_process_tick(engine, &tick, error, sizeof error) == AE_ERROR_UNKNOWN_ID);
    CHECK(ae_hfn_destroy(engine, error, sizeof error) == AE_ERROR_UNKNOWN_ID);
    CHECK(ae_hfn_process_tick(NULL, &tick, error, sizeof error) == AE_ERROR_NULL_POINTER);

    /* A detector on its own: a 20% drop starts a crash, a recovery ends it. */
    ae_crash_options crash_options;
    ae_crash_options_default(&crash_options);
    ae_crash_detector *detector = NULL;
    CHECK(ae_crash_detector_create(&crash_options, &detector, error, sizeof error) == AE_OK);
    int32_t started = 0;
    CHECK(ae_crash_detector_update(detector, 1.0, 5, 1, &started, error, sizeof error) == AE_OK && !started);
    CHECK(ae_crash_detector_update(detector, 0.8, 5, 2, &started, error, sizeof error) == AE_OK && started);
    CHECK(ae_crash_detector_update(detector, 0.99, 5, 3, &started, error, sizeof error) == AE_OK && !started);
    ae_crash crash;
    CHECK(ae_crash_detector_crashes(detector, 0, 1, &crash, &written, error, sizeof error) == AE_OK && written == 1);
    CHECK(crash.start_tick == 2 && crash.end_tick == 3 && crash.recovery_time_ticks == 1);
    CHECK(fabs(crash.severity - 2.0) < 1e-12);
    CHECK(ae_crash_detector_update(detector, NAN, 5, 4, &started, error, sizeof error) == AE_ERROR_NOT_FINITE);
    CHECK(ae_crash_detector_destroy(detector, error, sizeof error) == AE_OK);
    crash_options.price_drop_threshold = 1.5;
    CHECK(ae_crash_detector_create(&crash_options, &detector, error, sizeof error) == AE_ERROR_OUT_OF_RANGE);
    printf("detector: bad threshold -> %s\n", error);

    /* A seeded permeability model: the same seed gives the same draws. */
    ae_permeability_options permeability;
    ae_permeability_options_default(&permeability);
    ae_permeability_model *first = NULL, *second = NULL;
    CHECK(ae_permeability_model_create(&permeability, seed, 1, 1, &first, error, sizeof error) == AE_OK);
    CHECK(ae_permeability_model_create(&permeability, seed, 1, 1, &second, error, sizeof error) == AE_OK);
    for (int k = 0; k < 20; k++) {
        int32_t a = 0, b = 0;
        CHECK(ae_permeability_model_should_cross(first, 0.5, 0.5, &a, NULL, error, sizeof error) == AE_OK);
        CHECK(ae_permeability_model_should_cross(second, 0.5, 0.5, &b, NULL, error, sizeof error) == AE_OK);
        CHECK(a == b);
    }
    permeability.contagion_rate = 2.0;
    ae_permeability_model *bad = NULL;
    CHECK(ae_permeability_model_create(&permeability, seed, 1, 1, &bad, error, sizeof error) == AE_ERROR_OUT_OF_RANGE);
    CHECK(ae_permeability_model_destroy(first, error, sizeof error) == AE_OK);
    CHECK(ae_permeability_model_destroy(second, error, sizeof error) == AE_OK);

    /* A Sybil lever: two agents with the same behaviour are flagged together. */
    ae_sybil_lever *lever = NULL;
    CHECK(ae_sybil_lever_create(0.7, AE_METRIC_COMBINED, AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, &lever, error,
                                sizeof error) == AE_OK);
    const int32_t initiators[] = {0, 0, 1, 1}, counterparties[] = {10, 11, 10, 11};
    CHECK(ae_sybil_lever_record(lever, 4, initiators, counterparties, error, sizeof error) == AE_OK);
    int64_t clusters = 0, flagged = 0;
    CHECK(ae_sybil_lever_detect(lever, 0, &clusters, &flagged, error, sizeof error) == AE_OK);
    CHECK(clusters == 2 && flagged == 4); /* {0, 1} and their counterparties {10, 11} */
    int32_t members[4];
    int64_t offsets[3];
    CHECK(ae_sybil_lever_clusters(lever, members, 4, offsets, 3, &clusters, error, sizeof error) == AE_OK);
    CHECK(members[0] == 0 && members[1] == 1 && offsets[1] == 2);
    CHECK(ae_sybil_lever_clusters(lever, members, 1, offsets, 3, &clusters, error, sizeof error) == AE_ERROR_CAPACITY);
    CHECK(ae_sybil_lever_destroy(lever, error, sizeof error) == AE_OK);

    /* An identity registry: one identity per entity, trust from proof of personhood. */
    ae_identity_options identity;
    ae_identity_options_default(&identity);
    ae_identity_registry *registry = NULL;
    CHECK(ae_identity_registry_create(&identity, &registry, error, sizeof error) == AE_OK);
    int32_t created = 0;
    double trust = 0;
    CHECK(ae_identity_registry_create_identity(registry, 1, 7, 1, 0, &created, &trust, error, sizeof error) == AE_OK);
    CHECK(created == 1 && fabs(trust - 0.5) < 1e-12);
    CHECK(ae_identity_registry_create_identity(registry, 2, 7, 1, 0, &created, &trust, error, sizeof error) == AE_OK);
    CHECK(created == 0); /* entity 7 already controls its one identity */
    CHECK(ae_identity_registry_destroy(registry, error, sizeof error) == AE_OK);

    /* A mission economy: propose, join, record, evaluate, reward. */
    ae_mission_options mission_options;
    ae_mission_options_default(&mission_options);
    mission_options.reward_distribution = AE_REWARD_EQUAL;
    ae_mission_economy *economy = NULL;
    CHECK(ae_mission_economy_create(&mission_options, &economy, error, sizeof error) == AE_OK);
    const int32_t metric = AE_MISSION_METRIC_AVG_P;
    const double target = 0.5, weight = 1.0;
    int64_t mission = -1;
    CHECK(ae_mission_economy_propose(economy, 0, 1, &metric, &target, &weight, 100.0, 5, &mission, error,
                                     sizeof error) == AE_OK && mission == 0);
    int32_t joined = 0, recorded = 0;
    CHECK(ae_mission_economy_join(economy, 1, mission, &joined, error, sizeof error) == AE_OK && joined);
    CHECK(ae_mission_economy_record(economy, 1, mission, 500, &recorded, error, sizeof error) == AE_OK && recorded);
    const int64_t ids[] = {500};
    const double quality[] = {0.8};
    const uint8_t accepted[] = {1};
    ae_mission_evaluation evaluation;
    CHECK(ae_mission_economy_evaluate(economy, mission, 1, ids, quality, accepted, 1, &evaluation, 0, NULL, error,
                                      sizeof error) == AE_OK);
    CHECK(evaluation.status == AE_MISSION_SUCCEEDED && evaluation.all_objectives_met == 1);
    int32_t paid[2];
    double amounts[2];
    int64_t paid_count = 0;
    CHECK(ae_mission_economy_distribute(economy, mission, 1, ids, quality, accepted, 2, paid, amounts, &paid_count,
                                        error, sizeof error) == AE_OK);
    CHECK(paid_count == 1 && paid[0] == 1 && amounts[0] == 100.0);
    CHECK(ae_mission_economy_join(economy, 1, 9, &joined, error, sizeof error) == AE_ERROR_UNKNOWN_ID);
    CHECK(ae_mission_economy_destroy(economy, error, sizeof error) == AE_OK);
    printf("engines: all checks passed\n");
    return 0;
}
