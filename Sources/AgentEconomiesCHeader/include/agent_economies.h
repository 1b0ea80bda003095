/*
 * agent_economies.h: the C ABI of Agent Economies (libAgentEconomiesC.so).
 *
 * This header is the source of truth of the ABI. Every exported symbol starts with `ae_`.
 *
 * Conventions
 * - Every call returns an ae_status. AE_OK (0) is success; any other value is an error and
 *   nothing was written to the caller's output buffers beyond what the call documents.
 * - The last two parameters of every fallible call are `char *error, size_t error_size`:
 *   on failure a NUL-terminated message naming the offending field and value is written
 *   there (truncated to error_size - 1 bytes). Either may be NULL / 0 to skip the message.
 *   There is no global error state.
 * - Sizes are int64_t; a negative size is an error. Arrays are caller-owned, contiguous,
 *   row-major; the call reads inputs and writes outputs only within the documented lengths.
 * - Every argument is checked (NULL pointers, lengths, NaN and infinities, out-of-range
 *   indices, unknown enum values) before any work: a bad call returns an error status and
 *   never aborts the host process.
 * - Calls are reentrant and may run concurrently on different threads. `threads` parameters
 *   set the worker count of one call (0: the library default, AGENT_ECONOMIES_THREADS or
 *   the number of processors); results never depend on it.
 */
#ifndef AGENT_ECONOMIES_H
#define AGENT_ECONOMIES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version: incremented on any incompatible change of this header. */
#define AE_ABI_VERSION 1

/* Status codes. */
typedef int32_t ae_status;
#define AE_OK 0
#define AE_ERROR_NULL_POINTER 1    /* a required pointer is NULL */
#define AE_ERROR_INVALID_SIZE 2    /* a size is negative, or lengths do not agree */
#define AE_ERROR_NOT_FINITE 3      /* a number is NaN or infinite */
#define AE_ERROR_OUT_OF_RANGE 4    /* a value or index is outside its range */
#define AE_ERROR_UNKNOWN_OPTION 5  /* an enum value is not one of the documented ones */
#define AE_ERROR_CAPACITY 6        /* an output buffer is too small (the needed size is reported) */
#define AE_ERROR_DUPLICATE_ID 7
#define AE_ERROR_UNKNOWN_ID 8
#define AE_ERROR_INTERNAL 99

/* The library's ABI version (AE_ABI_VERSION of the header it was built from). */
int32_t ae_abi_version(void);

/* The library's version as a static NUL-terminated string, e.g. "0.13.0". */
const char *ae_version(void);

/* ---------------------------------------------------------------------------------------
 * Dworkin auction on a columnar market
 * ------------------------------------------------------------------------------------- */

#define AE_SOLVER_TATONNEMENT 0           /* the reference's tatonnement, bit for bit */
#define AE_SOLVER_COMPETITIVE_EQUILIBRIUM 1

typedef struct ae_auction_options {
    int32_t solver;                 /* AE_SOLVER_* */
    int32_t max_rounds;             /* tatonnement: >= 1 (reference default 50) */
    double price_adjustment_rate;   /* tatonnement: in (0, 1] (0.1) */
    double convergence_tolerance;   /* tatonnement: > 0 (0.01) */
    double envy_tolerance;          /* >= 0 (0.05) */
    double equilibrium_tolerance;   /* competitive equilibrium: in (0, 0.1] (1e-6) */
    int32_t equilibrium_max_iterations; /* competitive equilibrium: >= 1 (2000) */
    int32_t threads;                /* 0: default */
} ae_auction_options;

/* Fills `options` with the reference's defaults (tatonnement). */
void ae_auction_options_default(ae_auction_options *options);

typedef struct ae_auction_result {
    int32_t converged;              /* 1 or 0 */
    int32_t rounds;                 /* tatonnement rounds, or equilibrium passes */
    int64_t bundle_entries;         /* entries written to the bundle arrays */
    int64_t envy_violation_count;   /* the true count over all ordered pairs */
    double largest_envy_gap;        /* -infinity when no pair is affordable */
    double total_utility;
    double max_excess;              /* certificate: largest |demand - supply| / supply */
    double equilibrium_gap;         /* certificate: largest 1 - u_i / (B_i max_j v_ij / p_j) */
} ae_auction_result;

/*
 * Runs a whole auction (solver, normalisation, certificate, utilities, envy check) on
 * `agents` x `resources` valuations (row-major), budgets and supplies.
 *
 * Outputs (caller-owned):
 *   prices[resources], utilities[agents], prices_paid[agents],
 *   bundle_indptr[agents + 1]; bundle_indices and bundle_quantities with room for
 *   `bundle_capacity` entries (agents x resources always suffices: an agent buys each
 *   resource at most once). Bundles are CSR in each agent's buying order.
 *   envy_per_agent[agents] (may be NULL): violations per envious agent.
 * On AE_ERROR_CAPACITY, result->bundle_entries holds the capacity needed.
 */
ae_status ae_auction_run(int64_t agents, int64_t resources, const double *valuations, const double *budgets,
                         const double *supplies, const ae_auction_options *options, double *prices,
                         double *utilities, double *prices_paid, int64_t *bundle_indptr, int32_t *bundle_indices,
                         double *bundle_quantities, int64_t bundle_capacity, int64_t *envy_per_agent,
                         ae_auction_result *result, char *error, size_t error_size);

/* ---------------------------------------------------------------------------------------
 * Sybil detection on interaction patterns (CSR: rows are agents, columns counterparties)
 * ------------------------------------------------------------------------------------- */

#define AE_METRIC_COMBINED 0   /* the reference's behavioural similarity */
#define AE_METRIC_COSINE 1
#define AE_METRIC_JACCARD 2

#define AE_CLUSTERING_GREEDY 0               /* the reference's rule, in discovery order */
#define AE_CLUSTERING_CONNECTED_COMPONENTS 1

#define AE_PATH_AUTOMATIC 0
#define AE_PATH_DENSE 1
#define AE_PATH_SPARSE 2

/*
 * Clusters of similar agents. `indptr[rows + 1]`, `indices[indptr[rows]]` (columns in
 * 0..<columns, unique within a row, any order) and `counts[indptr[rows]]` (finite).
 *
 * Outputs: members[rows] and cluster_offsets[rows + 1] (caller-owned; every agent is in at
 * most one cluster, so these always suffice): cluster k is
 * members[cluster_offsets[k] ..< cluster_offsets[k + 1]], the seed row first for the greedy
 * rule. *cluster_count receives the number of clusters; *pairs_found (may be NULL) the
 * number of pairs at or above the threshold.
 */
ae_status ae_sybil_clusters(int64_t rows, int64_t columns, const int64_t *indptr, const int32_t *indices,
                            const double *counts, double threshold, int32_t metric, int32_t clustering,
                            int32_t path, int32_t threads, int64_t *members, int64_t *cluster_offsets,
                            int64_t *cluster_count, int64_t *pairs_found, char *error, size_t error_size);

/* ---------------------------------------------------------------------------------------
 * Sandbox permeability over columns of interactions
 * ------------------------------------------------------------------------------------- */

/*
 * Spillover of the accepted interactions (p[n] in [0, 1], accepted[n] 0 or 1): an event
 * when a draw is below the contagion probability `permeability * contagion_rate * (1 - p)`
 * (clamped to [0, 1]), with harm `(1 - p) * spillover_amplification`; a second draw
 * decides whether it crosses (`draw < permeability * (0.5 + 0.5 p)`), else it is blocked.
 * Chunk k of 65,536 interactions draws from stream k of `seed`, so the events depend on the
 * seed only, never on `threads`.
 *
 * Outputs (capacity n each, events <= accepted interactions): event_indices (the source
 * interaction), event_harm, event_blocked (0 or 1); *event_count the number of events.
 */
ae_status ae_permeability_spillover(int64_t n, const double *p, const uint8_t *accepted, double permeability,
                                    double contagion_rate, double spillover_amplification, uint64_t seed,
                                    int32_t threads, int64_t *event_indices, double *event_harm,
                                    uint8_t *event_blocked, int64_t *event_count, char *error, size_t error_size);

/*
 * The reference's grid search for the best permeability over the accepted interactions:
 * for k = 0..samples and perm = k / samples, the score
 * `sum p * perm - external_harm_weight * sum contagion(perm) * (1 - p) * amplification`;
 * the first best wins. Exact (re-scored in the reference's order where rounding could
 * matter). samples <= 0 gives 0.
 */
ae_status ae_permeability_optimal(int64_t n, const double *p, const uint8_t *accepted, double contagion_rate,
                                  double spillover_amplification, double external_harm_weight, int64_t samples,
                                  int32_t threads, double *optimal, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif /* AGENT_ECONOMIES_H */
