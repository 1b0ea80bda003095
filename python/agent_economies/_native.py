"""Loads libAgentEconomiesC.so and declares the C ABI's signatures (ctypes).

Arrays cross without copies when they are already C-contiguous with the dtype the ABI
takes (float64, int64 or int32); anything else is converted once by `as_array` (in
`_checks`, with the other argument checks).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Any, NoReturn, Optional, Tuple, TypeVar

import numpy as np
from numpy.typing import NDArray

from ._checks import as_array  # noqa: F401  (the modules' array conversion)

__all__ = [
    "ABI_VERSION", "AgentEconomiesError", "version", "lib", "OK", "ERROR_NULL_POINTER", "ERROR_INVALID_SIZE",
    "ERROR_NOT_FINITE", "ERROR_OUT_OF_RANGE", "ERROR_UNKNOWN_OPTION", "ERROR_CAPACITY", "ERROR_DUPLICATE_ID",
    "ERROR_UNKNOWN_ID", "ERROR_SCENARIO", "ERROR_IO", "ERROR_OUT_OF_MEMORY", "ERROR_INTERNAL", "error_buffer", "check", "pointer", "call", "call_status", "seed_words",
    "Handle",
]

ABI_VERSION = 2

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
ERROR_SCENARIO = 9
ERROR_IO = 10
ERROR_OUT_OF_MEMORY = 11
ERROR_INTERNAL = 99


class AgentEconomiesError(ValueError):
    """A call the library refused (a ValueError).

    Parameters
    ----------
    status : int
        The C ABI's status code (``ERROR_OUT_OF_RANGE``, ``ERROR_CAPACITY``, ...).
    message : str
        The library's message, which names the field and the value.

    Attributes
    ----------
    status : int
        The C ABI's status code.

    Examples
    --------
    >>> from agent_economies import AgentEconomiesError, payoffs
    >>> try:
    ...     payoffs.soft_payoffs([0.5], theta=1.5)
    ... except AgentEconomiesError as error:
    ...     print(error.status, error)
    4 theta must be in [0.0, 1.0], got 1.5
    """

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _library_path() -> str:
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
        ("struct_size", ctypes.c_size_t),
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

version: str = lib.ae_version().decode()


def error_buffer() -> ctypes.Array[ctypes.c_char]:
    """A buffer for the C ABI's error message."""
    return ctypes.create_string_buffer(512)


def check(status: int, buffer: ctypes.Array[ctypes.c_char]) -> None:
    """Raises AgentEconomiesError (a ValueError) for a failed call, RuntimeError for the
    library's internal errors."""
    if status == OK:
        return
    message = buffer.value.decode(errors="replace")
    if status == ERROR_INTERNAL:
        raise RuntimeError(message)
    raise AgentEconomiesError(status, message)


_POINTERS: dict[np.dtype[Any], Any] = {np.dtype(np.float64): _double_p, np.dtype(np.int64): _i64_p, np.dtype(np.int32): _i32_p}


def pointer(array: NDArray[Any]) -> Any:
    """A ctypes pointer to a C-contiguous float64, int64 or int32 array's data (NULL for an
    empty array)."""
    kind = _POINTERS[array.dtype]
    if array.size == 0:
        return kind()
    return array.ctypes.data_as(kind)


# ---------------------------------------------------------------------------------------
# Engine handles, missions, similar pairs (agent_economies.h)

class CrashOptions(ctypes.Structure):
    """ae_crash_options."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("price_drop_threshold", ctypes.c_double),
        ("window_ticks", ctypes.c_int32),
        ("volume_spike_factor", ctypes.c_double),
        ("require_volume_spike", ctypes.c_int32),
    ]


class Crash(ctypes.Structure):
    """ae_crash."""

    _fields_ = [
        ("start_tick", ctypes.c_int64),
        ("end_tick", ctypes.c_int64),
        ("recovery_time_ticks", ctypes.c_int64),
        ("price_drop_pct", ctypes.c_double),
        ("severity", ctypes.c_double),
        ("trigger_agent_count", ctypes.c_int64),
    ]


class HFNOptions(ctypes.Structure):
    """ae_hfn_options."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("max_orders_per_tick", ctypes.c_int32),
        ("latency_noise_ms", ctypes.c_double),
        ("priority_by_speed", ctypes.c_int32),
        ("batch_interval_ticks", ctypes.c_int32),
        ("halt_duration_ticks", ctypes.c_int32),
        ("crash", CrashOptions),
    ]


class HFNTick(ctypes.Structure):
    """ae_hfn_tick."""

    _fields_ = [
        ("tick_number", ctypes.c_int64),
        ("orders_submitted", ctypes.c_int64),
        ("orders_executed", ctypes.c_int64),
        ("market_price", ctypes.c_double),
        ("bid_ask_spread", ctypes.c_double),
        ("volatility", ctypes.c_double),
        ("halted", ctypes.c_int32),
        ("crash_started", ctypes.c_int32),
    ]


class HFNState(ctypes.Structure):
    """ae_hfn_state."""

    _fields_ = [
        ("current_tick", ctypes.c_int64),
        ("halt_until_tick", ctypes.c_int64),
        ("market_price", ctypes.c_double),
        ("halted", ctypes.c_int32),
        ("in_crash", ctypes.c_int32),
        ("agents", ctypes.c_int64),
        ("books", ctypes.c_int64),
        ("resting_bids", ctypes.c_int64),
        ("resting_asks", ctypes.c_int64),
        ("total_bid_volume", ctypes.c_double),
        ("total_ask_volume", ctypes.c_double),
        ("trade_count", ctypes.c_int64),
        ("crash_count", ctypes.c_int64),
        ("volatility", ctypes.c_double),
    ]


class PermeabilityOptions(ctypes.Structure):
    """ae_permeability_options."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("base_permeability", ctypes.c_double),
        ("information_decay", ctypes.c_double),
        ("contagion_rate", ctypes.c_double),
        ("spillover_amplification", ctypes.c_double),
        ("adaptive", ctypes.c_int32),
        ("threat_sensitivity", ctypes.c_double),
    ]


class PermeabilityState(ctypes.Structure):
    """ae_permeability_state."""

    _fields_ = [
        ("effective_permeability", ctypes.c_double),
        ("threat_level", ctypes.c_double),
        ("total_spillovers", ctypes.c_int64),
        ("total_blocked", ctypes.c_int64),
        ("cumulative_external_harm", ctypes.c_double),
    ]


class ShapleyOptions(ctypes.Structure):
    """ae_shapley_options."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("method", ctypes.c_int32),
        ("max_permutations", ctypes.c_int64),
        ("target_standard_error", ctypes.c_double),
        ("round_permutations", ctypes.c_int64),
        ("coalitions", ctypes.c_int64),
        ("seed", ctypes.c_uint64),
    ]


_handle = ctypes.c_void_p
_handle_p = ctypes.POINTER(ctypes.c_void_p)
_u32_p = ctypes.POINTER(ctypes.c_uint32)
_err: list[Any] = [ctypes.c_char_p, ctypes.c_size_t]
_status: Any = ctypes.c_int32


def _declare(name: str, restype: Any, argtypes: list[Any]) -> None:
    function = getattr(lib, name)
    function.restype = restype
    function.argtypes = argtypes


_declare("ae_auction_run_market", _status, [
    _i64, _i64, _double_p, _u8_p, _i32_p, _double_p, _double_p, ctypes.POINTER(AuctionOptions),
    _double_p, _double_p, _double_p, _i64_p, _i32_p, _double_p, _i64, _i64_p, _i64_p, _double_p, _i64,
    ctypes.POINTER(AuctionResult), *_err])
_declare("ae_similar_pairs", _status, [
    _i64, _i64, _i64_p, _i32_p, _double_p, ctypes.c_double, _i32, _i32, _i32, _i64, _i64_p, _i64_p, _double_p,
    _i64_p, *_err])
_declare("ae_crash_options_default", None, [ctypes.POINTER(CrashOptions)])
_declare("ae_crash_detector_create", _status, [ctypes.POINTER(CrashOptions), _handle_p, *_err])
_declare("ae_crash_detector_destroy", _status, [_handle, *_err])
_declare("ae_crash_detector_update", _status, [_handle, ctypes.c_double, _i64, _i64, _i32_p, *_err])
_declare("ae_crash_detector_state", _status, [_handle, _double_p, _i32_p, _i64_p, *_err])
_declare("ae_crash_detector_crashes", _status, [_handle, _i64, _i64, ctypes.POINTER(Crash), _i64_p, *_err])
_declare("ae_crash_detector_reset", _status, [_handle, *_err])
_declare("ae_hfn_options_default", None, [ctypes.POINTER(HFNOptions)])
_declare("ae_hfn_create", _status, [ctypes.POINTER(HFNOptions), _u32_p, _i64, _i32, _handle_p, *_err])
_declare("ae_hfn_destroy", _status, [_handle, *_err])
_declare("ae_hfn_reserve", _status, [_handle, _i64, _i64, *_err])
_declare("ae_hfn_submit", _status, [
    _handle, _i32, _i64, _i32, ctypes.c_double, ctypes.c_double, ctypes.c_double, ctypes.c_double, _i32_p,
    _double_p, _i64_p, *_err])
_declare("ae_hfn_submit_batch", _status, [
    _handle, _i64, _i32_p, _i64_p, _i32_p, _double_p, _double_p, _double_p, _double_p, _i32_p, _double_p, _i64_p,
    *_err])
_declare("ae_hfn_process_tick", _status, [_handle, ctypes.POINTER(HFNTick), *_err])
_declare("ae_hfn_halt", _status, [_handle, _i64, *_err])
_declare("ae_hfn_state_get", _status, [_handle, ctypes.POINTER(HFNState), *_err])
_declare("ae_hfn_trades", _status, [
    _handle, _i64, _i64, _i32_p, _i32_p, _i64_p, _double_p, _double_p, _i64_p, _i64_p, *_err])
_declare("ae_hfn_crashes", _status, [_handle, _i64, _i64, ctypes.POINTER(Crash), _i64_p, *_err])
_declare("ae_hfn_crash_agents", _status, [_handle, _i64, _i32_p, _i64, *_err])
_declare("ae_hfn_speed_gini", _status, [_handle, _double_p, *_err])
_declare("ae_permeability_options_default", None, [ctypes.POINTER(PermeabilityOptions)])
_declare("ae_permeability_model_create", _status, [
    ctypes.POINTER(PermeabilityOptions), _u32_p, _i64, _i32, _handle_p, *_err])
_declare("ae_permeability_model_destroy", _status, [_handle, *_err])
_declare("ae_permeability_model_effective", _status, [_handle, ctypes.c_double, ctypes.c_double, _double_p, *_err])
_declare("ae_permeability_model_should_cross", _status, [
    _handle, ctypes.c_double, ctypes.c_double, _i32_p, _double_p, *_err])
_declare("ae_permeability_model_spillover", _status, [
    _handle, _i64, _double_p, _u8_p, _i32, ctypes.c_double, _i64_p, _double_p, _u8_p, _i64_p, *_err])
_declare("ae_permeability_model_state", _status, [_handle, ctypes.POINTER(PermeabilityState), *_err])
_declare("ae_permeability_model_reset", _status, [_handle, *_err])
_declare("ae_mission_rewards", _status, [
    _i32, _i64, _i64_p, _i32_p, _i64, _i64, _double_p, _u8_p, _i32_p, ctypes.c_double, _i64_p, _double_p, _i64_p,
    *_err])
_declare("ae_shapley_options_default", None, [ctypes.POINTER(ShapleyOptions)])
_declare("ae_mission_shapley", _status, [
    _i64, _i64_p, _i32_p, _i64, _i64, _double_p, _u8_p, _i32_p, _i64, _i32_p, _double_p, _double_p,
    ctypes.POINTER(ShapleyOptions), _i64_p, _double_p, _double_p, _i64_p, _double_p, *_err])


def call(function: Any, *arguments: Any) -> None:
    """Calls a C ABI function with an error buffer appended; raises on a failed status."""
    error = error_buffer()
    status = function(*arguments, error, len(error))
    check(status, error)


def call_status(function: Any, *arguments: Any) -> Tuple[int, ctypes.Array[ctypes.c_char]]:
    """Calls a C ABI function with an error buffer appended; returns (status, error buffer)
    for the caller to act on a status (AE_ERROR_CAPACITY, say) before `check`."""
    error = error_buffer()
    return function(*arguments, error, len(error)), error


def seed_words(seed: object) -> Tuple[ctypes.Array[ctypes.c_uint32], int]:
    """The C seed convention for a Python `random.Random(seed)` seed: (words array, seeded).

    None gives an unseeded engine; an int, float, str, bytes or bytearray gives the words
    CPython's seeding derives from it, so the engine's draws are exactly `random.Random(seed)`'s."""
    import hashlib

    if seed is None:
        return (ctypes.c_uint32 * 1)(), 0
    if isinstance(seed, bool) or isinstance(seed, int):
        value = abs(int(seed))
    elif isinstance(seed, float):
        value = hash(seed) & 0xFFFFFFFFFFFFFFFF
    elif isinstance(seed, (str, bytes, bytearray)):
        raw = seed.encode() if isinstance(seed, str) else bytes(seed)
        value = int.from_bytes(raw + hashlib.sha512(raw).digest(), "big")
    else:
        raise TypeError(f"seed must be None, int, float, str, bytes or bytearray, got {type(seed).__name__}")
    words: list[int] = []
    while value:
        words.append(value & 0xFFFFFFFF)
        value >>= 32
    array = (ctypes.c_uint32 * max(len(words), 1))(*words)
    return array, 1


_H = TypeVar("_H", bound="Handle")


class Handle:
    """Owns one engine handle of the C ABI; destroyed with `close()` or when collected.

    The engines (`hfn.Engine`, `identity.Registry`, ...) are handles: context managers whose
    `close()` frees the native engine; copying or pickling one raises TypeError.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> with hfn.CrashDetector() as detector:
    ...     detector.update(100.0, 5, 0)
    False
    >>> detector.update(100.0, 5, 1)
    Traceback (most recent call last):
    ...
    ValueError: CrashDetector is closed
    """

    _destroy: Optional[str] = None

    def __init__(self, pointer: ctypes.c_void_p) -> None:
        self._pointer: Optional[ctypes.c_void_p] = pointer

    @property
    def pointer(self) -> ctypes.c_void_p:
        """The native handle; ValueError once closed."""
        if self._pointer is None:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._pointer

    def close(self) -> None:
        """Frees the native engine (idempotent)."""
        if self._pointer is not None and self._destroy is not None:
            getattr(lib, self._destroy)(self._pointer, None, 0)
        self._pointer = None

    def __enter__(self: _H) -> _H:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._pointer is None else f"handle 0x{self._pointer.value or 0:x}"
        return f"<{type(self).__module__}.{type(self).__qualname__} {state}>"

    def _refuse_copy(self, *_: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} owns a native engine and cannot be copied or pickled: a copy would "
                        f"share the engine, and closing either would leave the other holding a freed handle; "
                        f"make a new {type(self).__name__} instead")

    __copy__ = _refuse_copy
    __deepcopy__ = _refuse_copy
    __reduce__ = _refuse_copy
    __reduce_ex__ = _refuse_copy

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass
_declare("ae_auction_envy_pairs", _status, [
    _i64, _i64, _double_p, _i64_p, _i32_p, _double_p, _double_p, _double_p, _double_p, ctypes.c_double, _i32,
    _i64_p, _i64_p, _double_p, _i64, _i64_p, *_err])


class IdentityOptions(ctypes.Structure):
    """ae_identity_options."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("identity_creation_cost", ctypes.c_double),
        ("proof_of_personhood_required", ctypes.c_int32),
        ("credential_expiry_epochs", ctypes.c_int32),
        ("sybil_detection_enabled", ctypes.c_int32),
        ("max_identities_per_entity", ctypes.c_int32),
        ("behavioral_similarity_threshold", ctypes.c_double),
    ]


class MissionOptions(ctypes.Structure):
    """ae_mission_options."""

    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("min_participants", ctypes.c_int32),
        ("max_active_missions", ctypes.c_int32),
        ("reward_distribution", ctypes.c_int32),
    ]


class MissionEvaluation(ctypes.Structure):
    """ae_mission_evaluation."""

    _fields_ = [
        ("mission_score", ctypes.c_double),
        ("all_objectives_met", ctypes.c_int32),
        ("total_contributions", ctypes.c_int64),
        ("participants", ctypes.c_int64),
        ("status", ctypes.c_int32),
    ]


class MissionInfo(ctypes.Structure):
    """ae_mission_info."""

    _fields_ = [
        ("status", ctypes.c_int32),
        ("coordinator", ctypes.c_int32),
        ("participants", ctypes.c_int64),
        ("contributors", ctypes.c_int64),
        ("reward_pool", ctypes.c_double),
        ("deadline_epoch", ctypes.c_int64),
        ("free_rider_index", ctypes.c_double),
    ]


_declare("ae_sybil_lever_create", _status, [ctypes.c_double, _i32, _i32, _i32, _handle_p, *_err])
_declare("ae_sybil_lever_destroy", _status, [_handle, *_err])
_declare("ae_sybil_lever_record", _status, [_handle, _i64, _i32_p, _i32_p, *_err])
_declare("ae_sybil_lever_detect", _status, [_handle, _i32, _i64_p, _i64_p, *_err])
_declare("ae_sybil_lever_clusters", _status, [_handle, _i32_p, _i64, _i64_p, _i64, _i64_p, *_err])
_declare("ae_sybil_lever_is_flagged", _status, [_handle, _i32, _i32_p, _i64_p, *_err])
_declare("ae_sybil_lever_clear", _status, [_handle, *_err])
_declare("ae_identity_options_default", None, [ctypes.POINTER(IdentityOptions)])
_declare("ae_identity_registry_create", _status, [ctypes.POINTER(IdentityOptions), _handle_p, *_err])
_declare("ae_identity_registry_destroy", _status, [_handle, *_err])
_declare("ae_identity_registry_create_identity", _status, [_handle, _i32, _i64, _i32, _i64, _i32_p, _double_p,
                                                            *_err])
_declare("ae_identity_registry_add_credential", _status, [_handle, _i32, _i64, _i64_p, *_err])
_declare("ae_identity_registry_revoke_credential", _status, [_handle, _i64, *_err])
_declare("ae_identity_registry_trust_scores", _status, [_handle, _i64, _i64, _i32_p, _double_p, _i64_p, _double_p,
                                                         *_err])
_declare("ae_identity_registry_detect_sybils", _status, [
    _handle, _i64, _i64, _i64_p, _i32_p, _double_p, _i32, _i64_p, _i64_p, _i64_p, *_err])
_declare("ae_mission_options_default", None, [ctypes.POINTER(MissionOptions)])
_declare("ae_mission_economy_create", _status, [ctypes.POINTER(MissionOptions), _handle_p, *_err])
_declare("ae_mission_economy_destroy", _status, [_handle, *_err])
_declare("ae_mission_economy_propose", _status, [
    _handle, _i32, _i64, _i32_p, _double_p, _double_p, ctypes.c_double, _i64, _i64_p, *_err])
_declare("ae_mission_economy_join", _status, [_handle, _i32, _i64, _i32_p, *_err])
_declare("ae_mission_economy_record", _status, [_handle, _i32, _i64, _i64, _i32_p, *_err])
_declare("ae_mission_economy_evaluate", _status, [
    _handle, _i64, _i64, _i64_p, _double_p, _u8_p, _i64, ctypes.POINTER(MissionEvaluation), _i64, _double_p,
    *_err])
_declare("ae_mission_economy_distribute", _status, [
    _handle, _i64, _i64, _i64_p, _double_p, _u8_p, _i64, _i32_p, _double_p, _i64_p, *_err])
_declare("ae_mission_economy_expire", _status, [_handle, _i64, _i64, _i64_p, _i64_p, *_err])
_declare("ae_mission_economy_info", _status, [_handle, _i64, ctypes.POINTER(MissionInfo), *_err])


# The thread-count entry points and the threadpoolctl controller, registered whenever the
# library is loaded (so threadpoolctl.threadpool_limits covers its pool).
from . import _threads  # noqa: E402,F401
