"""Agent Economies: numeric kernels for virtual agent economies, over the library's C ABI.

Submodules: `auction` (Dworkin auction on a columnar market), `hfn` (the high-frequency
negotiation engine and flash-crash detector on integer handles), `identity` (Sybil clusters
and similar pairs on CSR interaction patterns), `missions` (rewards and Shapley values over a
columnar ledger), `permeability` (spillover, the optimal permeability, and a stateful model)
and `swarm_backend` (`install()` swaps SWARM's engine classes for native-backed ones). Bad input raises ValueError or TypeError naming the
field and value; the native library never aborts the interpreter. `report` (draws a
`simulate` run's epochs to PNG; needs matplotlib) does not use the native library.

The kernel submodules, the names from the C ABI (`ABI_VERSION`, `AgentEconomiesError`,
`__version__`) and `set_num_threads` / `get_num_threads` (the library's pool and its OpenBLAS;
with threadpoolctl installed, `threadpool_limits` covers the library's pool too) are loaded on
first use, so `import agent_economies.report` works without
loading libAgentEconomiesC.so.
"""

import importlib

_KERNELS = ("auction", "hfn", "identity", "missions", "payoffs", "permeability")
_FROM_NATIVE = {"ABI_VERSION": "ABI_VERSION", "AgentEconomiesError": "AgentEconomiesError",
                "version": "version", "__version__": "version"}
_FROM_THREADS = ("set_num_threads", "get_num_threads")

__all__ = ["auction", "hfn", "identity", "missions", "payoffs", "permeability", "swarm_backend", "AgentEconomiesError", "ABI_VERSION", "__version__",
           "set_num_threads", "get_num_threads"]


def __getattr__(name):
    if name in _KERNELS:
        return importlib.import_module(f".{name}", __name__)
    if name in _FROM_THREADS:
        value = getattr(importlib.import_module("._threads", __name__), name)
        globals()[name] = value
        return value
    if name in _FROM_NATIVE:
        value = getattr(importlib.import_module("._native", __name__), _FROM_NATIVE[name])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_KERNELS) | set(_FROM_NATIVE) | set(_FROM_THREADS))
