/*
 * The C ABI in use: an auction on a small columnar market, Sybil clusters on CSR
 * patterns and permeability over columns, with the error statuses a bad call gets. Built and run by
 * scripts/test-c-abi.sh against libAgentEconomiesC.so; exits non-zero on any surprise.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "agent_economies.h"

#define CHECK(condition)                                                       \
    do {                                                                       \
        if (!(condition)) {                                                    \
            fprintf(stderr, "check failed at line %d: %s\n", __LINE__, #condition); \
            return 1;                                                          \
        }                                                                      \
    } while (0)

int main(void) {
    char error[256];
    CHECK(ae_abi_version() == AE_ABI_VERSION);
    printf("agent_economies %s, ABI %d\n", ae_version(), ae_abi_version());
    /* One version: the header's numbers, the library's string and number agree. */
    char expected_version[32];
    snprintf(expected_version, sizeof expected_version, "%d.%d.%d", AE_VERSION_MAJOR, AE_VERSION_MINOR,
             AE_VERSION_PATCH);
    CHECK(strcmp(ae_version(), expected_version) == 0 && ae_version_number() == AE_VERSION_NUMBER);
    CHECK(strcmp(ae_status_string(AE_OK), "ok") == 0 && strcmp(ae_status_string(12345), "unknown status") == 0);
    CHECK(strstr(ae_status_string(AE_ERROR_CAPACITY), "buffer") != NULL);
    /* Destroying NULL is a no-op, as free(NULL) is. */
    CHECK(ae_hfn_destroy(NULL, error, sizeof error) == AE_OK);
    CHECK(ae_mission_economy_destroy(NULL, error, sizeof error) == AE_OK);

    /* Two agents, three resources: the reference's quick start. */
    const int64_t agents = 2, resources = 3;
    const double valuations[] = {2.0, 1.0, 0.5, 0.5, 2.0, 1.5};
    const double budgets[] = {100, 100};
    const double supplies[] = {10, 20, 15};
    ae_auction_options options;
    ae_auction_options_default(&options);
    double prices[3], utilities[2], paid[2], quantities[6];
    int64_t indptr[3], envy[2];
    int32_t indices[6];
    ae_auction_result result;
    ae_status status = ae_auction_run(agents, resources, valuations, budgets, supplies, &options, prices, utilities,
                                      paid, indptr, indices, quantities, 6, envy, &result, error, sizeof error);
    CHECK(status == AE_OK);
    printf("auction: converged=%d rounds=%d envy=%lld total_utility=%.6f\n", result.converged, result.rounds,
           (long long)result.envy_violation_count, result.total_utility);
    for (int64_t i = 0; i < agents; i++) {
        printf("  agent %lld pays %.4f:", (long long)i, paid[i]);
        for (int64_t k = indptr[i]; k < indptr[i + 1]; k++) printf(" r%d=%.4f", indices[k], quantities[k]);
        printf("\n");
    }
    CHECK(indptr[2] == result.bundle_entries);

    /* Bad calls get a status and a message naming the field, never a crash. */
    double bad[] = {2.0, NAN, 0.5, 0.5, 2.0, 1.5};
    status = ae_auction_run(agents, resources, bad, budgets, supplies, &options, prices, utilities, paid, indptr,
                            indices, quantities, 6, NULL, &result, error, sizeof error);
    CHECK(status == AE_ERROR_NOT_FINITE && strstr(error, "valuations[0][1]") != NULL);
    printf("NaN valuation -> %d: %s\n", status, error);
    status = ae_auction_run(agents, resources, NULL, budgets, supplies, &options, prices, utilities, paid, indptr,
                            indices, quantities, 6, NULL, &result, error, sizeof error);
    CHECK(status == AE_ERROR_NULL_POINTER && strstr(error, "valuations") != NULL);
    status = ae_auction_run(-1, resources, valuations, budgets, supplies, &options, prices, utilities, paid, indptr,
                            indices, quantities, 6, NULL, &result, error, sizeof error);
    CHECK(status == AE_ERROR_INVALID_SIZE && strstr(error, "agents") != NULL);
    options.solver = 7;
    status = ae_auction_run(agents, resources, valuations, budgets, supplies, &options, prices, utilities, paid, indptr,
                            indices, quantities, 6, NULL, &result, error, sizeof error);
    CHECK(status == AE_ERROR_UNKNOWN_OPTION && strstr(error, "options.solver") != NULL);
    ae_auction_options_default(&options);
    status = ae_auction_run(agents, resources, valuations, budgets, supplies, &options, prices, utilities, paid, indptr,
                            indices, quantities, 1, NULL, &result, error, sizeof error);
    CHECK(status == AE_ERROR_CAPACITY && result.bundle_entries == indptr[2]);
    /* A zero-size error buffer is allowed. */
    status = ae_auction_run(agents, resources, NULL, budgets, supplies, &options, prices, utilities, paid, indptr,
                            indices, quantities, 6, NULL, &result, NULL, 0);
    CHECK(status == AE_ERROR_NULL_POINTER);

    /* Sybil clusters: agents 0 and 1 share a pattern, agent 2 does not. Identical patterns
       score (1 + sum of squared shares) / 2 = 0.78 here: a cluster at threshold 0.75. */
    const int64_t sybil_indptr[] = {0, 2, 4, 6};
    const int32_t sybil_indices[] = {0, 1, 0, 1, 2, 3};
    const double counts[] = {10, 5, 10, 5, 8, 3};
    int64_t members[3], offsets[4], clusters = 0, pairs = 0;
    status = ae_sybil_clusters(3, 4, sybil_indptr, sybil_indices, counts, 0.8, AE_METRIC_COMBINED,
                               AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, 0, members, offsets, &clusters, &pairs, error,
                               sizeof error);
    CHECK(status == AE_OK && clusters == 0 && pairs == 0);
    status = ae_sybil_clusters(3, 4, sybil_indptr, sybil_indices, counts, 0.75, AE_METRIC_COMBINED,
                               AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, 0, members, offsets, &clusters, &pairs, error,
                               sizeof error);
    CHECK(status == AE_OK && clusters == 1 && pairs == 1);
    CHECK(offsets[1] == 2 && members[0] == 0 && members[1] == 1);
    printf("sybil: %lld cluster(s), first {%lld, %lld}\n", (long long)clusters, (long long)members[0],
           (long long)members[1]);
    const int64_t broken_indptr[] = {0, 2, 1, 6};
    status = ae_sybil_clusters(3, 4, broken_indptr, sybil_indices, counts, 0.8, AE_METRIC_COMBINED,
                               AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, 0, members, offsets, &clusters, NULL, error,
                               sizeof error);
    CHECK(status == AE_ERROR_OUT_OF_RANGE && strstr(error, "indptr") != NULL);
    const int32_t out_of_range[] = {0, 1, 0, 9, 2, 3};
    status = ae_sybil_clusters(3, 4, sybil_indptr, out_of_range, counts, 0.8, AE_METRIC_COMBINED,
                               AE_CLUSTERING_GREEDY, AE_PATH_AUTOMATIC, 0, members, offsets, &clusters, NULL, error,
                               sizeof error);
    CHECK(status != AE_OK);
    printf("column out of range -> %d: %s\n", status, error);
    status = ae_sybil_clusters(3, 4, sybil_indptr, sybil_indices, counts, 0.8, 5, AE_CLUSTERING_GREEDY,
                               AE_PATH_AUTOMATIC, 0, members, offsets, &clusters, NULL, error, sizeof error);
    CHECK(status == AE_ERROR_UNKNOWN_OPTION && strstr(error, "metric") != NULL);
    /* Permeability: seeded spillover events and the best permeability on the grid. */
    const double quality[] = {0.1, 0.9, 0.4, 0.2, 0.95, 0.3};
    const uint8_t accepted[] = {1, 1, 0, 1, 1, 1};
    int64_t event_indices[6], events = 0;
    double harm[6], best = -1;
    uint8_t blocked[6];
    status = ae_permeability_spillover(6, quality, accepted, 1.0, 1.0, 1.5, 42, 0, event_indices, harm, blocked,
                                       &events, error, sizeof error);
    CHECK(status == AE_OK && events >= 1 && events <= 5);
    for (int64_t k = 0; k < events; k++) CHECK(accepted[event_indices[k]] == 1);
    status = ae_permeability_optimal(6, quality, accepted, 0.05, 1.5, 1.0, 10, 0, &best, error, sizeof error);
    CHECK(status == AE_OK && best >= 0 && best <= 1);
    printf("permeability: %lld spillover event(s), optimal permeability %.1f\n", (long long)events, best);
    const uint8_t not_boolean[] = {1, 2, 0, 1, 1, 1};
    status = ae_permeability_optimal(6, quality, not_boolean, 0.05, 1.5, 1.0, 10, 0, &best, error, sizeof error);
    CHECK(status == AE_ERROR_OUT_OF_RANGE && strstr(error, "accepted[1]") != NULL);

    printf("all C ABI checks passed\n");
    return 0;
}
