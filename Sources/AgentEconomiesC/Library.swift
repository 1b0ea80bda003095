// The shared library `libAgentEconomiesC.so`: the C ABI's implementation lives in the
// `AgentEconomiesCABI` target (so that the fuzz target can call it in-process); this target
// links it with the Swift runtime and exports only the `ae_` symbols (exports.map).
@_exported import AgentEconomiesCABI
