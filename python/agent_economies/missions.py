"""Mission rewards and Shapley values over a columnar ledger (numpy arrays in and out).

A ledger: contributors are rows; `offsets[r]:offsets[r + 1]` of `recorded_items` are the
items row r recorded (duplicates kept), each naming a distinct interaction ID by an index
in `0..item_count` (so `item_count` is at most the number of recorded entries). The interactions are `p`, `accepted` and `interaction_items` (the item
of each interaction, or -1 when nobody recorded its ID; when an ID repeats, the last one is
the one the reference finds). `ledger_from_ids` builds these columns from Python IDs.
"""

import ctypes
import threading
from dataclasses import dataclass

import numpy as np

from . import _native
from ._checks import (UINT64_MAX, as_array, as_flags, as_index_array, check_attributes, check_count, check_csr,
                      check_float, check_int, check_int32, check_length, check_names, check_option, check_range,
                      describe)

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
    _sequence("contributions", contributions, "a sequence of ID lists (one per contributor)")
    _sequence("interaction_ids", interaction_ids, "a sequence of interaction IDs")
    item_of = {}
    offsets = np.zeros(len(contributions) + 1, dtype=np.int64)
    recorded = []
    for row, ids in enumerate(contributions):
        if isinstance(ids, (str, bytes)):
            raise TypeError(f"contributions[{row}]: expected a sequence of IDs, got {describe(ids)}")
        try:
            for identifier in ids:
                item = item_of.get(identifier)
                if item is None:
                    item = item_of[identifier] = len(item_of)
                recorded.append(item)
        except TypeError as error:
            raise TypeError(f"contributions[{row}]: expected a sequence of hashable IDs, got {describe(ids)} "
                            f"({error})") from None
        offsets[row + 1] = len(recorded)
    try:
        items = np.fromiter((item_of.get(i, -1) for i in interaction_ids), dtype=np.int32, count=len(interaction_ids))
    except TypeError as error:
        raise TypeError(f"interaction_ids: IDs must be hashable ({error})") from None
    column = as_array(p, np.float64, "p", 1)
    check_length("p", column, len(interaction_ids), "one per interaction ID")
    return Ledger(offsets, np.asarray(recorded, dtype=np.int32), len(item_of), column,
                  _flags(accepted, len(interaction_ids)), items)


def _sequence(name, value, what):
    if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name}: expected {what}, got {describe(value)}")


def _flags(accepted, n):
    return as_flags("accepted", accepted, (n,), strict=True)


_LEDGER_FIELDS = ("offsets", "recorded_items", "item_count", "p", "accepted", "interaction_items")


def _ledger_arguments(ledger):
    """The ledger's columns, checked against each other, as the C arguments (and the arrays
    to keep alive during the call)."""
    check_attributes("ledger", ledger, _LEDGER_FIELDS, "a missions.Ledger")
    offsets = as_array(ledger.offsets, np.int64, "offsets", 1)
    recorded = as_array(ledger.recorded_items, np.int32, "recorded_items", 1)
    check_csr("offsets", offsets, "recorded_items", recorded, exact=False)
    entries = int(offsets[-1])
    item_count = check_count("item_count", ledger.item_count)
    if item_count > entries:
        # Every item is a recorded interaction ID, so there are at most as many items as
        # recorded entries (and the library allocates per item).
        raise ValueError(f"item_count: must be at most the {entries} recorded entries (offsets[-1]; every item is a "
                         f"recorded interaction ID), got {item_count}")
    check_range("recorded_items", recorded[:entries], 0, item_count, "item")
    p = as_array(ledger.p, np.float64, "p", 1)
    flags = as_flags("accepted", ledger.accepted, p.shape, strict=False)
    items = as_index_array("interaction_items", ledger.interaction_items, item_count, lower=-1, what="item")
    check_length("interaction_items", items, p.shape[0], "one per p")
    keep = (offsets, recorded, p, flags, items)
    arguments = [offsets.shape[0] - 1, _native.pointer(offsets), _native.pointer(recorded), item_count,
                 p.shape[0], _native.pointer(p), flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)),
                 _native.pointer(items)]
    return arguments, keep


def rewards(ledger, pool, strategy="leave_one_out"):
    """The reference's rewards: (paid rows, amounts). Strategies: "equal", "proportional",
    "leave_one_out" (the reference's "shapley" approximation; "shapley" is accepted)."""
    code = check_option("strategy", strategy, STRATEGIES)
    pool = check_float("pool", pool)
    arguments, keep = _ledger_arguments(ledger)
    n = arguments[0]
    rows = np.empty(n, dtype=np.int64)
    amounts = np.empty(n, dtype=np.float64)
    count = ctypes.c_int64()
    _native.call(_native.lib.ae_mission_rewards, code, *arguments, pool,
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
    reference), with one target and one weight each; `method` is "automatic", "exact",
    "permutation" or "regression". Standard errors are 0 for exact values and NaN for the
    regression method (which estimates none)."""
    options = _native.ShapleyOptions()
    _native.lib.ae_shapley_options_default(ctypes.byref(options))
    options.method = check_option("method", method, METHODS)
    codes, target_column, weight_column = _objectives(metrics, targets, weights)
    options.max_permutations = check_int("max_permutations", max_permutations)
    options.target_standard_error = (0.0 if target_standard_error is None
                                     else check_float("target_standard_error", target_standard_error))
    options.round_permutations = check_int("round_permutations", round_permutations)
    options.coalitions = check_int("coalitions", coalitions)
    options.seed = check_int("seed", seed, 0, UINT64_MAX)
    arguments, keep = _ledger_arguments(ledger)
    n = arguments[0]
    players, values, errors = np.empty(n, np.int64), np.empty(n, np.float64), np.empty(n, np.float64)
    # The regression method estimates no standard errors: they come back NaN, and the library
    # gets no buffer for them (ae_mission_shapley would index past the empty list it has).
    regression = options.method == METHODS["regression"]
    if regression:
        errors.fill(np.nan)
    count, grand = ctypes.c_int64(), ctypes.c_double()
    _native.call(_native.lib.ae_mission_shapley, *arguments, codes.shape[0], _native.pointer(codes),
                 _native.pointer(target_column), _native.pointer(weight_column), ctypes.byref(options),
                 _native.pointer(players), _native.pointer(values), None if regression else _native.pointer(errors),
                 ctypes.byref(count), ctypes.byref(grand))
    del keep
    k = count.value
    return ShapleyValues(players[:k].copy(), values[:k].copy(), errors[:k].copy(), grand.value)


def _objectives(metrics, targets, weights):
    """Metric codes (an unknown name scores 0, as in the reference), targets and weights, one
    per objective."""
    codes = np.asarray([METRICS.get(m, 5) for m in check_names("metrics", metrics)], dtype=np.int32)
    target_column = as_array(targets, np.float64, "targets", 1)
    weight_column = as_array(weights, np.float64, "weights", 1)
    check_length("targets", target_column, codes.shape[0], "one per metric")
    check_length("weights", weight_column, codes.shape[0], "one per metric")
    return codes, target_column, weight_column


STATUSES = ("proposed", "active", "succeeded", "failed", "expired")


class Economy(_native.Handle):
    """A mission economy on agent and interaction handles (ints) with the reference's
    lifecycle; evaluations and rewards take interaction columns (ids, p, accepted)."""

    _destroy = "ae_mission_economy_destroy"

    def __init__(self, *, min_participants=2, max_active_missions=5, reward_distribution="proportional"):
        options = _native.MissionOptions(ctypes.sizeof(_native.MissionOptions),
                                         check_int32("min_participants", min_participants),
                                         check_int32("max_active_missions", max_active_missions),
                                         check_option("reward_distribution", reward_distribution, STRATEGIES))
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_mission_economy_create, ctypes.byref(options), ctypes.byref(pointer))
        super().__init__(pointer)
        # Objective counts by mission handle. A proposal's native call and its append happen
        # under this lock, so entry m is mission m's count even when threads propose at once.
        self._objectives = []
        self._lock = threading.Lock()

    def propose(self, coordinator, metrics, targets, weights, reward_pool, deadline_epoch):
        """A new mission's handle, or None when refused."""
        coordinator = check_int32("coordinator", coordinator)
        codes, target_column, weight_column = _objectives(metrics, targets, weights)
        reward_pool = check_float("reward_pool", reward_pool)
        deadline_epoch = check_int("deadline_epoch", deadline_epoch)
        handle = ctypes.c_int64()
        with self._lock:
            _native.call(_native.lib.ae_mission_economy_propose, self.pointer, coordinator, codes.shape[0],
                         _native.pointer(codes), _native.pointer(target_column), _native.pointer(weight_column),
                         reward_pool, deadline_epoch, ctypes.byref(handle))
            if handle.value < 0:
                return None
            self._objectives.append(codes.shape[0])
        return handle.value

    def join(self, agent, mission):
        """Whether the agent joined."""
        joined = ctypes.c_int32()
        _native.call(_native.lib.ae_mission_economy_join, self.pointer, check_int32("agent", agent),
                     check_int("mission", mission), ctypes.byref(joined))
        return bool(joined.value)

    def record(self, agent, mission, interaction):
        """Whether the contribution was recorded."""
        recorded = ctypes.c_int32()
        _native.call(_native.lib.ae_mission_economy_record, self.pointer, check_int32("agent", agent),
                     check_int("mission", mission), check_int("interaction", interaction), ctypes.byref(recorded))
        return bool(recorded.value)

    @staticmethod
    def _interactions(ids, p, accepted):
        id_column = as_array(ids, np.int64, "interaction_ids", 1)
        p_column = as_array(p, np.float64, "p", 1)
        check_length("p", p_column, id_column.shape[0], "one per interaction ID")
        flags = _flags(accepted, id_column.shape[0])
        return id_column, p_column, flags

    def evaluate(self, mission, ids, p, accepted, epoch=0):
        """The evaluation as a dict (mission_score, all_objectives_met, total_contributions,
        participants, status, actuals)."""
        mission = check_int("mission", mission)
        id_column, p_column, flags = self._interactions(ids, p, accepted)
        epoch = check_int("epoch", epoch)
        record = _native.MissionEvaluation()
        with self._lock:
            objectives = self._objectives[mission] if 0 <= mission < len(self._objectives) else 0
        # One slot at least, so the library always gets a buffer and checks its capacity
        # against the mission's own objective count (a mission proposed after the read above
        # is refused with a capacity error instead of written past the end).
        actuals = np.empty(max(objectives, 1), np.float64)
        _native.call(_native.lib.ae_mission_economy_evaluate, self.pointer, mission, id_column.shape[0],
                     _native.pointer(id_column), _native.pointer(p_column),
                     flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), epoch, ctypes.byref(record),
                     objectives, _native.pointer(actuals))
        result = {name: getattr(record, name) for name, _ in record._fields_}
        result["all_objectives_met"] = bool(result["all_objectives_met"])
        result["status"] = STATUSES[result["status"]]
        result["actuals"] = actuals[:objectives]
        return result

    def distribute(self, mission, ids, p, accepted):
        """{agent handle: reward} of a succeeded mission by the economy's strategy."""
        mission = check_int("mission", mission)
        id_column, p_column, flags = self._interactions(ids, p, accepted)
        capacity = self.info(mission)["contributors"]
        count = ctypes.c_int64()
        while True:
            # Contributors recorded by another thread after the read above make the library
            # refuse with the capacity it needs (it writes nothing): try again with that.
            agents, amounts = np.empty(capacity, np.int32), np.empty(capacity, np.float64)
            status, error = _native.call_status(
                _native.lib.ae_mission_economy_distribute, self.pointer, mission, id_column.shape[0],
                _native.pointer(id_column), _native.pointer(p_column),
                flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), capacity, _native.pointer(agents),
                _native.pointer(amounts), ctypes.byref(count))
            if status != _native.ERROR_CAPACITY:
                _native.check(status, error)
                return dict(zip(agents[:count.value].tolist(), amounts[:count.value].tolist()))
            capacity = count.value

    def expire(self, epoch):
        """Expires open missions whose deadline is <= epoch; returns their handles."""
        epoch = check_int("epoch", epoch)
        with self._lock:
            capacity = len(self._objectives)
        count = ctypes.c_int64()
        while True:
            # When missions proposed since the read above are due too, the library expires
            # nothing and reports the capacity it needs: try again with that.
            expired = np.empty(capacity, np.int64)
            status, error = _native.call_status(_native.lib.ae_mission_economy_expire, self.pointer, epoch, capacity,
                                                _native.pointer(expired), ctypes.byref(count))
            if status != _native.ERROR_CAPACITY:
                _native.check(status, error)
                return expired[:count.value].tolist()
            capacity = count.value

    def info(self, mission):
        """status, coordinator, participants, contributors, reward_pool, deadline_epoch, free_rider_index."""
        record = _native.MissionInfo()
        _native.call(_native.lib.ae_mission_economy_info, self.pointer, check_int("mission", mission),
                     ctypes.byref(record))
        result = {name: getattr(record, name) for name, _ in record._fields_}
        result["status"] = STATUSES[result["status"]]
        return result
