"""Agent Economies: numeric kernels for virtual agent economies, over the library's C ABI.

Submodules: `auction` (Dworkin auction on a columnar market), `identity` (Sybil clusters on
CSR interaction patterns) and `permeability` (spillover and the optimal permeability over
columns of interactions). Bad input raises ValueError or TypeError naming the
field and value; the native library never aborts the interpreter.
"""

from . import auction, identity, permeability
from ._native import ABI_VERSION, AgentEconomiesError, version

__version__ = version
__all__ = ["auction", "identity", "permeability", "AgentEconomiesError", "ABI_VERSION", "__version__"]
