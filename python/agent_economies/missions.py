"""Mission rewards and Shapley values over a columnar ledger (numpy arrays in and out).

A ledger: contributors are rows; `offsets[r]:offsets[r + 1]` of `recorded_items` are the
items row r recorded (duplicates kept), each naming a distinct interaction ID by an index
in `0..item_count` (so `item_count` is at most the number of recorded entries). The
interactions are `p`, `accepted` and `interaction_items` (the item of each interaction, or -1
when nobody recorded its ID; when an ID repeats, the last one is the one the reference
finds). `ledger_from_ids` builds these columns from Python IDs.

Options are string enums (`Strategy`, `MissionMetric`, `ShapleyMethod`) whose plain strings
are accepted too; mission statuses come back as `MissionStatus` members, which equal their
strings.

Examples
--------
>>> import numpy as np
>>> from agent_economies import missions
>>> ledger = missions.ledger_from_ids([["a", "b"], ["c"]], ["a", "b", "c"], [0.9, 0.7, 0.2],
...                                   np.array([True, True, False]))
>>> missions.rewards(ledger, 100.0, missions.Strategy.EQUAL).amounts.tolist()
[50.0, 50.0]
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Optional, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._checks import (UINT64_MAX, as_array, as_flags, as_index_array, check_attributes, check_count, check_csr,
                      check_float, check_int, check_int32, check_length, check_names, check_option, check_range,
                      describe)
from ._types import Keyed, OptionEnum, Unpackable

__all__ = [
    "Strategy", "MissionMetric", "ShapleyMethod", "MissionStatus", "STRATEGIES", "METRICS", "METHODS", "STATUSES",
    "Ledger", "Rewards", "ShapleyValues", "Evaluation", "MissionInfo", "AgentRewards", "ledger_from_ids", "rewards",
    "shapley", "Economy",
]


class Strategy(OptionEnum):
    """How a mission's reward pool is split (the strings are accepted too).

    Examples
    --------
    >>> from agent_economies.missions import Strategy
    >>> Strategy.SHAPLEY == "shapley", str(Strategy.LEAVE_ONE_OUT)
    (True, 'leave_one_out')
    """

    EQUAL = "equal"
    """The same share for every contributor."""
    PROPORTIONAL = "proportional"
    """Shares proportional to each contributor's summed p."""
    LEAVE_ONE_OUT = "leave_one_out"
    """The reference's "shapley" rule: each contributor's marginal score, normalised."""
    SHAPLEY = "shapley"
    """The reference's name for `LEAVE_ONE_OUT` (the same rule)."""


class MissionMetric(OptionEnum):
    """The metrics a mission objective can target (the strings are accepted too; an unknown
    name scores 0, as in the reference).

    Examples
    --------
    >>> from agent_economies.missions import MissionMetric
    >>> MissionMetric("avg_p")
    <MissionMetric.AVG_P: 'avg_p'>
    """

    AVG_P = "avg_p"
    """Mean p of the mission's interactions."""
    MIN_P = "min_p"
    """Smallest p."""
    TOTAL_COUNT = "total_count"
    """Number of interactions."""
    ACCEPTANCE_RATE = "acceptance_rate"
    """Fraction accepted."""
    TOTAL_WELFARE = "total_welfare"
    """Summed welfare of the accepted interactions."""


class ShapleyMethod(OptionEnum):
    """How `shapley` computes the values (the strings are accepted too).

    Examples
    --------
    >>> from agent_economies.missions import ShapleyMethod
    >>> [str(method) for method in ShapleyMethod]
    ['automatic', 'exact', 'permutation', 'regression']
    """

    AUTOMATIC = "automatic"
    """Exact for few players, else permutation sampling."""
    EXACT = "exact"
    """Every coalition (standard errors 0)."""
    PERMUTATION = "permutation"
    """Sampled permutations, to `max_permutations` or the target standard error."""
    REGRESSION = "regression"
    """KernelSHAP regression on sampled coalitions (no standard errors: NaN)."""


class MissionStatus(OptionEnum):
    """A mission's lifecycle state; members equal their strings.

    Examples
    --------
    >>> from agent_economies.missions import MissionStatus
    >>> MissionStatus.SUCCEEDED == "succeeded"
    True
    """

    PROPOSED = "proposed"
    ACTIVE = "active"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"


STRATEGIES = {"equal": 0, "proportional": 1, "leave_one_out": 2, "shapley": 2}
"""Reward strategy names and the library's codes."""
METRICS = {"avg_p": 0, "min_p": 1, "total_count": 2, "acceptance_rate": 3, "total_welfare": 4}
"""Objective metric names and the library's codes (an unknown name is code 5 and scores 0)."""
METHODS = {"automatic": 0, "exact": 1, "permutation": 2, "regression": 3}
"""Shapley method names and the library's codes."""
STATUSES = tuple(MissionStatus)
"""Mission statuses by the library's code."""


@dataclass(frozen=True)
class Ledger:
    """A mission ledger as columns (see the module documentation).

    Attributes
    ----------
    offsets : numpy.ndarray of int64, shape (contributors + 1,)
        Row offsets into `recorded_items`.
    recorded_items : numpy.ndarray of int32
        The items each contributor recorded.
    item_count : int
        Distinct recorded interaction IDs.
    p : numpy.ndarray of float64
        P(beneficial) of each interaction.
    accepted : numpy.ndarray of uint8 or bool
        Whether each interaction was accepted.
    interaction_items : numpy.ndarray of int32
        The item of each interaction (-1: recorded by nobody).

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import missions
    >>> ledger = missions.ledger_from_ids([["a"], ["a", "b"]], ["a", "b"], [0.5, 0.9], np.array([True, True]))
    >>> ledger.contributors, ledger.offsets.tolist(), ledger.recorded_items.tolist()
    (2, [0, 1, 3], [0, 0, 1])
    """

    offsets: NDArray[np.int64]
    recorded_items: NDArray[np.int32]
    item_count: int
    p: NDArray[np.float64]
    accepted: NDArray[Any]
    interaction_items: NDArray[np.int32]

    @property
    def contributors(self) -> int:
        """Number of contributor rows."""
        return int(self.offsets.shape[0]) - 1


@dataclass(frozen=True)
class Rewards(Unpackable):
    """What `rewards` returns; unpacks as ``(rows, amounts)``.

    Attributes
    ----------
    rows : numpy.ndarray of int64
        The contributor rows paid, ascending.
    amounts : numpy.ndarray of float64
        What each is paid.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import missions
    >>> ledger = missions.ledger_from_ids([["a"], ["b"]], ["a", "b"], [0.8, 0.2], np.array([True, True]))
    >>> rows, amounts = missions.rewards(ledger, 10.0, "proportional")
    >>> rows.tolist(), amounts.tolist()
    ([0, 1], [8.0, 2.0])
    """

    rows: NDArray[np.int64]
    amounts: NDArray[np.float64]


@dataclass(frozen=True)
class ShapleyValues:
    """Shapley values of the contributor rows `players` (what `shapley` returns).

    Attributes
    ----------
    players : numpy.ndarray of int64
        Contributor rows, ascending.
    values : numpy.ndarray of float64
        Each player's Shapley value (they sum to `grand_value`).
    standard_errors : numpy.ndarray of float64
        0 for exact values, NaN for the regression method.
    grand_value : float
        The value of the grand coalition.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import missions
    >>> ledger = missions.ledger_from_ids([["a"], ["b"]], ["a", "b"], [0.8, 0.2], np.array([True, True]))
    >>> values = missions.shapley(ledger, ["total_count"], [2.0], [1.0], method="exact")
    >>> values.values.tolist(), values.grand_value
    ([0.5, 0.5], 1.0)
    """

    players: NDArray[np.int64]
    values: NDArray[np.float64]
    standard_errors: NDArray[np.float64]
    grand_value: float


@dataclass(frozen=True)
class Evaluation(Keyed):
    """What `Economy.evaluate` returns; ``evaluation["name"]`` reads field ``name`` (the dict
    of earlier versions).

    Attributes
    ----------
    mission_score : float
        The weighted score of the objectives.
    all_objectives_met : bool
        Whether every objective reached its target.
    total_contributions, participants : int
        Contributions recorded and agents in the mission.
    status : MissionStatus
        The mission's status after the evaluation.
    actuals : numpy.ndarray of float64
        Each objective's measured value.

    Examples
    --------
    >>> from agent_economies import missions
    >>> with missions.Economy(min_participants=1) as economy:
    ...     mission = economy.propose(0, ["avg_p"], [0.5], [1.0], reward_pool=100.0, deadline_epoch=3)
    ...     economy.record(0, mission, 42)
    ...     evaluation = economy.evaluate(mission, [42], [0.9], [True], epoch=1)
    True
    >>> evaluation.status, evaluation.actuals.tolist()
    (<MissionStatus.SUCCEEDED: 'succeeded'>, [0.9])
    """

    mission_score: float
    all_objectives_met: bool
    total_contributions: int
    participants: int
    status: MissionStatus
    actuals: NDArray[np.float64]


@dataclass(frozen=True)
class MissionInfo(Keyed):
    """What `Economy.info` returns; ``info["name"]`` reads field ``name`` (the dict of earlier
    versions).

    Attributes
    ----------
    status : MissionStatus
        The mission's status.
    coordinator : int
        The proposing agent's handle.
    participants, contributors : int
        Agents in the mission, and those who recorded a contribution.
    reward_pool : float
        The mission's pool.
    deadline_epoch : int
        The epoch at which it expires.
    free_rider_index : float
        The fraction of participants who contributed nothing.

    Examples
    --------
    >>> from agent_economies import missions
    >>> economy = missions.Economy()
    >>> mission = economy.propose(3, ["avg_p"], [0.5], [1.0], reward_pool=10.0, deadline_epoch=5)
    >>> info = economy.info(mission)
    >>> info.status, info.coordinator, info.deadline_epoch
    (<MissionStatus.PROPOSED: 'proposed'>, 3, 5)
    """

    status: MissionStatus
    coordinator: int
    participants: int
    contributors: int
    reward_pool: float
    deadline_epoch: int
    free_rider_index: float


@dataclass(frozen=True)
class AgentRewards:
    """What `Economy.distribute` returns: the reward of each paid agent handle.

    Attributes
    ----------
    agents : numpy.ndarray of int32
        Agent handles, in the reference's order.
    amounts : numpy.ndarray of float64
        What each is paid.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies.missions import AgentRewards
    >>> AgentRewards(np.array([1, 0], np.int32), np.array([60.0, 40.0])).to_dict()
    {1: 60.0, 0: 40.0}
    """

    agents: NDArray[np.int32]
    amounts: NDArray[np.float64]

    def to_dict(self) -> dict[int, float]:
        """The rewards as a dict.

        Returns
        -------
        dict
            ``{agent handle: amount}`` (the form of earlier versions).
        """
        return dict(zip(self.agents.tolist(), self.amounts.tolist()))


def ledger_from_ids(contributions: Sequence[Sequence[Hashable]], interaction_ids: Sequence[Hashable], p: ArrayLike,
                    accepted: ArrayLike) -> Ledger:
    """A ledger from Python IDs.

    Parameters
    ----------
    contributions : sequence of sequences of hashable
        Each contributor's recorded interaction IDs, in row order.
    interaction_ids : sequence of hashable
        The interactions' IDs.
    p : array_like of float
        P(beneficial) of each interaction.
    accepted : array_like of bool
        Whether each interaction was accepted (a boolean array).

    Returns
    -------
    Ledger
        The columns, items numbered in order of first record.

    Raises
    ------
    TypeError
        For a string where a sequence is expected, unhashable IDs, or non-boolean flags.
    ValueError
        For columns of different lengths.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import missions
    >>> ledger = missions.ledger_from_ids([["x", "y"], ["y"]], ["x", "y", "z"], [0.9, 0.4, 0.5],
    ...                                   np.array([True, False, True]))
    >>> ledger.item_count, ledger.interaction_items.tolist()
    (2, [0, 1, -1])
    """
    _sequence("contributions", contributions, "a sequence of ID lists (one per contributor)")
    _sequence("interaction_ids", interaction_ids, "a sequence of interaction IDs")
    item_of: dict[Hashable, int] = {}
    offsets = np.zeros(len(contributions) + 1, dtype=np.int64)
    recorded: list[int] = []
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


def _sequence(name: str, value: object, what: str) -> None:
    if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"{name}: expected {what}, got {describe(value)}")


def _flags(accepted: ArrayLike, n: int) -> NDArray[np.uint8]:
    return as_flags("accepted", accepted, (n,), strict=True)


_LEDGER_FIELDS = ("offsets", "recorded_items", "item_count", "p", "accepted", "interaction_items")


def _ledger_arguments(ledger: Ledger) -> Tuple[list[Any], Tuple[NDArray[Any], ...]]:
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


def rewards(ledger: Ledger, pool: float, strategy: Union[Strategy, str] = Strategy.LEAVE_ONE_OUT) -> Rewards:
    """The reference's rewards of a ledger's contributors.

    Parameters
    ----------
    ledger : Ledger
        The contributions and interactions.
    pool : float
        The reward pool.
    strategy : Strategy or str, default "leave_one_out"
        "equal", "proportional", or "leave_one_out" (the reference's "shapley"
        approximation; "shapley" is accepted).

    Returns
    -------
    Rewards
        The paid rows and their amounts (unpacks as ``(rows, amounts)``).

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a ledger whose columns do not fit together, a NaN pool, or an
        unknown strategy.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import missions
    >>> ledger = missions.ledger_from_ids([["a", "b"], ["c"]], ["a", "b", "c"], [0.9, 0.7, 0.2],
    ...                                   np.array([True, True, False]))
    >>> paid = missions.rewards(ledger, 100.0, "proportional")
    >>> paid.rows.tolist(), paid.amounts.round(2).tolist()
    ([0, 1], [88.89, 11.11])
    """
    code = check_option("strategy", strategy, STRATEGIES)
    amount = check_float("pool", pool)
    arguments, keep = _ledger_arguments(ledger)
    n = arguments[0]
    rows = np.empty(n, dtype=np.int64)
    amounts = np.empty(n, dtype=np.float64)
    count = ctypes.c_int64()
    _native.call(_native.lib.ae_mission_rewards, code, *arguments, amount,
                 _native.pointer(rows), _native.pointer(amounts), ctypes.byref(count))
    del keep
    return Rewards(rows[:count.value].copy(), amounts[:count.value].copy())


def shapley(ledger: Ledger, metrics: Sequence[Union[MissionMetric, str]], targets: ArrayLike, weights: ArrayLike, *,
            method: Union[ShapleyMethod, str] = ShapleyMethod.AUTOMATIC, max_permutations: int = 1000,
            target_standard_error: Optional[float] = None, round_permutations: int = 64, coalitions: int = 2048,
            seed: int = 0) -> ShapleyValues:
    """Shapley values of the game v(S) = the mission score over the interactions recorded by S.

    Parameters
    ----------
    ledger : Ledger
        The contributions and interactions.
    metrics : sequence of MissionMetric or str
        The objectives' metrics (an unknown name scores 0, as in the reference).
    targets, weights : array_like of float
        One target and one weight per metric.
    method : ShapleyMethod or str, default "automatic"
        "automatic", "exact", "permutation" or "regression".
    max_permutations : int, default 1000
        Permutations the permutation method samples at most.
    target_standard_error : float, optional
        Stop sampling permutations once every standard error is below this.
    round_permutations : int, default 64
        Permutations per round between the stopping checks.
    coalitions : int, default 2048
        Coalitions the regression method samples.
    seed : int, default 0
        The sampling seed (0 .. 2**64 - 1).

    Returns
    -------
    ShapleyValues
        Standard errors are 0 for exact values and NaN for the regression method (which
        estimates none).

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a ledger whose columns do not fit together, objectives of
        different lengths, an unknown method, or sampling options out of range.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import missions
    >>> ledger = missions.ledger_from_ids([["a", "b"], ["c"]], ["a", "b", "c"], [0.9, 0.7, 0.2],
    ...                                   np.array([True, True, False]))
    >>> values = missions.shapley(ledger, [missions.MissionMetric.AVG_P], [0.5], [1.0], method="exact")
    >>> values.players.tolist(), values.values.round(6).tolist(), values.standard_errors.tolist()
    ([0, 1], [0.8, 0.2], [0.0, 0.0])
    """
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
    return ShapleyValues(players[:k].copy(), values[:k].copy(), errors[:k].copy(), float(grand.value))


def _objectives(metrics: object, targets: ArrayLike, weights: ArrayLike
                ) -> Tuple[NDArray[np.int32], NDArray[np.float64], NDArray[np.float64]]:
    """Metric codes (an unknown name scores 0, as in the reference), targets and weights, one
    per objective."""
    codes = np.asarray([METRICS.get(m, 5) for m in check_names("metrics", metrics)], dtype=np.int32)
    target_column = as_array(targets, np.float64, "targets", 1)
    weight_column = as_array(weights, np.float64, "weights", 1)
    check_length("targets", target_column, codes.shape[0], "one per metric")
    check_length("weights", weight_column, codes.shape[0], "one per metric")
    return codes, target_column, weight_column


class Economy(_native.Handle):
    """A mission economy on agent and interaction handles (ints) with the reference's
    lifecycle; evaluations and rewards take interaction columns (ids, p, accepted).

    Parameters
    ----------
    min_participants : int, default 2
        Participants that activate a mission, >= 1 (SWARM's ``MissionConfig`` bound).
    max_active_missions : int, default 5
        Open missions at once, >= 1 (SWARM's bound).
    reward_distribution : Strategy or str, default "proportional"
        The strategy `distribute` uses.

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a value of the wrong kind or out of range, or an unknown
        strategy.

    Examples
    --------
    >>> from agent_economies import missions
    >>> with missions.Economy(min_participants=1) as economy:
    ...     mission = economy.propose(0, ["avg_p"], [0.5], [1.0], reward_pool=100.0, deadline_epoch=3)
    ...     economy.join(1, mission), economy.record(1, mission, 42), economy.record(0, mission, 43)
    ...     economy.evaluate(mission, [42, 43], [0.9, 0.6], [True, True], epoch=1).status
    ...     economy.distribute(mission, [42, 43], [0.9, 0.6], [True, True]).to_dict()
    (True, True, True)
    <MissionStatus.SUCCEEDED: 'succeeded'>
    {1: 60.0, 0: 40.0}
    """

    _destroy = "ae_mission_economy_destroy"

    def __init__(self, *, min_participants: int = 2, max_active_missions: int = 5,
                 reward_distribution: Union[Strategy, str] = Strategy.PROPORTIONAL) -> None:
        options = _native.MissionOptions(ctypes.sizeof(_native.MissionOptions),
                                         check_int32("min_participants", min_participants, low=1),
                                         check_int32("max_active_missions", max_active_missions, low=1),
                                         check_option("reward_distribution", reward_distribution, STRATEGIES))
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_mission_economy_create, ctypes.byref(options), ctypes.byref(pointer))
        super().__init__(pointer)
        # Objective counts by mission handle. A proposal's native call and its append happen
        # under this lock, so entry m is mission m's count even when threads propose at once.
        self._objectives: list[int] = []
        self._lock = threading.Lock()

    def propose(self, coordinator: int, metrics: Sequence[Union[MissionMetric, str]], targets: ArrayLike,
                weights: ArrayLike, reward_pool: float, deadline_epoch: int) -> Optional[int]:
        """Proposes a mission.

        Parameters
        ----------
        coordinator : int
            The proposing agent's handle.
        metrics : sequence of MissionMetric or str
            The objectives' metrics.
        targets, weights : array_like of float
            One target and one weight per metric.
        reward_pool : float
            The mission's pool (a pool <= 0 is refused, as in the reference).
        deadline_epoch : int
            The epoch at which it expires.

        Returns
        -------
        int or None
            The new mission's handle, or None when refused (too many open missions, or an
            empty pool).
        """
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
        return int(handle.value)

    def join(self, agent: int, mission: int) -> bool:
        """Adds an agent to a mission.

        Parameters
        ----------
        agent : int
            The agent's handle.
        mission : int
            The mission's handle.

        Returns
        -------
        bool
            Whether it joined (it must be open and the agent not in it yet).
        """
        joined = ctypes.c_int32()
        _native.call(_native.lib.ae_mission_economy_join, self.pointer, check_int32("agent", agent),
                     check_int("mission", mission), ctypes.byref(joined))
        return bool(joined.value)

    def record(self, agent: int, mission: int, interaction: int) -> bool:
        """Records an agent's contribution to an active mission.

        Parameters
        ----------
        agent : int
            The agent's handle (a participant).
        mission : int
            The mission's handle.
        interaction : int
            The interaction's handle.

        Returns
        -------
        bool
            Whether the contribution was recorded.
        """
        recorded = ctypes.c_int32()
        _native.call(_native.lib.ae_mission_economy_record, self.pointer, check_int32("agent", agent),
                     check_int("mission", mission), check_int("interaction", interaction), ctypes.byref(recorded))
        return bool(recorded.value)

    @staticmethod
    def _interactions(ids: ArrayLike, p: ArrayLike, accepted: ArrayLike
                      ) -> Tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.uint8]]:
        id_column = as_array(ids, np.int64, "interaction_ids", 1)
        p_column = as_array(p, np.float64, "p", 1)
        check_length("p", p_column, id_column.shape[0], "one per interaction ID")
        flags = _flags(accepted, id_column.shape[0])
        return id_column, p_column, flags

    def evaluate(self, mission: int, ids: ArrayLike, p: ArrayLike, accepted: ArrayLike, epoch: int = 0) -> Evaluation:
        """Evaluates a mission against the interactions.

        Parameters
        ----------
        mission : int
            The mission's handle.
        ids : array_like of int
            Interaction handles.
        p : array_like of float
            P(beneficial) of each interaction.
        accepted : array_like of bool
            Whether each was accepted (booleans).
        epoch : int, default 0
            The current epoch.

        Returns
        -------
        Evaluation
        """
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
        return Evaluation(float(record.mission_score), bool(record.all_objectives_met), int(record.total_contributions),
                          int(record.participants), STATUSES[record.status], actuals[:objectives])

    def distribute(self, mission: int, ids: ArrayLike, p: ArrayLike, accepted: ArrayLike) -> AgentRewards:
        """The rewards of a succeeded mission by the economy's strategy.

        Parameters
        ----------
        mission : int
            The mission's handle.
        ids : array_like of int
            Interaction handles.
        p : array_like of float
            P(beneficial) of each interaction.
        accepted : array_like of bool
            Whether each was accepted (booleans).

        Returns
        -------
        AgentRewards
            Agent handles and amounts (``to_dict()`` gives ``{agent: amount}``).
        """
        mission = check_int("mission", mission)
        id_column, p_column, flags = self._interactions(ids, p, accepted)
        capacity = self.info(mission).contributors
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
                return AgentRewards(agents[:count.value].copy(), amounts[:count.value].copy())
            capacity = count.value

    def expire(self, epoch: int) -> list[int]:
        """Expires the open missions whose deadline is at or before `epoch`.

        Parameters
        ----------
        epoch : int
            The current epoch.

        Returns
        -------
        list of int
            The expired missions' handles.
        """
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
                handles: list[int] = expired[:count.value].tolist()
                return handles
            capacity = count.value

    def info(self, mission: int) -> MissionInfo:
        """A mission's status, coordinator, counts, pool, deadline and free-rider index.

        Parameters
        ----------
        mission : int
            The mission's handle.

        Returns
        -------
        MissionInfo
        """
        record = _native.MissionInfo()
        _native.call(_native.lib.ae_mission_economy_info, self.pointer, check_int("mission", mission),
                     ctypes.byref(record))
        return MissionInfo(STATUSES[record.status], int(record.coordinator), int(record.participants),
                           int(record.contributors), float(record.reward_pool), int(record.deadline_epoch),
                           float(record.free_rider_index))
