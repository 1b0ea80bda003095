"""Agent Economies: numeric kernels for virtual agent economies, over the library's C ABI.

Submodules: `auction` (Dworkin auction on a columnar market) and `identity` (Sybil
clusters on CSR interaction patterns). Bad input raises ValueError or TypeError naming the
field and value; the native library never aborts the interpreter.
"""

from . import auction, identity
from ._native import ABI_VERSION, AgentEconomiesError, version

__version__ = version
__all__ = ["auction", "identity", "AgentEconomiesError", "ABI_VERSION", "__version__"]
