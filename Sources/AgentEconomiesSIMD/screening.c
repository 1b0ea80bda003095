#include "screening.h"

#include <math.h>
#include <stdlib.h>

/* Plain C: the definition every variant must equal. */
static double products_plain(const double *a, const double *b, double *out, long count) {
    double largest = -INFINITY;
    for (long r = 0; r < count; r++) {
        double product = a[r] * b[r];
        out[r] = product;
        largest = product > largest ? product : largest;
    }
    return largest;
}

/* count <= 64 (the callers clamp it). */
static uint64_t hits_plain(const double *values, long count, double threshold) {
    uint64_t bits = 0;
    for (long r = 0; r < count; r++) {
        if (values[r] >= threshold) bits |= (uint64_t)1 << r;
    }
    return bits;
}

#if defined(__x86_64__)
#include <immintrin.h>

/* _mm_max_pd(p, m) is `p > m ? p : m`: a NaN product leaves m as it is. */
static double products_sse2(const double *a, const double *b, double *out, long count) {
    __m128d m0 = _mm_set1_pd(-INFINITY), m1 = m0;
    long r = 0;
    for (; r + 4 <= count; r += 4) {
        __m128d p0 = _mm_mul_pd(_mm_loadu_pd(a + r), _mm_loadu_pd(b + r));
        __m128d p1 = _mm_mul_pd(_mm_loadu_pd(a + r + 2), _mm_loadu_pd(b + r + 2));
        _mm_storeu_pd(out + r, p0);
        _mm_storeu_pd(out + r + 2, p1);
        m0 = _mm_max_pd(p0, m0);
        m1 = _mm_max_pd(p1, m1);
    }
    __m128d m = _mm_max_pd(m0, m1);
    double lanes[2];
    _mm_storeu_pd(lanes, m);
    double largest = lanes[1] > lanes[0] ? lanes[1] : lanes[0];
    double rest = products_plain(a + r, b + r, out + r, count - r);
    return rest > largest ? rest : largest;
}

static uint64_t hits_sse2(const double *values, long count, double threshold) {
    const __m128d t = _mm_set1_pd(threshold);
    uint64_t bits = 0;
    long r = 0;
    for (; r + 4 <= count; r += 4) {
        uint64_t low = (uint64_t)_mm_movemask_pd(_mm_cmpge_pd(_mm_loadu_pd(values + r), t));
        uint64_t high = (uint64_t)_mm_movemask_pd(_mm_cmpge_pd(_mm_loadu_pd(values + r + 2), t));
        bits |= (low | high << 2) << r;
    }
    if (r < count) bits |= hits_plain(values + r, count - r, threshold) << r;
    return bits;
}

__attribute__((target("avx2"))) static double products_avx2(const double *a, const double *b, double *out, long count) {
    __m256d m0 = _mm256_set1_pd(-INFINITY), m1 = m0;
    long r = 0;
    for (; r + 8 <= count; r += 8) {
        __m256d p0 = _mm256_mul_pd(_mm256_loadu_pd(a + r), _mm256_loadu_pd(b + r));
        __m256d p1 = _mm256_mul_pd(_mm256_loadu_pd(a + r + 4), _mm256_loadu_pd(b + r + 4));
        _mm256_storeu_pd(out + r, p0);
        _mm256_storeu_pd(out + r + 4, p1);
        m0 = _mm256_max_pd(p0, m0);
        m1 = _mm256_max_pd(p1, m1);
    }
    __m256d m = _mm256_max_pd(m0, m1);
    __m128d pair = _mm_max_pd(_mm256_castpd256_pd128(m), _mm256_extractf128_pd(m, 1));
    double lanes[2];
    _mm_storeu_pd(lanes, pair);
    double largest = lanes[1] > lanes[0] ? lanes[1] : lanes[0];
    double rest = products_plain(a + r, b + r, out + r, count - r);
    return rest > largest ? rest : largest;
}

__attribute__((target("avx2"))) static uint64_t hits_avx2(const double *values, long count, double threshold) {
    const __m256d t = _mm256_set1_pd(threshold);
    uint64_t bits = 0;
    long r = 0;
    for (; r + 8 <= count; r += 8) {
        uint64_t low = (uint64_t)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(values + r), t, _CMP_GE_OQ));
        uint64_t high = (uint64_t)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(values + r + 4), t, _CMP_GE_OQ));
        bits |= (low | high << 4) << r;
    }
    if (r < count) bits |= hits_plain(values + r, count - r, threshold) << r;
    return bits;
}

/* A level asked for in the environment, read when the library loads; -1 when none. */
static int forced_level = -1;

__attribute__((constructor)) static void read_forced_level(void) {
    const char *value = getenv("AGENT_ECONOMIES_SIMD");
    if (!value) return;
    if (value[0] == 's') forced_level = 1;
    if (value[0] == 'p') forced_level = 0;
}

int aek_screen_best_level(void) { return __builtin_cpu_supports("avx2") ? 2 : 1; }

int aek_screen_level(void) {
    int best = aek_screen_best_level();
    return forced_level >= 0 && forced_level < best ? forced_level : best;
}

/* A level the processor cannot run is lowered to one it can (never an illegal instruction). */
static int runnable(int level) {
    int best = aek_screen_best_level();
    return level > best ? best : level;
}

double aek_screen_products_at(int level, const double *a, const double *b, double *out, long count) {
    switch (runnable(level)) {
    case 2: return products_avx2(a, b, out, count);
    case 1: return products_sse2(a, b, out, count);
    default: return products_plain(a, b, out, count);
    }
}

uint64_t aek_screen_hits_at(int level, const double *values, long count, double threshold) {
    if (count > 64) count = 64;
    switch (runnable(level)) {
    case 2: return hits_avx2(values, count, threshold);
    case 1: return hits_sse2(values, count, threshold);
    default: return hits_plain(values, count, threshold);
    }
}

#else

int aek_screen_best_level(void) { return 0; }

int aek_screen_level(void) { return 0; }

double aek_screen_products_at(int level, const double *a, const double *b, double *out, long count) {
    (void)level;
    return products_plain(a, b, out, count);
}

uint64_t aek_screen_hits_at(int level, const double *values, long count, double threshold) {
    (void)level;
    if (count > 64) count = 64;
    return hits_plain(values, count, threshold);
}

#endif

double aek_screen_products(const double *a, const double *b, double *out, long count) {
    return aek_screen_products_at(aek_screen_level(), a, b, out, count);
}

uint64_t aek_screen_hits(const double *values, long count, double threshold) {
    return aek_screen_hits_at(aek_screen_level(), values, count, threshold);
}
