/*
 * Several threads on one engine handle, and handles created and destroyed concurrently: each
 * handle serialises its calls behind its own lock, so the engine's book stays consistent
 * (every accepted unit order is resting or traded) whatever the interleaving. Run by
 * scripts/test-c-abi.sh; scripts/sanitize.sh thread builds it under ThreadSanitizer too.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "agent_economies.h"

#define CHECK(condition)                                                            \
    do {                                                                            \
        if (!(condition)) {                                                         \
            fprintf(stderr, "check failed at line %d: %s\n", __LINE__, #condition); \
            exit(1);                                                                \
        }                                                                           \
    } while (0)

enum { THREADS = 4, ORDERS = 3000 };

static ae_hfn *engine;

typedef struct {
    int32_t agent;
    int64_t accepted;
} worker;

static void *trade(void *argument) {
    worker *me = argument;
    char error[256];
    for (int i = 0; i < ORDERS; i++) {
        int32_t outcome = -1;
        /* Bids at 1.1 and asks at 0.9 always cross: every unit order trades or rests. */
        int32_t side = (i + me->agent) % 2 == 0 ? AE_ORDER_BID : AE_ORDER_ASK;
        double price = side == AE_ORDER_BID ? 1.1 : 0.9;
        CHECK(ae_hfn_submit(engine, me->agent, 0, side, 1.0, price, 0, 0, &outcome, NULL, NULL, error,
                            sizeof error) == AE_OK);
        if (outcome == AE_HFN_ACCEPTED) me->accepted++;
        if (i % 97 == 0) {
            ae_hfn_tick tick;
            CHECK(ae_hfn_process_tick(engine, &tick, error, sizeof error) == AE_OK);
        }
        if (i % 211 == 0) {
            /* A handle of this thread's own, created and destroyed while the others trade. */
            ae_crash_options options;
            ae_crash_options_default(&options);
            ae_crash_detector *detector = NULL;
            CHECK(ae_crash_detector_create(&options, &detector, error, sizeof error) == AE_OK);
            int32_t started = 0;
            CHECK(ae_crash_detector_update(detector, 1.0, 3, i, &started, error, sizeof error) == AE_OK);
            CHECK(ae_crash_detector_destroy(detector, error, sizeof error) == AE_OK);
            CHECK(ae_crash_detector_update(detector, 1.0, 3, i, &started, error, sizeof error) ==
                  AE_ERROR_UNKNOWN_ID);
        }
    }
    return NULL;
}

int main(void) {
    char error[256];
    ae_hfn_options options;
    ae_hfn_options_default(&options);
    options.max_orders_per_tick = 1 << 30;
    options.batch_interval_ticks = 1;
    options.crash.price_drop_threshold = 1.0; /* no halts: prices stay at 1.0 */
    uint32_t seed[1] = {7};
    CHECK(ae_hfn_create(&options, seed, 1, 1, &engine, error, sizeof error) == AE_OK);
    CHECK(ae_hfn_reserve(engine, THREADS, 1, error, sizeof error) == AE_OK);

    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (worker){.agent = t, .accepted = 0};
        CHECK(pthread_create(&threads[t], NULL, trade, &workers[t]) == 0);
    }
    int64_t accepted = 0;
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        accepted += workers[t].accepted;
    }
    ae_hfn_tick tick;
    CHECK(ae_hfn_process_tick(engine, &tick, error, sizeof error) == AE_OK);
    ae_hfn_state state;
    CHECK(ae_hfn_state_get(engine, &state, error, sizeof error) == AE_OK);
    /* Unit orders: a trade consumes one bid and one ask. */
    CHECK(accepted == THREADS * ORDERS);
    CHECK(state.resting_bids + state.resting_asks + 2 * state.trade_count == accepted);
    CHECK(state.resting_bids == 0 || state.resting_asks == 0); /* crossing orders never both rest */
    printf("threads: %d threads, %lld orders, %lld trades, book consistent\n", THREADS, (long long)accepted,
           (long long)state.trade_count);
    CHECK(ae_hfn_destroy(engine, error, sizeof error) == AE_OK);
    return 0;
}
