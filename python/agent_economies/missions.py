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


STATUSES = ("proposed", "active", "succeeded", "failed", "expired")


class Economy(_native.Handle):
    """A mission economy on agent and interaction handles (ints) with the reference's
    lifecycle; evaluations and rewards take interaction columns (ids, p, accepted)."""

    _destroy = "ae_mission_economy_destroy"

    def __init__(self, *, min_participants=2, max_active_missions=5, reward_distribution="proportional"):
        if reward_distribution not in STRATEGIES:
            raise ValueError(f"reward_distribution must be one of {sorted(STRATEGIES)}, got {reward_distribution!r}")
        options = _native.MissionOptions(int(min_participants), int(max_active_missions),
                                         STRATEGIES[reward_distribution])
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_mission_economy_create, ctypes.byref(options), ctypes.byref(pointer))
        super().__init__(pointer)
        self._objectives = []

    def propose(self, coordinator, metrics, targets, weights, reward_pool, deadline_epoch):
        """A new mission's handle, or None when refused."""
        codes = np.asarray([METRICS.get(m, 5) for m in metrics], dtype=np.int32)
        target_column = _native.as_array(targets, np.float64, "targets", 1)
        weight_column = _native.as_array(weights, np.float64, "weights", 1)
        handle = ctypes.c_int64()
        _native.call(_native.lib.ae_mission_economy_propose, self.pointer, int(coordinator), codes.shape[0],
                     _native.pointer(codes), _native.pointer(target_column), _native.pointer(weight_column),
                     float(reward_pool), int(deadline_epoch), ctypes.byref(handle))
        if handle.value < 0:
            return None
        self._objectives.append(codes.shape[0])
        return handle.value

    def join(self, agent, mission):
        """Whether the agent joined."""
        joined = ctypes.c_int32()
        _native.call(_native.lib.ae_mission_economy_join, self.pointer, int(agent), int(mission), ctypes.byref(joined))
        return bool(joined.value)

    def record(self, agent, mission, interaction):
        """Whether the contribution was recorded."""
        recorded = ctypes.c_int32()
        _native.call(_native.lib.ae_mission_economy_record, self.pointer, int(agent), int(mission), int(interaction),
                     ctypes.byref(recorded))
        return bool(recorded.value)

    @staticmethod
    def _interactions(ids, p, accepted):
        id_column = _native.as_array(ids, np.int64, "interaction_ids", 1)
        p_column = _native.as_array(p, np.float64, "p", 1)
        flags = _flags(accepted, id_column.shape[0])
        if p_column.shape[0] != id_column.shape[0]:
            raise ValueError(f"p must have {id_column.shape[0]} entries (one per id), got {p_column.shape[0]}")
        return id_column, p_column, flags

    def evaluate(self, mission, ids, p, accepted, epoch=0):
        """The evaluation as a dict (mission_score, all_objectives_met, total_contributions,
        participants, status, actuals)."""
        id_column, p_column, flags = self._interactions(ids, p, accepted)
        record = _native.MissionEvaluation()
        objectives = self._objectives[mission] if 0 <= mission < len(self._objectives) else 0
        actuals = np.empty(objectives, np.float64)
        _native.call(_native.lib.ae_mission_economy_evaluate, self.pointer, int(mission), id_column.shape[0],
                     _native.pointer(id_column), _native.pointer(p_column),
                     flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), int(epoch), ctypes.byref(record),
                     _native.pointer(actuals))
        result = {name: getattr(record, name) for name, _ in record._fields_}
        result["all_objectives_met"] = bool(result["all_objectives_met"])
        result["status"] = STATUSES[result["status"]]
        result["actuals"] = actuals
        return result

    def distribute(self, mission, ids, p, accepted):
        """{agent handle: reward} of a succeeded mission by the economy's strategy."""
        id_column, p_column, flags = self._interactions(ids, p, accepted)
        info = self.info(mission)
        capacity = info["contributors"]
        agents, amounts = np.empty(capacity, np.int32), np.empty(capacity, np.float64)
        count = ctypes.c_int64()
        _native.call(_native.lib.ae_mission_economy_distribute, self.pointer, int(mission), id_column.shape[0],
                     _native.pointer(id_column), _native.pointer(p_column),
                     flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), capacity, _native.pointer(agents),
                     _native.pointer(amounts), ctypes.byref(count))
        return dict(zip(agents[:count.value].tolist(), amounts[:count.value].tolist()))

    def expire(self, epoch):
        """Expires open missions whose deadline is <= epoch; returns their handles."""
        expired = np.empty(len(self._objectives), np.int64)
        count = ctypes.c_int64()
        _native.call(_native.lib.ae_mission_economy_expire, self.pointer, int(epoch), expired.shape[0],
                     _native.pointer(expired), ctypes.byref(count))
        return expired[:count.value].tolist()

    def info(self, mission):
        """status, coordinator, participants, contributors, reward_pool, deadline_epoch, free_rider_index."""
        record = _native.MissionInfo()
        _native.call(_native.lib.ae_mission_economy_info, self.pointer, int(mission), ctypes.byref(record))
        result = {name: getattr(record, name) for name, _ in record._fields_}
        result["status"] = STATUSES[result["status"]]
        return result
