/* The sparse similarity join's overlap test on two rows of counterparty columns, in C so that
   each step of the merge is branch-free (the side a step advances is as good as random, and
   the Swift loop compiled to branches that the processor mispredicted about every other
   step). Internal to the kernels, like screening.h. */
#ifndef AGENT_ECONOMIES_OVERLAP_H
#define AGENT_ECONOMIES_OVERLAP_H

#include <stdint.h>

/* Whether the ascending lists `a` (`na` values) and `b` (`nb` values), each without repeats,
   share at least `needed` values. Stops as soon as that is decided: when the shared values
   reach `needed`, or when the shared values so far plus the shorter of the two remainders
   fall below it. Returns 1 or 0. */
static inline int aek_shares_at_least(const int32_t *a, long na, const int32_t *b, long nb, long needed) {
    if (needed <= 0) return 1;
    if ((na < nb ? na : nb) < needed) return 0;
    long i = 0, j = 0, shared = 0;
    while (i < na && j < nb) {
        int32_t x = a[i], y = b[j];
        shared += x == y;
        i += x <= y;
        j += x >= y;
        long restA = na - i, restB = nb - j;
        long rest = restA < restB ? restA : restB;
        if (shared >= needed) return 1;
        if (shared + rest < needed) return 0;
    }
    return shared >= needed;
}

#endif
