"""Agent Economies: numeric kernels for virtual agent economies, over the library's C ABI.

Submodules: `auction` (Dworkin auction on a columnar market), `hfn` (the high-frequency
negotiation engine and flash-crash detector on integer handles), `identity` (Sybil clusters
and similar pairs on CSR interaction patterns), `missions` (rewards and Shapley values over a
columnar ledger), `permeability` (spillover, the optimal permeability, and a stateful model)
and `swarm_backend` (`install()` swaps SWARM's engine classes for native-backed ones). Bad input raises ValueError or TypeError naming the
field and value; the native library never aborts the interpreter.
"""

from . import auction, hfn, identity, missions, permeability
from ._native import ABI_VERSION, AgentEconomiesError, version

__version__ = version
__all__ = ["auction", "hfn", "identity", "missions", "permeability", "swarm_backend", "AgentEconomiesError", "ABI_VERSION", "__version__"]
