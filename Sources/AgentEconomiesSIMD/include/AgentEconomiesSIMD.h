/* The AgentEconomiesSIMD module: the demand walk's screening passes and a prefetch. */
#include "screening.h"
#include "prefetch.h"
