// The C ABI's header is declared by this target so that the Swift implementation
// (AgentEconomiesCABI) sees its types; the functions themselves are defined in Swift.
#include "agent_economies.h"
