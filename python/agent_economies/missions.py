"""Mission rewards and Shapley values over a columnar ledger (numpy arrays in and out).

A ledger: contributors are rows; `offsets[r]:offsets[r + 1]` of `recorded_items` are the
items row r recorded (duplicates kept), each naming a distinct interaction ID by an index
in `0..item_count`. The interactions are `p`, `accepted` and `interaction_items` (the item
of each interaction, or -1 when nobody recorded its ID; when an ID repeats, the last one is
the one the reference finds). `ledger_from_ids` builds these columns from Python IDs.
"""

import ctypes
from dataclasses import dataclass

import numpy as np

from . import _native

STRATEGIES = {"equal": 0, "proportional": 1, "leave_one_out": 2, "shapley": 2}
METRICS = {"avg_p": 0, "min_p": 1, "total_count": 2, "acceptance_rate": 3, "total_welfare": 4}
METHODS = {"automatic": 0, "exact": 1, "permutation": 2, "regression": 3}


@dataclass(frozen=True)
class Ledger:
    """A mission ledger as columns (see the module documentation)."""

    offsets: np.ndarray
    recorded_items: np.ndarray
    item_count: int
    p: np.ndarray
    accepted: np.ndarray
    interaction_items: np.ndarray

    @property
    def contributors(self):
        """Number of contributor rows."""
        return self.offsets.shape[0] - 1


def ledger_from_ids(contributions, interaction_ids, p, accepted):
    """A ledger from `contributions` (a sequence of per-contributor ID lists, in row order)
    and the interactions' IDs, p and accepted flags."""
    item_of = {}
    offsets = np.zeros(len(contributions) + 1, dtype=np.int64)
    recorded = []
    for row, ids in enumerate(contributions):
        for identifier in ids:
            item = item_of.get(identifier)
            if item is None:
                item = item_of[identifier] = len(item_of)
            recorded.append(item)
        offsets[row + 1] = len(recorded)
    items = np.fromiter((item_of.get(i, -1) for i in interaction_ids), dtype=np.int32, count=len(interaction_ids))
    return Ledger(offsets, np.asarray(recorded, dtype=np.int32), len(item_of),
                  _native.as_array(p, np.float64, "p", 1), _flags(accepted, len(interaction_ids)), items)


def _flags(accepted, n):
    flags = np.asarray(accepted)
    if flags.dtype != np.bool_:
        raise TypeError(f"accepted must be a boolean array, got dtype {flags.dtype}")
    if flags.shape != (n,):
        raise ValueError(f"accepted must have {n} entries, got shape {flags.shape}")
    return np.ascontiguousarray(flags).view(np.uint8)


def _ledger_arguments(ledger):
    offsets = _native.as_array(ledger.offsets, np.int64, "offsets", 1)
    if offsets.shape[0] < 1:
        raise ValueError("offsets must have at least one entry (contributors + 1)")
    recorded = _native.as_array(ledger.recorded_items, np.int32, "recorded_items", 1)
    p = _native.as_array(ledger.p, np.float64, "p", 1)
    flags = np.ascontiguousarray(np.asarray(ledger.accepted).astype(np.uint8, copy=False))
    items = _native.as_array(ledger.interaction_items, np.int32, "interaction_items", 1)
    for name, column in (("accepted", flags), ("interaction_items", items)):
        if column.shape[0] != p.shape[0]:
            raise ValueError(f"{name} must have {p.shape[0]} entries (one per p), got {column.shape[0]}")
    if recorded.shape[0] < int(offsets[-1]):
        raise ValueError(f"recorded_items must have offsets[-1] = {int(offsets[-1])} entries, got {recorded.shape[0]}")
    keep = (offsets, recorded, p, flags, items)
    arguments = [offsets.shape[0] - 1, _native.pointer(offsets), _native.pointer(recorded), int(ledger.item_count),
                 p.shape[0], _native.pointer(p), flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)),
                 _native.pointer(items)]
    return arguments, keep


def rewards(ledger, pool, strategy="leave_one_out"):
    """The reference's rewards: (paid rows, amounts). Strategies: "equal", "proportional",
    "leave_one_out" (the reference's "shapley" approximation; "shapley" is accepted)."""
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {sorted(STRATEGIES)}, got {strategy!r}")
    arguments, keep = _ledger_arguments(ledger)
    n = arguments[0]
    rows = np.empty(n, dtype=np.int64)
    amounts = np.empty(n, dtype=np.float64)
    count = ctypes.c_int64()
    _native.call(_native.lib.ae_mission_rewards, STRATEGIES[strategy], *arguments, float(pool),
                 _native.pointer(rows), _native.pointer(amounts), ctypes.byref(count))
    del keep
    return rows[:count.value].copy(), amounts[:count.value].copy()


@dataclass(frozen=True)
class ShapleyValues:
    """Shapley values of the contributor rows `players` (ascending)."""

    players: np.ndarray
    values: np.ndarray
    standard_errors: np.ndarray
    grand_value: float


def shapley(ledger, metrics, targets, weights, *, method="automatic", max_permutations=1000,
            target_standard_error=None, round_permutations=64, coalitions=2048, seed=0):
    """Shapley values of the game v(S) = the mission score over the interactions recorded by S.

    `metrics` are the reference's metric names (an unknown name scores 0, as in the
    reference); `method` is "automatic", "exact", "permutation" or "regression"."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    codes = np.asarray([METRICS.get(m, 5) for m in metrics], dtype=np.int32)
    target_column = _native.as_array(targets, np.float64, "targets", 1)
    weight_column = _native.as_array(weights, np.float64, "weights", 1)
    options = _native.ShapleyOptions()
    _native.lib.ae_shapley_options_default(ctypes.byref(options))
    options.method = METHODS[method]
    options.max_permutations = int(max_permutations)
    options.target_standard_error = 0.0 if target_standard_error is None else float(target_standard_error)
    options.round_permutations = int(round_permutations)
    options.coalitions = int(coalitions)
    options.seed = int(seed)
    arguments, keep = _ledger_arguments(ledger)
    n = arguments[0]
    players, values, errors = np.empty(n, np.int64), np.empty(n, np.float64), np.empty(n, np.float64)
    count, grand = ctypes.c_int64(), ctypes.c_double()
    _native.call(_native.lib.ae_mission_shapley, *arguments, codes.shape[0], _native.pointer(codes),
                 _native.pointer(target_column), _native.pointer(weight_column), ctypes.byref(options),
                 _native.pointer(players), _native.pointer(values), _native.pointer(errors), ctypes.byref(count),
                 ctypes.byref(grand))
    del keep
    k = count.value
    return ShapleyValues(players[:k].copy(), values[:k].copy(), errors[:k].copy(), grand.value)
