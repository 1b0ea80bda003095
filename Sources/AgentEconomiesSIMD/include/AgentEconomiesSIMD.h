/* The AgentEconomiesSIMD module: the demand walk's screening passes, a prefetch and the join's overlap test. */
#include "screening.h"
#include "prefetch.h"
#include "overlap.h"
