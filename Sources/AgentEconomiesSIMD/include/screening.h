/* The demand walk's screening passes (AuctionKernels' tatonnement and demands), written
   with SIMD intrinsics so that the instruction set is chosen at run time: AVX2 where the
   processor has it, SSE2 (the x86-64 baseline the package is built for) otherwise, plain C
   on other processors. Every variant performs the same IEEE operations on the same values
   (products, comparisons, maxima; no fused multiply-add), so the results are identical
   whichever runs. Internal to the kernels: not part of the C ABI (no `ae_` prefix, not
   exported from libAgentEconomiesC). */
#ifndef AGENT_ECONOMIES_SCREENING_H
#define AGENT_ECONOMIES_SCREENING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Stores a[r] * b[r] into out[r] for r < count and returns the largest product; NaN
   products are passed over (-infinity when every product is NaN or count is 0). */
double aek_screen_products(const double *a, const double *b, double *out, long count);

/* Bit r set for each r < count (count <= 64) with values[r] >= threshold (false for NaN). */
uint64_t aek_screen_hits(const double *values, long count, double threshold);

/* The variant the two functions above run: 2 = AVX2, 1 = SSE2, 0 = plain C. The best the
   processor has, unless the environment variable AGENT_ECONOMIES_SIMD (read when the
   library loads) asks for a lower one: `sse2` or `plain`. */
int aek_screen_level(void);

/* The best variant this processor can run (2, 1 or 0 as above). */
int aek_screen_best_level(void);

/* The two passes with the variant given (lowered to aek_screen_best_level() when above it),
   for the tests that compare the variants with one another. */
double aek_screen_products_at(int level, const double *a, const double *b, double *out, long count);
uint64_t aek_screen_hits_at(int level, const double *values, long count, double threshold);

#ifdef __cplusplus
}
#endif

#endif
