"""The Dworkin auction on a columnar market (numpy arrays in, numpy arrays out).

Agents are rows and resources columns of a valuation matrix; `run_market` runs the whole
auction (the solver, normalisation to supply, the equilibrium certificate and the envy
check) in one native call and returns a frozen `MarketResult`.

Examples
--------
>>> import numpy as np
>>> from agent_economies import auction
>>> valuations = np.array([[3.0, 1.0], [1.0, 3.0]])
>>> result = auction.run_market(valuations, [5.0, 5.0], [2.0, 2.0], solver="competitive_equilibrium")
>>> result.converged, result.is_envy_free, result.prices.tolist()
(True, True, [2.5, 2.5])
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Iterator, Optional, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._checks import (as_array, as_flags, check_attributes, check_csr, check_int, check_int32,
                      check_length, check_nonnegative, check_option, check_positive, check_rate)
from ._types import OptionEnum, Unpackable

__all__ = ["Solver", "MarketResult", "EnvyPairs", "run_market", "envy_pairs"]


class Solver(OptionEnum):
    """The price solver of `run_market` (the strings are accepted too).

    Examples
    --------
    >>> from agent_economies.auction import Solver
    >>> [str(solver) for solver in Solver]
    ['tatonnement', 'competitive_equilibrium']
    """

    TATONNEMENT = "tatonnement"
    """SWARM's tatonnement: prices move by ``price_adjustment_rate`` times the excess demand."""
    COMPETITIVE_EQUILIBRIUM = "competitive_equilibrium"
    """A competitive equilibrium of the Fisher market (Eisenberg-Gale), then the reference's
    spending rule at those prices."""


_SOLVERS = {Solver.TATONNEMENT.value: 0, Solver.COMPETITIVE_EQUILIBRIUM.value: 1}


@dataclass(frozen=True)
class MarketResult:
    """What `run_market` returns; agents and resources are row and column indices.

    Attributes
    ----------
    prices : numpy.ndarray of float64, shape (resources,)
        Clearing prices.
    utilities, prices_paid : numpy.ndarray of float64, shape (agents,)
        Each agent's utility and spending.
    converged : bool
        Whether the solver met its tolerance within its rounds.
    rounds : int
        Rounds (or iterations) the solver took.
    total_utility : float
        Sum of the utilities.
    envy_violation_count : int
        Ordered pairs (a, b) where a values b's bundle more than its own by more than the
        envy tolerance.
    envy_per_agent : numpy.ndarray of int64, shape (agents,)
        Violations per envious agent.
    largest_envy_gap, max_excess, equilibrium_gap : float
        The largest envy gap, the largest excess demand, and the equilibrium certificate's gap.
    bundle_indptr : numpy.ndarray of int64, shape (agents + 1,)
        CSR offsets of the bundles; row a is ``bundle_indices[bundle_indptr[a]:bundle_indptr[a + 1]]``.
    bundle_indices : numpy.ndarray of int32
        Resources of each bundle, in the agent's buying order.
    bundle_quantities : numpy.ndarray of float64
        Quantities, one per bundle index.
    envy_indptr, envy_indices, envy_gaps : numpy.ndarray or None
        The violations in CSR by envious agent (only with ``envy_list=True``).

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import auction
    >>> result = auction.run_market(np.array([[3.0, 1.0], [1.0, 3.0]]), [5.0, 5.0], [2.0, 2.0])
    >>> result.prices.shape, result.bundle_indptr.tolist(), result.bundle_indices.tolist()
    ((2,), [0, 2, 4], [0, 1, 1, 0])
    >>> result.rounds = 0
    Traceback (most recent call last):
    ...
    dataclasses.FrozenInstanceError: cannot assign to field 'rounds'
    """

    prices: NDArray[np.float64]
    utilities: NDArray[np.float64]
    prices_paid: NDArray[np.float64]
    converged: bool
    rounds: int
    total_utility: float
    envy_violation_count: int
    envy_per_agent: NDArray[np.int64]
    largest_envy_gap: float
    max_excess: float
    equilibrium_gap: float
    bundle_indptr: NDArray[np.int64]
    bundle_indices: NDArray[np.int32]
    bundle_quantities: NDArray[np.float64]
    envy_indptr: Optional[NDArray[np.int64]] = None
    envy_indices: Optional[NDArray[np.int64]] = None
    envy_gaps: Optional[NDArray[np.float64]] = None

    @property
    def is_envy_free(self) -> bool:
        """Whether no agent envies another beyond the tolerance."""
        return self.envy_violation_count == 0

    def envy_violations(self) -> Iterator[Tuple[int, int, float]]:
        """The violations as (envious agent, envied agent, gap) tuples in the reference's order.

        Returns
        -------
        iterator of (int, int, float)

        Raises
        ------
        ValueError
            When `run_market` was called without ``envy_list=True``.

        Examples
        --------
        >>> import numpy as np
        >>> from agent_economies import auction
        >>> valuations = np.array([[1.0, 5.0], [1.0, 5.0]])
        >>> result = auction.run_market(valuations, [9.0, 10.0], [1.0, 1.0], envy_list=True)
        >>> [(a, b, round(gap, 3)) for a, b, gap in result.envy_violations()]
        [(0, 1, 0.316)]
        """
        if self.envy_indptr is None or self.envy_indices is None or self.envy_gaps is None:
            raise ValueError("run_market was called without envy_list=True")
        envious = np.repeat(np.arange(self.envy_indptr.shape[0] - 1), np.diff(self.envy_indptr))
        return zip(envious.tolist(), self.envy_indices.tolist(), self.envy_gaps.tolist())


@dataclass(frozen=True)
class EnvyPairs(Unpackable):
    """What `envy_pairs` returns: the envy violations in CSR by envious agent.

    Unpacks as ``(indptr, envied, gaps)`` (the tuple of earlier versions).

    Attributes
    ----------
    indptr : numpy.ndarray of int64, shape (agents + 1,)
        Offsets: agent a's violations are ``envied[indptr[a]:indptr[a + 1]]``.
    envied : numpy.ndarray of int64
        The envied agent of each violation.
    gaps : numpy.ndarray of float64
        The utility gap of each violation.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import auction
    >>> valuations, budgets = np.array([[1.0, 5.0], [1.0, 5.0]]), [9.0, 10.0]
    >>> pairs = auction.envy_pairs(valuations, budgets, auction.run_market(valuations, budgets, [1.0, 1.0]))
    >>> pairs.indptr.tolist(), pairs.envied.tolist()
    ([0, 1, 1], [1])
    """

    indptr: NDArray[np.int64]
    envied: NDArray[np.int64]
    gaps: NDArray[np.float64]


def run_market(valuations: ArrayLike, budgets: ArrayLike, supplies: ArrayLike, *,
               solver: Union[Solver, str] = Solver.TATONNEMENT, max_rounds: int = 50,
               price_adjustment_rate: float = 0.1, convergence_tolerance: float = 0.01, envy_tolerance: float = 0.05,
               equilibrium_tolerance: float = 1e-6, equilibrium_max_iterations: int = 2000, threads: int = 0,
               valued: Optional[ArrayLike] = None, tie_ranks: Optional[ArrayLike] = None,
               envy_list: bool = False) -> MarketResult:
    """Runs a whole Dworkin auction.

    The solver, normalisation to supply, the equilibrium certificate, utilities and costs in
    each bundle's buying order, and the envy check over every ordered pair (counted exactly;
    memory O(agents x resources)). C-contiguous float64 arrays are passed without a copy;
    other arrays are converted once.

    Parameters
    ----------
    valuations : array_like of float, shape (agents, resources)
        Each agent's value of one unit of each resource (finite).
    budgets : array_like of float, shape (agents,)
        Each agent's budget (>= 0).
    supplies : array_like of float, shape (resources,)
        Units of each resource (>= 0).
    solver : Solver or str, default "tatonnement"
        "tatonnement" (SWARM's) or "competitive_equilibrium".
    max_rounds : int, default 50
        Tatonnement rounds, >= 1 (SWARM's ``AuctionConfig`` bound).
    price_adjustment_rate : float, default 0.1
        Tatonnement step, in (0, 1] (SWARM's bound).
    convergence_tolerance : float, default 0.01
        Largest excess demand at convergence, > 0 (SWARM's bound).
    envy_tolerance : float, default 0.05
        Utility gap that counts as envy, >= 0 (SWARM's bound).
    equilibrium_tolerance : float, default 1e-6
        Tolerance of the competitive-equilibrium solver and certificate, > 0.
    equilibrium_max_iterations : int, default 2000
        Iterations of the competitive-equilibrium solver.
    threads : int, default 0
        Worker threads (0: the library's pool size).
    valued : array_like of bool or 0/1, shape (agents, resources), optional
        The entries an agent bid on (default all): it spends only on those, and an unvalued
        entry counts as 0.
    tie_ranks : array_like of int, shape (resources,), optional
        Distinct ranks ordering resources whose value per price ties for an agent, the
        higher rank bought first (default: earlier columns first; the reference: greater
        name first).
    envy_list : bool, default False
        Also list every violation (`MarketResult.envy_violations`).

    Returns
    -------
    MarketResult
        Prices, utilities, spending, bundles in CSR (each row in the agent's buying order),
        the envy count and the solver's diagnostics.

    Raises
    ------
    TypeError
        For a value of the wrong kind (a string for a number, None for an array).
    ValueError
        Naming the field, for NaN or infinite valuations, negative budgets or supplies,
        mismatched shapes, an unknown solver, repeated tie ranks, or a parameter outside
        SWARM's range.

    See Also
    --------
    envy_pairs : The violations of a result computed without ``envy_list``.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import auction
    >>> valuations = np.array([[3.0, 1.0], [1.0, 3.0]])
    >>> result = auction.run_market(valuations, [5.0, 5.0], [2.0, 2.0], solver=auction.Solver.COMPETITIVE_EQUILIBRIUM)
    >>> result.bundle_indices.tolist(), result.bundle_quantities.tolist()
    ([0, 1], [2.0, 2.0])
    >>> auction.run_market(valuations, [5.0, 5.0], [2.0, 2.0], price_adjustment_rate=1.5)
    Traceback (most recent call last):
    ...
    ValueError: price_adjustment_rate: must be in (0, 1], got 1.5
    """
    values = as_array(valuations, np.float64, "valuations", 2)
    agents, resources = values.shape
    budget = as_array(budgets, np.float64, "budgets", 1)
    supply = as_array(supplies, np.float64, "supplies", 1)
    check_length("budgets", budget, agents, "one per agent")
    check_length("supplies", supply, resources, "one per resource")
    options = _native.AuctionOptions()
    _native.lib.ae_auction_options_default(ctypes.byref(options))
    options.solver = check_option("solver", solver, _SOLVERS)
    options.max_rounds = check_int32("max_rounds", max_rounds, low=1)
    options.equilibrium_max_iterations = check_int32("equilibrium_max_iterations", equilibrium_max_iterations)
    options.threads = check_int32("threads", threads)
    options.price_adjustment_rate = check_rate("price_adjustment_rate", price_adjustment_rate)
    options.convergence_tolerance = check_positive("convergence_tolerance", convergence_tolerance)
    options.envy_tolerance = check_nonnegative("envy_tolerance", envy_tolerance)
    options.equilibrium_tolerance = check_positive("equilibrium_tolerance", equilibrium_tolerance)
    mask = None if valued is None else as_flags("valued", valued, (agents, resources), strict=False)
    ranks = None
    if tie_ranks is not None:
        ranks = as_array(tie_ranks, np.int32, "tie_ranks", 1)
        check_length("tie_ranks", ranks, resources, "one per resource")
        distinct, counts = np.unique(ranks, return_counts=True)
        if distinct.shape[0] != resources:
            raise ValueError(f"tie_ranks: values must be distinct, {int(distinct[counts > 1][0])} appears "
                             f"{int(counts[counts > 1][0])} times")

    prices = np.empty(resources, dtype=np.float64)
    utilities = np.empty(agents, dtype=np.float64)
    paid = np.empty(agents, dtype=np.float64)
    indptr = np.empty(agents + 1, dtype=np.int64)
    capacity = agents * resources
    indices = np.empty(capacity, dtype=np.int32)
    quantities = np.empty(capacity, dtype=np.float64)
    envy = np.empty(agents, dtype=np.int64)
    result = _native.AuctionResult()
    error = _native.error_buffer()
    extended = valued is not None or tie_ranks is not None or envy_list
    envy_columns: Tuple[Optional[NDArray[np.int64]], Optional[NDArray[np.int64]], Optional[NDArray[np.float64]]]
    envy_columns = (None, None, None)
    status: int
    if not extended:
        status = _native.lib.ae_auction_run(
            agents, resources, _native.pointer(values), _native.pointer(budget), _native.pointer(supply),
            ctypes.byref(options), _native.pointer(prices), _native.pointer(utilities), _native.pointer(paid),
            _native.pointer(indptr), _native.pointer(indices), _native.pointer(quantities), capacity,
            _native.pointer(envy), ctypes.byref(result), error, len(error),
        )
    else:
        room = min(agents * max(agents - 1, 0), max(16 * agents, 1 << 20)) if envy_list else 0
        envy_indptr = np.empty(agents + 1, dtype=np.int64)
        while True:
            envy_indices: Optional[NDArray[np.int64]] = np.empty(room, dtype=np.int64) if envy_list else None
            envy_gaps: Optional[NDArray[np.float64]] = np.empty(room, dtype=np.float64) if envy_list else None
            status = _native.lib.ae_auction_run_market(
                agents, resources, _native.pointer(values),
                None if mask is None else mask.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)),
                None if ranks is None else _native.pointer(ranks), _native.pointer(budget), _native.pointer(supply),
                ctypes.byref(options), _native.pointer(prices), _native.pointer(utilities), _native.pointer(paid),
                _native.pointer(indptr), _native.pointer(indices), _native.pointer(quantities), capacity,
                _native.pointer(envy_indptr), None if envy_indices is None else _native.pointer(envy_indices),
                None if envy_gaps is None else _native.pointer(envy_gaps), room, ctypes.byref(result), error,
                len(error),
            )
            if envy_list and status == _native.ERROR_CAPACITY and result.envy_violation_count > room:
                room = int(result.envy_violation_count)
                continue
            break
        if status == _native.OK:
            envy[:] = np.diff(envy_indptr)
            if envy_indices is not None and envy_gaps is not None:
                count = int(envy_indptr[-1])
                envy_columns = (envy_indptr, envy_indices[:count], envy_gaps[:count])
    _native.check(status, error)
    entries = int(result.bundle_entries)
    return MarketResult(
        prices=prices, utilities=utilities, prices_paid=paid, converged=bool(result.converged),
        rounds=int(result.rounds), total_utility=float(result.total_utility),
        envy_violation_count=int(result.envy_violation_count), envy_per_agent=envy,
        largest_envy_gap=float(result.largest_envy_gap), max_excess=float(result.max_excess),
        equilibrium_gap=float(result.equilibrium_gap), bundle_indptr=indptr,
        bundle_indices=indices[:entries].copy(), bundle_quantities=quantities[:entries].copy(),
        envy_indptr=envy_columns[0], envy_indices=envy_columns[1], envy_gaps=envy_columns[2],
    )


def envy_pairs(valuations: ArrayLike, budgets: ArrayLike, result: MarketResult, *, envy_tolerance: float = 0.05,
               threads: int = 0) -> EnvyPairs:
    """The envy violations of a `run_market` result's bundles, in the reference's order.

    Lets a caller run the auction without the list and ask for it only when needed.

    Parameters
    ----------
    valuations : array_like of float, shape (agents, resources)
        The valuations the result was computed from.
    budgets : array_like of float, shape (agents,)
        The budgets the result was computed from.
    result : MarketResult
        A `run_market` result (or any object with its bundle, spending and utility fields).
    envy_tolerance : float, default 0.05
        Utility gap that counts as envy, >= 0.
    threads : int, default 0
        Worker threads (0: the library's pool size).

    Returns
    -------
    EnvyPairs
        The violations in CSR by envious agent: ``indptr``, ``envied``, ``gaps`` (unpacks as
        that tuple).

    Raises
    ------
    TypeError
        For a result without a run_market result's fields.
    ValueError
        Naming the field, for bundles that do not fit the valuations (CSR offsets that are
        not monotonic or point past the data, out-of-range resources, wrong lengths) or a
        negative tolerance.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import auction
    >>> valuations, budgets = np.array([[1.0, 5.0], [1.0, 5.0]]), [9.0, 10.0]
    >>> result = auction.run_market(valuations, budgets, [1.0, 1.0])
    >>> indptr, envied, gaps = auction.envy_pairs(valuations, budgets, result)
    >>> indptr.tolist(), envied.tolist(), result.envy_violation_count
    ([0, 1, 1], [1], 1)
    """
    check_attributes("result", result, _RESULT_FIELDS, "a run_market result (MarketResult)")
    values = as_array(valuations, np.float64, "valuations", 2)
    agents, resources = values.shape
    budget = as_array(budgets, np.float64, "budgets", 1)
    check_length("budgets", budget, agents, "one per agent")
    indptr = as_array(result.bundle_indptr, np.int64, "bundle_indptr", 1)
    indices = as_array(result.bundle_indices, np.int32, "bundle_indices", 1)
    quantities = as_array(result.bundle_quantities, np.float64, "bundle_quantities", 1)
    check_csr("bundle_indptr", indptr, "bundle_indices", indices, n_rows=agents, n_cols=resources, what="resource")
    check_length("bundle_quantities", quantities, indices.shape[0], "one per bundle index")
    costs = as_array(result.prices_paid, np.float64, "prices_paid", 1)
    check_length("prices_paid", costs, agents, "one per agent")
    utilities = as_array(result.utilities, np.float64, "utilities", 1)
    check_length("utilities", utilities, agents, "one per agent")
    room = max(check_int("envy_violation_count", result.envy_violation_count), 0)
    tolerance = check_nonnegative("envy_tolerance", envy_tolerance)
    threads = check_int32("threads", threads)
    envy_indptr = np.empty(agents + 1, dtype=np.int64)
    count = ctypes.c_int64()
    while True:
        envied = np.empty(room, dtype=np.int64)
        gaps = np.empty(room, dtype=np.float64)
        error = _native.error_buffer()
        status = _native.lib.ae_auction_envy_pairs(
            agents, resources, _native.pointer(values), _native.pointer(indptr), _native.pointer(indices),
            _native.pointer(quantities), _native.pointer(costs), _native.pointer(utilities), _native.pointer(budget),
            tolerance, threads, _native.pointer(envy_indptr), _native.pointer(envied), _native.pointer(gaps), room,
            ctypes.byref(count), error, len(error))
        if status == _native.ERROR_CAPACITY and count.value > room:
            room = int(count.value)  # a result whose envy_violation_count is not its bundles' count
            continue
        _native.check(status, error)
        return EnvyPairs(envy_indptr, envied, gaps)


_RESULT_FIELDS = ("bundle_indptr", "bundle_indices", "bundle_quantities", "prices_paid", "utilities",
                  "envy_violation_count")
