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

/* The library's version (one number for the C library, the Python package and the docs):
 * AE_VERSION_NUMBER is MAJOR * 10000 + MINOR * 100 + PATCH, so a program can test for a
 * function added later: #if AE_VERSION_NUMBER >= 1400 (0.14.0) ... #endif. */
#define AE_VERSION_MAJOR 0
#define AE_VERSION_MINOR 15
#define AE_VERSION_PATCH 0
#define AE_VERSION_NUMBER (AE_VERSION_MAJOR * 10000 + AE_VERSION_MINOR * 100 + AE_VERSION_PATCH)

/* The ABI version: incremented on any incompatible change of this header.
 *
 * Added in 0.14 (ABI 2): ae_version_number, ae_status_string, ae_set_num_threads,
 * ae_get_num_threads, ae_blas_set_num_threads, ae_blas_get_num_threads, ae_payoff_options_default,
 * ae_payoff_terms_default, ae_soft_payoffs, ae_payoff_break_even, ae_soft_metrics_options_default,
 * ae_soft_metrics_compute. Changed in ABI 2: ae_mission_economy_evaluate takes actuals_capacity;
 * ae_mission_economy_expire expires nothing when the handles do not fit; ae_*_destroy(NULL) is a
 * no-op (AE_OK); every options struct starts with a struct_size field, set by its _default()
 * function and checked by every call that takes the struct (AE_ERROR_INVALID_SIZE when it is
 * not this library's size). Everything else is as in 0.13 (ABI 1).
 *
 * Added in 0.15 (ABI 2, compatible): the simulation calls (ae_simulation_*), the sweep calls
 * (ae_sweep_*), and the statuses AE_ERROR_SCENARIO, AE_ERROR_IO and AE_ERROR_OUT_OF_MEMORY. */
#define AE_ABI_VERSION 2

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
#define AE_ERROR_SCENARIO 9        /* a scenario key is unknown or its value refused (0.15; the message names the key) */
#define AE_ERROR_IO 10             /* a file or directory cannot be read, written or used (0.15) */
#define AE_ERROR_OUT_OF_MEMORY 11  /* the work would need more memory than the machine has (0.15; checked before allocating) */
#define AE_ERROR_INTERNAL 99

/* The library's ABI version (AE_ABI_VERSION of the header it was built from). */
int32_t ae_abi_version(void);

/* The library's AE_VERSION_NUMBER (of the header it was built from). */
int32_t ae_version_number(void);

/* A static description of a status code ("ok", "a required pointer is NULL", ...; "unknown
 * status" for a code this library does not define). Never NULL. */
const char *ae_status_string(ae_status status);

/* The library's version as a static NUL-terminated string, e.g. "0.15.0". */
const char *ae_version(void);

/* Threads (added in ABI version 2). The library's own worker pool: ae_set_num_threads(n)
 * sets the default for every call that is not given a thread count (n >= 1; 0 returns to the
 * AGENT_ECONOMIES_THREADS variable or the processor count); ae_get_num_threads() reads it.
 * OpenBLAS's pool (process-wide): ae_blas_set_num_threads(n) (n >= 1) and
 * ae_blas_get_num_threads(). Results never depend on either. */
ae_status ae_set_num_threads(int32_t threads, char *error, size_t error_size);
int32_t ae_get_num_threads(void);
ae_status ae_blas_set_num_threads(int32_t threads, char *error, size_t error_size);
int32_t ae_blas_get_num_threads(void);

/* ---------------------------------------------------------------------------------------
 * Dworkin auction on a columnar market
 * ------------------------------------------------------------------------------------- */

#define AE_SOLVER_TATONNEMENT 0           /* the reference's tatonnement, bit for bit */
#define AE_SOLVER_COMPETITIVE_EQUILIBRIUM 1

typedef struct ae_auction_options {
    size_t struct_size; /* sizeof(ae_auction_options), set by ae_auction_options_default() (ABI 2) */
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

/*
 * ae_auction_run with the dictionary API's extras, for front ends that map named bids:
 *   valued[agents x resources] (may be NULL: every entry): 1 where the agent bid on the
 *     resource; an agent spends only on its valued resources, an unvalued entry counts as 0;
 *   tie_ranks[resources] (may be NULL: earlier columns first): distinct ranks, the higher
 *     bought first when value per price ties (the reference: greater resource name first);
 *   the envy violations as CSR by envious agent: envy_indptr[agents + 1] (may be NULL to skip
 *     the list), envy_indices (the envied agent) and envy_gaps with room for envy_capacity
 *     entries, in the reference's order (envious agent, then envied agent); with envy_indices
 *     NULL only envy_indptr is filled (the violation counts per envious agent).
 * When the violations do not fit, AE_ERROR_CAPACITY is returned and
 * result->envy_violation_count holds the capacity needed.
 */
ae_status ae_auction_run_market(int64_t agents, int64_t resources, const double *valuations, const uint8_t *valued,
                                const int32_t *tie_ranks, const double *budgets, const double *supplies,
                                const ae_auction_options *options, double *prices, double *utilities,
                                double *prices_paid, int64_t *bundle_indptr, int32_t *bundle_indices,
                                double *bundle_quantities, int64_t bundle_capacity, int64_t *envy_indptr,
                                int64_t *envy_indices, double *envy_gaps, int64_t envy_capacity,
                                ae_auction_result *result, char *error, size_t error_size);

/*
 * The envy violations of given bundles (for example those of an earlier run, to list the
 * violations only when they are wanted): agent i envies j when j's bundle costs at most
 * budgets[i] + tolerance and i values it more than utilities[i] + tolerance. Bundles are CSR
 * (bundle_indptr[agents + 1], bundle_indices, bundle_quantities) with bundle_costs[agents].
 * Outputs as ae_auction_run_market's envy list; *violation_count receives the number of
 * violations (on AE_ERROR_CAPACITY, the capacity needed).
 */
ae_status ae_auction_envy_pairs(int64_t agents, int64_t resources, const double *valuations,
                                const int64_t *bundle_indptr, const int32_t *bundle_indices,
                                const double *bundle_quantities, const double *bundle_costs, const double *utilities,
                                const double *budgets, double tolerance, int32_t threads, int64_t *envy_indptr,
                                int64_t *envy_indices, double *envy_gaps, int64_t envy_capacity,
                                int64_t *violation_count, char *error, size_t error_size);

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

/*
 * Every pair (a < b) of rows whose similarity is at least `threshold`, in row order of a,
 * then b (the same CSR input and options as ae_sybil_clusters). Writes the first `capacity`
 * pairs into first[], second[] and scores[]; *pair_count receives the total number found.
 * When it exceeds capacity the call returns AE_ERROR_CAPACITY (the first `capacity` pairs
 * are written): call again with capacity >= *pair_count.
 */
ae_status ae_similar_pairs(int64_t rows, int64_t columns, const int64_t *indptr, const int32_t *indices,
                           const double *counts, double threshold, int32_t metric, int32_t path, int32_t threads,
                           int64_t capacity, int64_t *first, int64_t *second, double *scores, int64_t *pair_count,
                           char *error, size_t error_size);

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

/* ---------------------------------------------------------------------------------------
 * Soft payoffs and interaction metrics (added in ABI version 2)
 *
 * The reference's payoff rules (SWARM 1.9.0 swarm/core/payoff.py), with S = p s_plus -
 * (1 - p) s_minus and E = (1 - p) h:
 *   initiator    = theta S - tau - c_a - rho_a E + w_rep r_a
 *   counterparty = (1 - theta) S + tau - c_b - rho_b E + w_rep r_b
 * and its interaction metrics (swarm/metrics/soft_metrics.py). Options structs start with
 * struct_size, set by their _default() function; a call checks it.
 * ------------------------------------------------------------------------------------- */

typedef struct ae_payoff_options {
    size_t struct_size; /* sizeof(ae_payoff_options) */
    double s_plus;      /* >= 0, default 2 */
    double s_minus;     /* >= 0, default 1 */
    double h;           /* >= 0, default 2 */
    double theta;       /* [0, 1], default 0.5 */
    double rho_a;       /* [0, 1], default 0 */
    double rho_b;       /* [0, 1], default 0 */
    double w_rep;       /* [0, 100], default 1 */
} ae_payoff_options;

void ae_payoff_options_default(ae_payoff_options *options);

/* Per-interaction payoff terms: each column NULL (every entry 0) or `*_count` values, where
 * the count is 1 (the same value for every interaction) or n. */
typedef struct ae_payoff_terms {
    size_t struct_size; /* sizeof(ae_payoff_terms) */
    const double *tau;  /* transfer from initiator to counterparty */
    int64_t tau_count;
    const double *c_a;  /* governance costs */
    int64_t c_a_count;
    const double *c_b;
    int64_t c_b_count;
    const double *r_a;  /* reputation changes */
    int64_t r_a_count;
    const double *r_b;
    int64_t r_b_count;
} ae_payoff_terms;

void ae_payoff_terms_default(ae_payoff_terms *terms);

/* initiator[n] and counterparty[n]: both parties' payoffs of interactions of quality p[n]
 * (each in [0, 1]). terms and options may be NULL (all terms 0; the default options). */
ae_status ae_soft_payoffs(int64_t n, const double *p, const ae_payoff_terms *terms, const ae_payoff_options *options,
                          double *initiator, double *counterparty, char *error, size_t error_size);

/* The p at which the expected surplus is 0, and the p at which the social surplus is 0. */
ae_status ae_payoff_break_even(const ae_payoff_options *options, double *break_even_p, double *social_break_even_p,
                               char *error, size_t error_size);

typedef struct ae_soft_metrics_options {
    size_t struct_size;       /* sizeof(ae_soft_metrics_options) */
    double quality_threshold; /* participation_by_quality, default 0.5 */
    double uncertainty_band;  /* uncertain_fraction, >= 0, default 0.2 */
    int32_t bins;             /* quality_distribution and calibration_curve, 1 ... 2^24, default 10 */
    double log_loss_epsilon;  /* log_loss clamp, in (0, 0.5), default 1e-15 */
} ae_soft_metrics_options;

void ae_soft_metrics_options_default(ae_soft_metrics_options *options);

/* The metrics, each named after the reference's SoftMetrics method. */
typedef struct ae_soft_metrics {
    double toxicity_rate;
    double toxicity_rate_all;
    double conditional_loss_initiator;
    double conditional_loss_counterparty;
    double spread;
    double quality_gap;
    double high_quality_acceptance; /* participation_by_quality */
    double low_quality_acceptance;
    int64_t high_quality_count;
    int64_t low_quality_count;
    double uncertain_fraction;
    double average_quality;
    double average_quality_accepted; /* average_quality(accepted_only=True) */
    double quality_variance;
    double quality_variance_accepted;
    double quality_std;
    double quality_std_accepted;
    double payoff_variance_initiator;
    double payoff_variance_counterparty;
    double cv_p; /* coefficient_of_variation */
    double cv_payoff_initiator;
    double cv_payoff_counterparty;
    double total_welfare; /* welfare_metrics */
    double total_social_surplus;
    double net_social_welfare;
    double avg_initiator_payoff;
    double avg_counterparty_payoff;
    int32_t has_calibration; /* 1 when ground truth was given for at least one interaction */
    double calibration_error;
    double brier_score;
    int32_t has_expected_calibration_error;
    double expected_calibration_error;
    double log_loss;
    int32_t has_discrimination_auc; /* 1 when there are both +1 and -1 truths */
    double discrimination_auc;
} ae_soft_metrics;

/* The metrics of interactions (p[n], accepted[n] 0 or 1) under the payoff terms and options
 * (NULL: zeros, defaults). ground_truth[n] (may be NULL) holds +1, -1 or 0 (unknown).
 * distribution[bins] (may be NULL) receives quality_distribution's counts; the three
 * curve_*[bins] (each may be NULL) the calibration curve when has_calibration is 1. */
ae_status ae_soft_metrics_compute(int64_t n, const double *p, const uint8_t *accepted, const ae_payoff_terms *terms,
                                  const ae_payoff_options *options, const int8_t *ground_truth,
                                  const ae_soft_metrics_options *metrics_options, ae_soft_metrics *metrics,
                                  int64_t *distribution, double *curve_mean_predicted,
                                  double *curve_fraction_positive, int64_t *curve_count, char *error,
                                  size_t error_size);

/* ---------------------------------------------------------------------------------------
 * Missions: rewards and Shapley values over a columnar ledger
 *
 * A mission's ledger as columns. Contributors are rows 0..<contributors; row r recorded the
 * items recorded_items[offsets[r] ..< offsets[r + 1]] (duplicates kept), each an index in
 * 0..<item_count naming a distinct interaction ID. The n interactions are p[n] (in [0, 1]),
 * accepted[n] (0 or 1) and interaction_items[n] (the item of each interaction, or -1 when no
 * contributor recorded its ID; when an ID occurs several times, the last occurrence is the
 * one the reference finds).
 * ------------------------------------------------------------------------------------- */

#define AE_REWARD_EQUAL 0          /* equal split among rows with a recorded item */
#define AE_REWARD_PROPORTIONAL 1   /* by found count times mean p */
#define AE_REWARD_LEAVE_ONE_OUT 2  /* the reference's "shapley" approximation */

/*
 * The reference's reward strategies for `pool` (finite, >= 0). Outputs (capacity
 * `contributors` each): paid_rows (ascending) and amounts; *paid_count their number.
 */
ae_status ae_mission_rewards(int32_t strategy, int64_t contributors, const int64_t *offsets,
                             const int32_t *recorded_items, int64_t item_count, int64_t n, const double *p,
                             const uint8_t *accepted, const int32_t *interaction_items, double pool,
                             int64_t *paid_rows, double *amounts, int64_t *paid_count, char *error,
                             size_t error_size);

#define AE_MISSION_METRIC_AVG_P 0
#define AE_MISSION_METRIC_MIN_P 1
#define AE_MISSION_METRIC_TOTAL_COUNT 2
#define AE_MISSION_METRIC_ACCEPTANCE_RATE 3
#define AE_MISSION_METRIC_TOTAL_WELFARE 4
#define AE_MISSION_METRIC_OTHER 5  /* a metric the reference does not know: scores 0 */

#define AE_SHAPLEY_AUTOMATIC 0    /* exact up to 16 players, else 2,000 permutations (seed 0) */
#define AE_SHAPLEY_EXACT 1        /* all 2^n coalitions, n <= 26 */
#define AE_SHAPLEY_PERMUTATION 2  /* antithetic permutation sampling with standard errors */
#define AE_SHAPLEY_REGRESSION 3   /* KernelSHAP weighted least squares (LAPACKE) */

typedef struct ae_shapley_options {
    size_t struct_size; /* sizeof(ae_shapley_options), set by ae_shapley_options_default() (ABI 2) */
    int32_t method;                 /* AE_SHAPLEY_* */
    int64_t max_permutations;       /* permutation: >= 2 (1000) */
    double target_standard_error;   /* permutation: stop once every standard error is <= this; 0: never */
    int64_t round_permutations;     /* permutation: even, >= 2 (64) */
    int64_t coalitions;             /* regression: sampled coalitions (2048) */
    uint64_t seed;                  /* permutation and regression; results never depend on threads */
} ae_shapley_options;

/* Fills `options` with the defaults (automatic). */
void ae_shapley_options_default(ae_shapley_options *options);

/*
 * Shapley values of the contributors (rows with a recorded item) for the game
 * v(S) = the mission score (weighted objectives: metrics[objectives], targets, weights) over
 * the interactions recorded by S. Outputs (capacity `contributors` each): players (the rows,
 * ascending), values, standard_errors (may be NULL; 0 for exact); *player_count their number;
 * *grand_value (may be NULL) v(all contributors).
 */
ae_status ae_mission_shapley(int64_t contributors, const int64_t *offsets, const int32_t *recorded_items,
                             int64_t item_count, int64_t n, const double *p, const uint8_t *accepted,
                             const int32_t *interaction_items, int64_t objectives, const int32_t *metrics,
                             const double *targets, const double *weights, const ae_shapley_options *options,
                             int64_t *players, double *values, double *standard_errors, int64_t *player_count,
                             double *grand_value, char *error, size_t error_size);

/* ---------------------------------------------------------------------------------------
 * Stateful engines (opaque handles)
 *
 * Each engine is created with ae_<engine>_create and freed with ae_<engine>_destroy. Every
 * call on a handle takes the engine's own lock: one handle may be shared by several threads
 * (its calls run one at a time), different handles run in parallel. A handle that was never
 * created or was already destroyed gets AE_ERROR_UNKNOWN_ID, never a crash.
 *
 * Seeds: engines that draw random numbers take `seed_words[seed_word_count]`, the 32-bit
 * words of the seed's absolute value, least significant first, and `seeded`. With seeded = 1
 * the draws are exactly CPython's `random.Random(seed)` (an empty array means seed 0); with
 * seeded = 0 the words are ignored and a fast generator seeded from the system is used.
 * ------------------------------------------------------------------------------------- */

/* Flash-crash rule, shared by the detector and the HFN engine. */
typedef struct ae_crash_options {
    size_t struct_size; /* sizeof(ae_crash_options), set by ae_crash_options_default() (ABI 2) */
    double price_drop_threshold;    /* in (0, 1] (reference default 0.1) */
    int32_t window_ticks;           /* >= 1 (10) */
    double volume_spike_factor;     /* > 0 (3.0); unused unless require_volume_spike */
    int32_t require_volume_spike;   /* 0 (the reference's rule) or 1 */
} ae_crash_options;

/* One detected crash. */
typedef struct ae_crash {
    int64_t start_tick;
    int64_t end_tick;               /* equals start_tick until it recovers */
    int64_t recovery_time_ticks;    /* end_tick - start_tick once recovered, else 0 */
    double price_drop_pct;          /* (window max - price) / window max at detection */
    double severity;                /* price_drop_pct / price_drop_threshold */
    int64_t trigger_agent_count;    /* HFN engine: agents active on the crash tick; detector: 0 */
} ae_crash;

/* Fills `options` with the reference's defaults. */
void ae_crash_options_default(ae_crash_options *options);

/* A standalone flash-crash detector. */
typedef struct ae_crash_detector ae_crash_detector;

ae_status ae_crash_detector_create(const ae_crash_options *options, ae_crash_detector **detector, char *error,
                                   size_t error_size);
ae_status ae_crash_detector_destroy(ae_crash_detector *detector, char *error, size_t error_size);

/* Adds a tick (its market price, finite, and order count >= 0); *started (may be NULL) is 1
 * when this tick starts a crash. */
ae_status ae_crash_detector_update(ae_crash_detector *detector, double price, int64_t volume, int64_t tick,
                                   int32_t *started, char *error, size_t error_size);

/* The volatility index (population standard deviation of the window's simple returns),
 * whether a crash is in progress, and the number of crashes so far (each may be NULL). */
ae_status ae_crash_detector_state(ae_crash_detector *detector, double *volatility, int32_t *in_crash,
                                  int64_t *crash_count, char *error, size_t error_size);

/* Crashes start ..< start + capacity (fewer at the end) into crashes[]; *written their number. */
ae_status ae_crash_detector_crashes(ae_crash_detector *detector, int64_t start, int64_t capacity, ae_crash *crashes,
                                    int64_t *written, char *error, size_t error_size);

/* Forgets the window and the crashes. */
ae_status ae_crash_detector_reset(ae_crash_detector *detector, char *error, size_t error_size);

/* High-frequency negotiation engine: one price-time priority book per resource handle,
 * per-agent rate limits, latency noise, batch clearing at the midpoint, the flash-crash
 * circuit breaker, and the trade log. Agents and books are dense integer handles. */
typedef struct ae_hfn ae_hfn;

typedef struct ae_hfn_options {
    size_t struct_size; /* sizeof(ae_hfn_options), set by ae_hfn_options_default() (ABI 2) */
    int32_t max_orders_per_tick;    /* >= 1 (10) */
    double latency_noise_ms;        /* >= 0 (10) */
    int32_t priority_by_speed;      /* 1: equal prices by effective time (reference); 0: by arrival */
    int32_t batch_interval_ticks;   /* >= 1 (5) */
    int32_t halt_duration_ticks;    /* >= 1 (20) */
    ae_crash_options crash;         /* the circuit breaker's detector */
} ae_hfn_options;

#define AE_ORDER_BID 0
#define AE_ORDER_ASK 1
#define AE_ORDER_CANCEL 2
#define AE_ORDER_OTHER 3  /* any other kind: refused after its latency draw, as the reference does */

/* Outcome of one submission (accepted: AE_HFN_ACCEPTED or AE_HFN_CANCELLED). */
#define AE_HFN_ACCEPTED 0
#define AE_HFN_CANCELLED 1
#define AE_HFN_REJECTED_HALTED 2
#define AE_HFN_REJECTED_RATE_LIMITED 3
#define AE_HFN_REJECTED_QUANTITY 4       /* quantity <= 0 */
#define AE_HFN_REJECTED_PRICE 5          /* price <= 0 */
#define AE_HFN_REJECTED_NOT_FINITE 6     /* a NaN or infinite number (the library's addition) */
#define AE_HFN_REJECTED_UNKNOWN_TYPE 7   /* AE_ORDER_OTHER */

typedef struct ae_hfn_tick {
    int64_t tick_number;
    int64_t orders_submitted;       /* accepted this tick, cancels included */
    int64_t orders_executed;        /* trades on this tick */
    double market_price;            /* last trade price (1.0 before the first) */
    double bid_ask_spread;
    double volatility;              /* the detector's index before this tick */
    int32_t halted;
    int32_t crash_started;          /* 1 when this tick started a crash (and a halt) */
} ae_hfn_tick;

typedef struct ae_hfn_state {
    int64_t current_tick;
    int64_t halt_until_tick;
    double market_price;
    int32_t halted;
    int32_t in_crash;
    int64_t agents;
    int64_t books;
    int64_t resting_bids;           /* over all books */
    int64_t resting_asks;
    double total_bid_volume;
    double total_ask_volume;
    int64_t trade_count;
    int64_t crash_count;
    double volatility;              /* the detector's index now */
} ae_hfn_state;

/* Fills `options` with the reference's defaults. */
void ae_hfn_options_default(ae_hfn_options *options);

ae_status ae_hfn_create(const ae_hfn_options *options, const uint32_t *seed_words, int64_t seed_word_count,
                        int32_t seeded, ae_hfn **engine, char *error, size_t error_size);
ae_status ae_hfn_destroy(ae_hfn *engine, char *error, size_t error_size);

/* Grows the engine to at least `agents` agent handles and `books` book handles (0..<n);
 * at most 2^26 agents and 65,536 books (AE_ERROR_INVALID_SIZE beyond). */
ae_status ae_hfn_reserve(ae_hfn *engine, int64_t agents, int64_t books, char *error, size_t error_size);

/*
 * Submits one order in the current tick. `book` must be a book handle, except for a cancel,
 * where a negative book means a resource without a book (nothing to remove). *outcome
 * receives AE_HFN_*; *latency_out (may be NULL) the order's latency after its draw (accepted
 * bids and asks), and *cancelled (may be NULL) the orders a cancel removed.
 */
ae_status ae_hfn_submit(ae_hfn *engine, int32_t agent, int64_t book, int32_t order_type, double quantity,
                        double price, double timestamp_ms, double latency_ms, int32_t *outcome, double *latency_out,
                        int64_t *cancelled, char *error, size_t error_size);

/*
 * Submits n orders in order (columns; timestamps_ms and latencies_ms may be NULL for zeros).
 * Every handle and order type is checked before the first order is submitted. outcomes[n]
 * and latencies_out[n] may be NULL; *accepted receives the number accepted.
 */
ae_status ae_hfn_submit_batch(ae_hfn *engine, int64_t n, const int32_t *agents, const int64_t *books,
                              const int32_t *order_types, const double *quantities, const double *prices,
                              const double *timestamps_ms, const double *latencies_ms, int32_t *outcomes,
                              double *latencies_out, int64_t *accepted, char *error, size_t error_size);

/* Processes one tick (reopen, batch clear, tick record, detector, halt on a new crash). */
ae_status ae_hfn_process_tick(ae_hfn *engine, ae_hfn_tick *tick, char *error, size_t error_size);

/* Halts until the current tick plus duration_ticks (0: the options' halt_duration_ticks). */
ae_status ae_hfn_halt(ae_hfn *engine, int64_t duration_ticks, char *error, size_t error_size);

ae_status ae_hfn_state_get(ae_hfn *engine, ae_hfn_state *state, char *error, size_t error_size);

/* Trades start ..< start + capacity of the log (fewer at the end), as columns (any may be
 * NULL); *written their number. */
ae_status ae_hfn_trades(ae_hfn *engine, int64_t start, int64_t capacity, int32_t *buyers, int32_t *sellers,
                        int64_t *books, double *prices, double *quantities, int64_t *ticks, int64_t *written,
                        char *error, size_t error_size);

/* Crashes start ..< start + capacity into crashes[]; *written their number. */
ae_status ae_hfn_crashes(ae_hfn *engine, int64_t start, int64_t capacity, ae_crash *crashes, int64_t *written,
                         char *error, size_t error_size);

/* The agents active on crash `crash`'s tick, in order of their first accepted order; agents
 * needs capacity trigger_agent_count. */
ae_status ae_hfn_crash_agents(ae_hfn *engine, int64_t crash, int32_t *agents, int64_t capacity, char *error,
                              size_t error_size);

/* Gini coefficient of trade counts per agent (agents that never traded left out); 0 without trades. */
ae_status ae_hfn_speed_gini(ae_hfn *engine, double *gini, char *error, size_t error_size);

/* Sandbox permeability model: a boundary with running totals and CPython's random stream,
 * for callers that need the reference's draws call by call. */
typedef struct ae_permeability_model ae_permeability_model;

typedef struct ae_permeability_options {
    size_t struct_size; /* sizeof(ae_permeability_options), set by ae_permeability_options_default() (ABI 2) */
    double base_permeability;       /* in [0, 1] (0.5) */
    double information_decay;       /* in [0, 1] (0.1) */
    double contagion_rate;          /* in [0, 1] (0.05) */
    double spillover_amplification; /* >= 0 (1.5) */
    int32_t adaptive;               /* 0 or 1 (1) */
    double threat_sensitivity;      /* >= 0 (1.0) */
} ae_permeability_options;

typedef struct ae_permeability_state {
    double effective_permeability;
    double threat_level;
    int64_t total_spillovers;
    int64_t total_blocked;
    double cumulative_external_harm;
} ae_permeability_state;

/* Fills `options` with the reference's defaults. */
void ae_permeability_options_default(ae_permeability_options *options);

ae_status ae_permeability_model_create(const ae_permeability_options *options, const uint32_t *seed_words,
                                       int64_t seed_word_count, int32_t seeded, ae_permeability_model **model,
                                       char *error, size_t error_size);
ae_status ae_permeability_model_destroy(ae_permeability_model *model, char *error, size_t error_size);

/* The effective permeability for a threat level and an agent's trust (finite); when the
 * model is adaptive it is also stored in the state with the threat level. */
ae_status ae_permeability_model_effective(ae_permeability_model *model, double threat_level, double agent_trust,
                                          double *effective, char *error, size_t error_size);

/* One crossing decision (one draw): *allowed is 1 when the draw is below
 * permeability * (0.5 + 0.5 p); *degraded (may be NULL) is p * (1 - decay) if allowed, else p. */
ae_status ae_permeability_model_should_cross(ae_permeability_model *model, double permeability, double p,
                                             int32_t *allowed, double *degraded, char *error, size_t error_size);

/* Spillover of a batch in order, from the model's stream (the reference's draws when seeded),
 * at the state's effective permeability (use_state_permeability = 1) or `permeability`.
 * Outputs as ae_permeability_spillover; the state's totals grow. */
ae_status ae_permeability_model_spillover(ae_permeability_model *model, int64_t n, const double *p,
                                          const uint8_t *accepted, int32_t use_state_permeability,
                                          double permeability, int64_t *event_indices, double *event_harm,
                                          uint8_t *event_blocked, int64_t *event_count, char *error,
                                          size_t error_size);

ae_status ae_permeability_model_state(ae_permeability_model *model, ae_permeability_state *state, char *error,
                                      size_t error_size);

/* State back to the base permeability with no events (the random stream continues). */
ae_status ae_permeability_model_reset(ae_permeability_model *model, char *error, size_t error_size);

/* Sybil detection lever: interaction patterns recorded as interactions happen (each one adds
 * to both parties' counts), clusters on demand. Agents are the caller's handles (>= 0); rows
 * are visited in order of first appearance, as the reference's lever does. */
typedef struct ae_sybil_lever ae_sybil_lever;

ae_status ae_sybil_lever_create(double threshold, int32_t metric, int32_t clustering, int32_t path,
                                ae_sybil_lever **lever, char *error, size_t error_size);
ae_status ae_sybil_lever_destroy(ae_sybil_lever *lever, char *error, size_t error_size);

/* Records n interactions (initiators[n], counterparties[n]). */
ae_status ae_sybil_lever_record(ae_sybil_lever *lever, int64_t n, const int32_t *initiators,
                                const int32_t *counterparties, char *error, size_t error_size);

/* Detects clusters over every pattern recorded so far and keeps them; *cluster_count and
 * *flagged_count (each may be NULL) receive the clusters and the agents in them. */
ae_status ae_sybil_lever_detect(ae_sybil_lever *lever, int32_t threads, int64_t *cluster_count,
                                int64_t *flagged_count, char *error, size_t error_size);

/* The last detection's clusters as agent handles: members[member_capacity] and
 * cluster_offsets[offset_capacity] (cluster k is members[offsets[k] ..< offsets[k + 1]]).
 * AE_ERROR_CAPACITY when they do not fit (*cluster_count still receives the count). */
ae_status ae_sybil_lever_clusters(ae_sybil_lever *lever, int32_t *members, int64_t member_capacity,
                                  int64_t *cluster_offsets, int64_t offset_capacity, int64_t *cluster_count,
                                  char *error, size_t error_size);

/* Whether `agent` is in a cluster of the last detection, and that cluster's size (0 if none). */
ae_status ae_sybil_lever_is_flagged(ae_sybil_lever *lever, int32_t agent, int32_t *flagged, int64_t *cluster_size,
                                    char *error, size_t error_size);

/* Forgets the patterns and the last detection. */
ae_status ae_sybil_lever_clear(ae_sybil_lever *lever, char *error, size_t error_size);

/* Identity registry: identities on agent handles with the reference's creation rules (one
 * identity per agent, max_identities_per_entity per entity, optional proof of personhood),
 * credentials with expiry, trust scores, and Sybil detection with its threshold. */
typedef struct ae_identity_registry ae_identity_registry;

typedef struct ae_identity_options {
    size_t struct_size; /* sizeof(ae_identity_options), set by ae_identity_options_default() (ABI 2) */
    double identity_creation_cost;          /* >= 0 (10) */
    int32_t proof_of_personhood_required;   /* 0 or 1 (0) */
    int32_t credential_expiry_epochs;       /* >= 1 (50) */
    int32_t sybil_detection_enabled;        /* 0 or 1 (1) */
    int32_t max_identities_per_entity;      /* >= 1 (1) */
    double behavioral_similarity_threshold; /* in [0, 1] (0.8) */
} ae_identity_options;

/* Fills `options` with the reference's defaults. */
void ae_identity_options_default(ae_identity_options *options);

ae_status ae_identity_registry_create(const ae_identity_options *options, ae_identity_registry **registry,
                                      char *error, size_t error_size);
ae_status ae_identity_registry_destroy(ae_identity_registry *registry, char *error, size_t error_size);

/* Creates the identity of `agent` (entity < 0: none). *created is 0 when refused (the agent
 * has one, the entity is full, or proof of personhood is required and missing; as in the
 * reference a refusal for missing proof still takes one of the entity's places); *trust (may
 * be NULL) receives the new identity's trust score. */
ae_status ae_identity_registry_create_identity(ae_identity_registry *registry, int32_t agent, int64_t entity,
                                               int32_t proof_of_personhood, int64_t epoch, int32_t *created,
                                               double *trust, char *error, size_t error_size);

/* Attaches a credential issued at `issued_epoch` (valid until issued + expiry epochs) to an
 * agent's identity; *credential receives its handle. */
ae_status ae_identity_registry_add_credential(ae_identity_registry *registry, int32_t agent, int64_t issued_epoch,
                                              int64_t *credential, char *error, size_t error_size);
ae_status ae_identity_registry_revoke_credential(ae_identity_registry *registry, int64_t credential, char *error,
                                                 size_t error_size);

/* Trust scores at `epoch` (0.3, + 0.2 with proof of personhood, + 0.1 per valid credential up
 * to 0.5), in creation order: agents[capacity], scores[capacity]; *count the number of
 * identities; *pop_rate (may be NULL) the share with proof of personhood. */
ae_status ae_identity_registry_trust_scores(ae_identity_registry *registry, int64_t epoch, int64_t capacity,
                                            int32_t *agents, double *scores, int64_t *count, double *pop_rate,
                                            char *error, size_t error_size);

/* ae_sybil_clusters with the registry's threshold and the reference's rule; no clusters when
 * detection is disabled. */
ae_status ae_identity_registry_detect_sybils(ae_identity_registry *registry, int64_t rows, int64_t columns,
                                             const int64_t *indptr, const int32_t *indices, const double *counts,
                                             int32_t threads, int64_t *members, int64_t *cluster_offsets,
                                             int64_t *cluster_count, char *error, size_t error_size);

/* Mission economy: missions on agent and interaction handles with the reference's lifecycle;
 * evaluation and rewards over interaction columns (the ledger of ae_mission_rewards). */
typedef struct ae_mission_economy ae_mission_economy;

#define AE_MISSION_PROPOSED 0
#define AE_MISSION_ACTIVE 1
#define AE_MISSION_SUCCEEDED 2
#define AE_MISSION_FAILED 3
#define AE_MISSION_EXPIRED 4

typedef struct ae_mission_options {
    size_t struct_size; /* sizeof(ae_mission_options), set by ae_mission_options_default() (ABI 2) */
    int32_t min_participants;       /* >= 1 (2) */
    int32_t max_active_missions;    /* >= 1 (5) */
    int32_t reward_distribution;    /* AE_REWARD_* (proportional) */
} ae_mission_options;

typedef struct ae_mission_evaluation {
    double mission_score;
    int32_t all_objectives_met;
    int64_t total_contributions;    /* interactions recorded by the mission, each occurrence */
    int64_t participants;
    int32_t status;                 /* AE_MISSION_* after the evaluation */
} ae_mission_evaluation;

typedef struct ae_mission_info {
    int32_t status;
    int32_t coordinator;
    int64_t participants;
    int64_t contributors;
    double reward_pool;
    int64_t deadline_epoch;
    double free_rider_index;        /* Gini of contribution counts, silent participants as 0 */
} ae_mission_info;

/* Fills `options` with the reference's defaults. */
void ae_mission_options_default(ae_mission_options *options);

ae_status ae_mission_economy_create(const ae_mission_options *options, ae_mission_economy **economy, char *error,
                                    size_t error_size);
ae_status ae_mission_economy_destroy(ae_mission_economy *economy, char *error, size_t error_size);

/* Proposes a mission (objectives as metric codes, targets and weights); *mission receives its
 * handle, or -1 when refused (max_active_missions open, or reward_pool <= 0). */
ae_status ae_mission_economy_propose(ae_mission_economy *economy, int32_t coordinator, int64_t objectives,
                                     const int32_t *metrics, const double *targets, const double *weights,
                                     double reward_pool, int64_t deadline_epoch, int64_t *mission, char *error,
                                     size_t error_size);

/* *joined is 1 when the agent joined (the mission is proposed or active). */
ae_status ae_mission_economy_join(ae_mission_economy *economy, int32_t agent, int64_t mission, int32_t *joined,
                                  char *error, size_t error_size);

/* *recorded is 1 when the contribution counts (active mission, participant). */
ae_status ae_mission_economy_record(ae_mission_economy *economy, int32_t agent, int64_t mission,
                                    int64_t interaction, int32_t *recorded, char *error, size_t error_size);

/* Evaluates a mission over the interactions (interaction_ids[n], p[n], accepted[n]): the
 * weighted score, whether every objective is met (then it succeeds; past its deadline it
 * fails otherwise); actuals[actuals_capacity] (may be NULL) each objective's value. A
 * non-NULL actuals with actuals_capacity below the mission's objective count is
 * AE_ERROR_CAPACITY, and the mission is left as it was (ABI version 2: version 1 had no
 * capacity and wrote one value per objective). */
ae_status ae_mission_economy_evaluate(ae_mission_economy *economy, int64_t mission, int64_t n,
                                      const int64_t *interaction_ids, const double *p, const uint8_t *accepted,
                                      int64_t epoch, ae_mission_evaluation *evaluation, int64_t actuals_capacity,
                                      double *actuals, char *error, size_t error_size);

/* Rewards of a succeeded mission by the economy's strategy: agents[capacity], amounts;
 * *count the number paid (0 unless succeeded with contributions). */
ae_status ae_mission_economy_distribute(ae_mission_economy *economy, int64_t mission, int64_t n,
                                        const int64_t *interaction_ids, const double *p, const uint8_t *accepted,
                                        int64_t capacity, int32_t *agents, double *amounts, int64_t *count,
                                        char *error, size_t error_size);

/* Expires the open missions whose deadline is <= epoch: expired[capacity] their handles,
 * *count how many there are. When more than `capacity` are due, nothing expires: the call
 * returns AE_ERROR_CAPACITY with *count the capacity needed (ABI version 2: version 1
 * expired them all and wrote the first `capacity`). */
ae_status ae_mission_economy_expire(ae_mission_economy *economy, int64_t epoch, int64_t capacity, int64_t *expired,
                                    int64_t *count, char *error, size_t error_size);

ae_status ae_mission_economy_info(ae_mission_economy *economy, int64_t mission, ae_mission_info *info, char *error,
                                  size_t error_size);

/* ---------------------------------------------------------------------------------------
 * Simulations (added in 0.15): a population simulation of a scenario in the YAML schema of
 * `simulate` (every key optional; see the simulation catalog's Scenarios article), run epoch
 * by epoch. The scenario is YAML text (`yaml`) or a file (`path`): exactly one is non-NULL.
 * Overrides are dotted keys (`missions.reward_distribution`, `population.types[1].share`)
 * with YAML values (`equal`, `0.25`, `true`), applied before validation; an unknown key or a
 * value the schema refuses is AE_ERROR_SCENARIO with a message naming the key. A scenario
 * whose estimated memory exceeds the machine's is AE_ERROR_OUT_OF_MEMORY. `threads`: 0 for the
 * library default; records never depend on it. A handle's calls run one at a time; different
 * handles run in parallel.
 * --------------------------------------------------------------------------------------- */
typedef struct ae_simulation ae_simulation;

typedef struct {
    int64_t agents;     /* the scenario's agents */
    int64_t epochs;     /* the scenario's epochs */
    int64_t epochs_run; /* epochs run so far */
    uint64_t seed;      /* the scenario's seed */
    int64_t types;      /* agent types listed by the scenario (ae_simulation_type_name) */
} ae_simulation_info;

ae_status ae_simulation_create(const char *yaml, const char *path, int64_t n_overrides,
                               const char *const *override_keys, const char *const *override_values, int32_t threads,
                               ae_simulation **simulation, char *error, size_t error_size);

ae_status ae_simulation_destroy(ae_simulation *simulation, char *error, size_t error_size);

/* The columns of an epoch record (the columns of `simulate`'s epochs.csv, `epoch` first):
 * their number, and each name as a static string (NULL for an index out of range). */
int64_t ae_simulation_column_count(void);
const char *ae_simulation_column_name(int64_t index);

ae_status ae_simulation_get_info(ae_simulation *simulation, ae_simulation_info *info, char *error, size_t error_size);

/* Runs the next epoch: *ran 1 and its record's values in record[record_capacity] (may be NULL;
 * otherwise record_capacity >= ae_simulation_column_count(), else AE_ERROR_CAPACITY before
 * running); *ran 0 after the scenario's last epoch (nothing runs). */
ae_status ae_simulation_run_epoch(ae_simulation *simulation, int64_t record_capacity, double *record, int32_t *ran,
                                  char *error, size_t error_size);

/* Every record so far, row-major (epochs x columns), into values[capacity]; *rows the epochs run.
 * AE_ERROR_CAPACITY (nothing written, *rows set) when capacity < rows x columns. */
ae_status ae_simulation_records(ae_simulation *simulation, int64_t capacity, double *values, int64_t *rows,
                                char *error, size_t error_size);

/* Per-agent columns after the epochs run so far, each [capacity] and each may be NULL to skip
 * (capacity >= agents, else AE_ERROR_CAPACITY): type (index into the scenario's types),
 * wallet (tokens), effort (the mission effort the agent plays now, 0 ... 1), flagged (1: in a
 * cluster the Sybil lever flagged in the last epoch), ring (its Sybil ring, -1 for none),
 * active (1: may act in the next epoch). */
ae_status ae_simulation_agents(ae_simulation *simulation, int64_t capacity, int32_t *type, double *wallet,
                               double *effort, uint8_t *flagged, int32_t *ring, uint8_t *active, char *error,
                               size_t error_size);

/* The name of the scenario's type `index` (honest, opportunistic, deceptive, adversarial) into
 * name[name_size], NUL-terminated; AE_ERROR_CAPACITY when it does not fit. */
ae_status ae_simulation_type_name(ae_simulation *simulation, int64_t index, char *name, size_t name_size,
                                  char *error, size_t error_size);

/* ---------------------------------------------------------------------------------------
 * Sweeps (added in 0.15): the cartesian grid of varied keys (the first axis outermost), each
 * setting run at seeds seed_base, seed_base + 1, ... (the scenario's seed when has_seed_base is
 * 0), written into `directory` as `simulate sweep` writes it: sweep.json, runs/<run>/ (one
 * run's files), and, from ae_sweep_finish, runs.csv and summary.csv (means and 95% Student-t
 * half-widths over seeds). Axis i is axis_keys[i] with axis_counts[i] YAML values, taken in
 * order from axis_values (sum of axis_counts entries). Every setting is validated before
 * anything runs (AE_ERROR_SCENARIO naming the key). A directory holding a sweep is
 * AE_ERROR_IO unless resume is 1 and it holds the same plan; then complete runs are skipped.
 * ae_sweep_run may be called from several threads at once, for different runs.
 * --------------------------------------------------------------------------------------- */
typedef struct ae_sweep ae_sweep;

ae_status ae_sweep_create(const char *yaml, const char *path, int64_t n_overrides, const char *const *override_keys,
                          const char *const *override_values, int64_t n_axes, const char *const *axis_keys,
                          const int64_t *axis_counts, const char *const *axis_values, int64_t seeds,
                          int32_t has_seed_base, uint64_t seed_base, const char *directory, int32_t resume,
                          ae_sweep **sweep, char *error, size_t error_size);

ae_status ae_sweep_destroy(ae_sweep *sweep, char *error, size_t error_size);

/* *runs the sweep's runs (settings x seeds, setting-major); *complete (may be NULL) how many
 * are complete in the directory. */
ae_status ae_sweep_run_count(ae_sweep *sweep, int64_t *runs, int64_t *complete, char *error, size_t error_size);

/* Runs run `index` (or reads it back when complete: *skipped 1); *epoch_seconds (may be NULL)
 * the seconds spent in its epochs. */
ae_status ae_sweep_run(ae_sweep *sweep, int64_t index, int32_t threads, int32_t *skipped, double *epoch_seconds,
                       char *error, size_t error_size);

/* Run `index`'s directory name under runs/ into name[name_size] and its settings
 * ("key=value, ..., seed=S") into text[text_size]; either may be NULL. */
ae_status ae_sweep_run_describe(ae_sweep *sweep, int64_t index, char *name, size_t name_size, char *text,
                                size_t text_size, char *error, size_t error_size);

/* Writes runs.csv and summary.csv; AE_ERROR_IO naming the first run that is not complete. */
ae_status ae_sweep_finish(ae_sweep *sweep, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif /* AGENT_ECONOMIES_H */
