/* Soft payoffs and interaction metrics over columns, as a C program sees them: options
 * structs from their _default() functions, broadcast terms, a refused option, NULL-safe
 * optional outputs. Exits non-zero on any failed check. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_economies.h"

#define CHECK(condition)                                                              \
    do {                                                                              \
        if (!(condition)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s (%s)\n", __FILE__, __LINE__, #condition, error); \
            return 1;                                                                 \
        }                                                                             \
    } while (0)

int main(void) {
    char error[256] = "";
    const double p[] = {0.9, 0.5, 0.2, 0.2};
    const uint8_t accepted[] = {1, 1, 0, 1};
    const double tau = 0.1;
    ae_payoff_options options;
    ae_payoff_options_default(&options);
    options.rho_a = 0.5;
    ae_payoff_terms terms;
    ae_payoff_terms_default(&terms);
    terms.tau = &tau; /* one value: every interaction */
    terms.tau_count = 1;
    double initiator[4], counterparty[4];
    CHECK(ae_soft_payoffs(4, p, &terms, &options, initiator, counterparty, error, sizeof error) == AE_OK);
    for (int k = 0; k < 4; k++) {
        const double surplus = p[k] * 2 - (1 - p[k]) * 1, harm = (1 - p[k]) * 2;
        CHECK(initiator[k] == 0.5 * surplus - 0.1 - 0 - 0.5 * harm + 1 * 0);
        CHECK(counterparty[k] == 0.5 * surplus + 0.1 - 0 - 0 * harm + 1 * 0);
    }
    double break_even, social_break_even;
    CHECK(ae_payoff_break_even(NULL, &break_even, &social_break_even, error, sizeof error) == AE_OK);
    CHECK(fabs(break_even - 1.0 / 3) < 1e-15 && fabs(social_break_even - 0.6) < 1e-15);

    const int8_t truth[] = {1, 1, -1, 0};
    ae_soft_metrics metrics;
    int64_t distribution[10];
    CHECK(ae_soft_metrics_compute(4, p, accepted, &terms, &options, truth, NULL, &metrics, distribution, NULL, NULL,
                                  NULL, error, sizeof error) == AE_OK);
    CHECK(fabs(metrics.toxicity_rate - (0.1 + 0.5 + 0.8) / 3) < 1e-15);
    CHECK(metrics.has_calibration == 1 && metrics.has_discrimination_auc == 1 && metrics.discrimination_auc == 1.0);
    CHECK(distribution[2] == 2 && distribution[5] == 1 && distribution[9] == 1);

    /* A bad option is refused with its name; a struct_size that is not the library's too. */
    options.theta = 1.5;
    CHECK(ae_soft_payoffs(4, p, NULL, &options, initiator, counterparty, error, sizeof error) == AE_ERROR_OUT_OF_RANGE);
    CHECK(strstr(error, "theta") != NULL);
    ae_payoff_options_default(&options);
    options.struct_size = 8;
    CHECK(ae_soft_payoffs(4, p, NULL, &options, initiator, counterparty, error, sizeof error) == AE_ERROR_INVALID_SIZE);
    printf("payoffs: initiator %.3f %.3f %.3f %.3f, toxicity %.4f, auc %.2f\n", initiator[0], initiator[1],
           initiator[2], initiator[3], metrics.toxicity_rate, metrics.discrimination_auc);
    return 0;
}
