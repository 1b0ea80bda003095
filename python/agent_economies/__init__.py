"""Agent Economies: numeric kernels for virtual agent economies, over the library's C ABI.

Submodules: `auction` (Dworkin auction on a columnar market), `hfn` (the high-frequency
negotiation engine and flash-crash detector on integer handles), `identity` (Sybil clusters
and similar pairs on CSR interaction patterns or scipy sparse matrices), `missions` (rewards
and Shapley values over a columnar ledger), `payoffs` (SWARM's soft payoffs and metrics),
`permeability` (spillover, the optimal permeability, and a stateful model), `simulation`
(population simulations and parameter sweeps, the engine of `simulate`) and `swarm_backend`
(`install()` swaps SWARM's engine classes for native-backed ones). Bad input
raises ValueError or TypeError naming the field and value; the native library never aborts
the interpreter. `report` (draws a `simulate` run's epochs, or a sweep's means and intervals, to PNG; needs
matplotlib) and `sweep_report` do not use the native library.

The kernel submodules, the names from the C ABI (`ABI_VERSION`, `AgentEconomiesError`,
`__version__`) and `set_num_threads` / `get_num_threads` (the library's pool and its OpenBLAS;
with threadpoolctl installed, `threadpool_limits` covers the library's pool too) and
`blas_core` (the OpenBLAS kernels in use, and faster ones to ask for) are loaded on
first use, so `import agent_economies.report` works without loading libAgentEconomiesC.so.

The package is typed (PEP 561): every public function has annotations, options are string
enums that also accept their plain strings, and results are frozen dataclasses.

Examples
--------
>>> import agent_economies
>>> agent_economies.ABI_VERSION
2
>>> from agent_economies import auction
>>> auction.run_market([[1.0, 2.0]], [10.0], [1.0, 1.0]).converged
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import auction, hfn, identity, missions, payoffs, permeability, report, simulation, swarm_backend
    from . import sweep_report
    from ._native import ABI_VERSION, AgentEconomiesError
    from ._native import version as __version__
    from ._blas import blas_core
    from ._threads import get_num_threads, set_num_threads

_SUBMODULES = ("auction", "hfn", "identity", "missions", "payoffs", "permeability", "report", "simulation",
               "swarm_backend", "sweep_report")
_FROM_NATIVE = {"ABI_VERSION": "ABI_VERSION", "AgentEconomiesError": "AgentEconomiesError",
                "version": "version", "__version__": "version"}
_FROM_THREADS = ("set_num_threads", "get_num_threads")
_FROM_BLAS = ("blas_core",)

__all__ = ["auction", "hfn", "identity", "missions", "payoffs", "permeability", "report", "simulation",
           "swarm_backend", "sweep_report",
           "AgentEconomiesError", "ABI_VERSION", "__version__", "set_num_threads", "get_num_threads", "blas_core"]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _FROM_THREADS:
        value = getattr(importlib.import_module("._threads", __name__), name)
        globals()[name] = value
        return value
    if name in _FROM_BLAS:
        value = getattr(importlib.import_module("._blas", __name__), name)
        globals()[name] = value
        return value
    if name in _FROM_NATIVE:
        value = getattr(importlib.import_module("._native", __name__), _FROM_NATIVE[name])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES) | set(_FROM_NATIVE) | set(_FROM_THREADS) | set(_FROM_BLAS))
