"""Which OpenBLAS kernels the library runs on, and whether faster ones are at hand.

OpenBLAS picks its kernels once, when it is loaded, from the processor it recognises; a
build that does not know a recent processor (Debian's 0.3.21 on current Xeons) falls back to
its SSE3 `Prescott` kernels, four times slower for GEMM than the AVX-512 ones the processor
has. `simulate` and `benchmarks` restart themselves with ``OPENBLAS_CORETYPE`` set (README:
*Restarts*); a Python process cannot restart, so `blas_core` says what to set before the
library is first loaded.
"""

from __future__ import annotations

import ctypes
import os
from typing import Dict, FrozenSet, Optional

from . import _native

__all__ = ["blas_core"]

# OpenBLAS cores that predate AVX2 (the library's BLAS.preAVX2Cores).
_PRE_AVX2_CORES = frozenset({
    "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
    "northwood", "banias", "sandybridge", "barcelona", "bobcat", "opteron", "opteron_sse3",
})


def _cpu_flags(path: str = "/proc/cpuinfo") -> FrozenSet[str]:
    """The processor's feature flags from the first ``flags`` line of ``path`` (empty where
    there is none)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags") and ":" in line:
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


def _faster_core(core: str, flags: FrozenSet[str]) -> Optional[str]:
    """The ``OPENBLAS_CORETYPE`` that runs GEMM faster than `core` on a processor with
    `flags`, or None: ``SkylakeX`` with AVX-512 (F, DQ, BW, VL), ``Haswell`` with AVX2 and FMA,
    only where `core` has neither (the rule of the Swift library's ``BLAS.fasterCoreType``)."""
    if core.lower() not in _PRE_AVX2_CORES:
        return None
    if {"avx512f", "avx512dq", "avx512bw", "avx512vl"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Haswell"
    return None


def _core_name() -> str:
    """The core OpenBLAS chose, through the library's own OpenBLAS ("unknown" where the
    BLAS is not OpenBLAS)."""
    try:
        function = _native.lib.openblas_get_corename
    except AttributeError:
        return "unknown"
    function.restype = ctypes.c_char_p
    function.argtypes = []
    name = function()
    return name.decode("ascii", errors="replace") if name else "unknown"


def blas_core() -> Dict[str, Optional[str]]:
    """The OpenBLAS kernels the library runs on, and faster ones this processor has.

    Returns
    -------
    dict
        ``core``: the kernels OpenBLAS chose when it was loaded (``"SkylakeX"``,
        ``"Haswell"``, ``"Prescott"``, ...; ``"unknown"`` for another BLAS).
        ``faster``: the ``OPENBLAS_CORETYPE`` that would run GEMM faster (the dense
        similarity join, the auction's GEMM paths), or None. Where it is not None, set that
        variable in the environment before Python starts (or before the first use of the
        library), as ``simulate`` does for itself; it is None when ``OPENBLAS_CORETYPE`` was
        already set, so that a choice made on purpose is not second-guessed.

    Examples
    --------
    >>> import agent_economies
    >>> info = agent_economies.blas_core()
    >>> sorted(info)
    ['core', 'faster']
    >>> isinstance(info["core"], str)
    True
    """
    core = _core_name()
    faster = None if os.environ.get("OPENBLAS_CORETYPE") else _faster_core(core, _cpu_flags())
    return {"core": core, "faster": faster}
