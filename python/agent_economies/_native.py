"""Loads libAgentEconomiesC.so and declares the C ABI's signatures (ctypes).

Arrays cross without copies when they are already C-contiguous with the dtype the ABI
takes (float64, int64 or int32); anything else is converted once by `as_array`.
"""

import ctypes
import os
from pathlib import Path

import numpy as np

ABI_VERSION = 1

# Status codes of agent_economies.h.
OK = 0
ERROR_NULL_POINTER = 1
ERROR_INVALID_SIZE = 2
ERROR_NOT_FINITE = 3
ERROR_OUT_OF_RANGE = 4
ERROR_UNKNOWN_OPTION = 5
ERROR_CAPACITY = 6
ERROR_DUPLICATE_ID = 7
ERROR_UNKNOWN_ID = 8
ERROR_INTERNAL = 99


class AgentEconomiesError(ValueError):
    """A call the library refused; `status` is the C ABI's status code."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _library_path():
    override = os.environ.get("AGENT_ECONOMIES_LIBRARY")
    if override:
        return override
    return str(Path(__file__).resolve().parent / "libAgentEconomiesC.so")


lib = ctypes.CDLL(_library_path())

_i64 = ctypes.c_int64
_i32 = ctypes.c_int32
_double_p = ctypes.POINTER(ctypes.c_double)
_i64_p = ctypes.POINTER(ctypes.c_int64)
_i32_p = ctypes.POINTER(ctypes.c_int32)


class AuctionOptions(ctypes.Structure):
    """ae_auction_options."""

    _fields_ = [
        ("solver", ctypes.c_int32),
        ("max_rounds", ctypes.c_int32),
        ("price_adjustment_rate", ctypes.c_double),
        ("convergence_tolerance", ctypes.c_double),
        ("envy_tolerance", ctypes.c_double),
        ("equilibrium_tolerance", ctypes.c_double),
        ("equilibrium_max_iterations", ctypes.c_int32),
        ("threads", ctypes.c_int32),
    ]


class AuctionResult(ctypes.Structure):
    """ae_auction_result."""

    _fields_ = [
        ("converged", ctypes.c_int32),
        ("rounds", ctypes.c_int32),
        ("bundle_entries", ctypes.c_int64),
        ("envy_violation_count", ctypes.c_int64),
        ("largest_envy_gap", ctypes.c_double),
        ("total_utility", ctypes.c_double),
        ("max_excess", ctypes.c_double),
        ("equilibrium_gap", ctypes.c_double),
    ]


lib.ae_abi_version.restype = ctypes.c_int32
lib.ae_abi_version.argtypes = []
lib.ae_version.restype = ctypes.c_char_p
lib.ae_version.argtypes = []
lib.ae_auction_options_default.restype = None
lib.ae_auction_options_default.argtypes = [ctypes.POINTER(AuctionOptions)]
lib.ae_auction_run.restype = ctypes.c_int32
lib.ae_auction_run.argtypes = [
    _i64, _i64, _double_p, _double_p, _double_p, ctypes.POINTER(AuctionOptions),
    _double_p, _double_p, _double_p, _i64_p, _i32_p, _double_p, _i64, _i64_p,
    ctypes.POINTER(AuctionResult), ctypes.c_char_p, ctypes.c_size_t,
]
lib.ae_sybil_clusters.restype = ctypes.c_int32
lib.ae_sybil_clusters.argtypes = [
    _i64, _i64, _i64_p, _i32_p, _double_p, ctypes.c_double, _i32, _i32, _i32, _i32,
    _i64_p, _i64_p, _i64_p, _i64_p, ctypes.c_char_p, ctypes.c_size_t,
]

_u8_p = ctypes.POINTER(ctypes.c_uint8)
lib.ae_permeability_spillover.restype = ctypes.c_int32
lib.ae_permeability_spillover.argtypes = [
    _i64, _double_p, _u8_p, ctypes.c_double, ctypes.c_double, ctypes.c_double, ctypes.c_uint64, _i32,
    _i64_p, _double_p, _u8_p, _i64_p, ctypes.c_char_p, ctypes.c_size_t,
]
lib.ae_permeability_optimal.restype = ctypes.c_int32
lib.ae_permeability_optimal.argtypes = [
    _i64, _double_p, _u8_p, ctypes.c_double, ctypes.c_double, ctypes.c_double, _i64, _i32,
    _double_p, ctypes.c_char_p, ctypes.c_size_t,
]

if lib.ae_abi_version() != ABI_VERSION:
    raise ImportError(
        f"libAgentEconomiesC.so has ABI version {lib.ae_abi_version()}, this package needs {ABI_VERSION}"
    )

version = lib.ae_version().decode()


def error_buffer():
    """A buffer for the C ABI's error message."""
    return ctypes.create_string_buffer(512)


def check(status, buffer):
    """Raises AgentEconomiesError (a ValueError) for a failed call."""
    if status == OK:
        return
    message = buffer.value.decode(errors="replace")
    if status == ERROR_INTERNAL:
        raise RuntimeError(message)
    raise AgentEconomiesError(status, message)


_POINTERS = {np.dtype(np.float64): _double_p, np.dtype(np.int64): _i64_p, np.dtype(np.int32): _i32_p}


def as_array(value, dtype, name, ndim):
    """`value` as a C-contiguous array of `dtype` with `ndim` dimensions: the array itself
    when it already is one (no copy), else one converted copy. Raises TypeError for None or
    a non-numeric value and ValueError for the wrong number of dimensions."""
    if value is None:
        raise TypeError(f"{name} must be an array, got None")
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    if np.dtype(dtype).kind in "iu" and array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(f"{name} must hold integers, got non-integral values")
    return np.ascontiguousarray(array, dtype=dtype)


def pointer(array):
    """A ctypes pointer to a C-contiguous array's data (NULL for an empty array)."""
    kind = _POINTERS[array.dtype]
    if array.size == 0:
        return kind()
    return array.ctypes.data_as(kind)
