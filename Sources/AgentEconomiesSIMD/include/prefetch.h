/* A software prefetch for the kernels' loops that know, a few iterations ahead, which
   cache line at a random place they will read (the envy check's agents, visited in a fixed
   order, each at its own row of the valuations). Internal to the kernels, like screening.h. */
#ifndef AGENT_ECONOMIES_PREFETCH_H
#define AGENT_ECONOMIES_PREFETCH_H

/* Asks for the cache line holding `address` to be loaded for reading; never faults, has
   no effect on the program's results. */
static inline void aek_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#else
    (void)address;
#endif
}

#endif
