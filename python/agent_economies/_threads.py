"""The library's thread pools from Python: `set_num_threads` / `get_num_threads`, and a
threadpoolctl controller so that `threadpoolctl.threadpool_limits` limits them as it limits
numpy's BLAS."""

from __future__ import annotations

import ctypes
from typing import Optional

from . import _native
from ._checks import check_int

__all__ = ["set_num_threads", "get_num_threads"]

_native._declare("ae_set_num_threads", _native._status, [ctypes.c_int32, *_native._err])
_native._declare("ae_get_num_threads", ctypes.c_int32, [])
_native._declare("ae_blas_set_num_threads", _native._status, [ctypes.c_int32, *_native._err])
_native._declare("ae_blas_get_num_threads", ctypes.c_int32, [])


def set_num_threads(threads: Optional[int]) -> None:
    """Sets the worker count of the library's own pool and of the OpenBLAS it uses.

    Parameters
    ----------
    threads : int or None
        At least 1; None returns the library's pool to its default (the
        ``AGENT_ECONOMIES_THREADS`` environment variable, else the processor count) and leaves
        OpenBLAS as it is.

    Raises
    ------
    TypeError
        For a count that is not an int (or None).
    ValueError
        For a count below 1.

    Notes
    -----
    Both settings are process-wide, and no result depends on them: every kernel cuts its work
    into fixed chunks and combines them in order.

    Examples
    --------
    >>> import agent_economies
    >>> agent_economies.set_num_threads(2)
    >>> agent_economies.get_num_threads()
    2
    >>> agent_economies.set_num_threads(None)
    """
    if threads is None:
        _native.call(_native.lib.ae_set_num_threads, 0)
        return
    threads = check_int("threads", threads, low=1, high=2**31 - 1)
    _native.call(_native.lib.ae_set_num_threads, threads)
    _native.call(_native.lib.ae_blas_set_num_threads, threads)


def get_num_threads() -> int:
    """The worker count of the library's own pool.

    Returns
    -------
    int
        The number of workers a call given ``threads=0`` (the default) uses: the last
        `set_num_threads`, else ``AGENT_ECONOMIES_THREADS``, else the processor count.

    See Also
    --------
    set_num_threads : Sets the pool's (and OpenBLAS's) worker count.

    Examples
    --------
    >>> import agent_economies
    >>> agent_economies.get_num_threads() >= 1
    True
    """
    return int(_native.lib.ae_get_num_threads())


def _register_threadpoolctl() -> None:
    """Registers the library's pool with threadpoolctl when it is installed (version 3.5 or
    later, which has `register`)."""
    try:
        import threadpoolctl
    except ImportError:
        return
    if not hasattr(threadpoolctl, "register"):
        return

    class AgentEconomiesController(threadpoolctl.LibController):
        """threadpoolctl's view of libAgentEconomiesC's worker pool."""

        user_api = "agent_economies"
        internal_api = "agent_economies"
        filename_prefixes = ("libagenteconomiesc",)  # threadpoolctl compares lower-cased names

        def get_num_threads(self) -> int:
            return int(self.dynlib.ae_get_num_threads())

        def set_num_threads(self, num_threads: int) -> None:
            error = ctypes.create_string_buffer(256)
            self.dynlib.ae_set_num_threads(ctypes.c_int32(max(1, int(num_threads))), error, ctypes.c_size_t(256))

        def get_version(self) -> str:
            self.dynlib.ae_version.restype = ctypes.c_char_p
            return str(self.dynlib.ae_version().decode())

    threadpoolctl.register(AgentEconomiesController)


_register_threadpoolctl()
