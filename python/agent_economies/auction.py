"""The Dworkin auction on a columnar market (numpy arrays in, numpy arrays out)."""

import ctypes
from dataclasses import dataclass

import numpy as np

from . import _native
from ._checks import (as_array, as_flags, check_attributes, check_csr, check_float, check_int, check_int32,
                      check_length, check_option)

_SOLVERS = {"tatonnement": 0, "competitive_equilibrium": 1}


@dataclass(frozen=True)
class MarketResult:
    """What `run_market` returns; agents and resources are row and column indices."""

    prices: np.ndarray
    utilities: np.ndarray
    prices_paid: np.ndarray
    converged: bool
    rounds: int
    total_utility: float
    envy_violation_count: int
    envy_per_agent: np.ndarray
    largest_envy_gap: float
    max_excess: float
    equilibrium_gap: float
    bundle_indptr: np.ndarray
    bundle_indices: np.ndarray
    bundle_quantities: np.ndarray
    envy_indptr: np.ndarray = None
    envy_indices: np.ndarray = None
    envy_gaps: np.ndarray = None

    @property
    def is_envy_free(self):
        return self.envy_violation_count == 0

    def envy_violations(self):
        """The violations as (envious agent, envied agent, gap) tuples in the reference's
        order; only with `run_market(..., envy_list=True)`."""
        if self.envy_indptr is None:
            raise ValueError("run_market was called without envy_list=True")
        envious = np.repeat(np.arange(self.envy_indptr.shape[0] - 1), np.diff(self.envy_indptr))
        return zip(envious.tolist(), self.envy_indices.tolist(), self.envy_gaps.tolist())


def run_market(valuations, budgets, supplies, *, solver="tatonnement", max_rounds=50, price_adjustment_rate=0.1,
               convergence_tolerance=0.01, envy_tolerance=0.05, equilibrium_tolerance=1e-6,
               equilibrium_max_iterations=2000, threads=0, valued=None, tie_ranks=None, envy_list=False):
    """Runs a whole auction: the solver, normalisation to supply, the equilibrium
    certificate, utilities and costs in each bundle's buying order, and the envy check over
    every ordered pair (counted exactly; memory O(agents x resources)).

    `valuations` is agents x resources, `budgets` has one entry per agent and `supplies` one
    per resource. C-contiguous float64 arrays are passed without a copy; other arrays are
    converted once. Bundles come back in CSR (`bundle_indptr`, `bundle_indices`,
    `bundle_quantities`), each row in the agent's buying order.

    `valued` (agents x resources, bool or 0/1; default all) marks the entries an agent bid
    on: it spends only on those, and an unvalued entry counts as 0. `tie_ranks` (distinct
    ints per resource; default earlier columns first) orders resources whose value per price
    ties for an agent, the higher rank bought first (the reference: greater name first).
    With `envy_list=True` the result also lists every violation (`envy_violations()`).

    Raises TypeError or ValueError naming the field for bad input (NaN, negative budgets or
    supplies, mismatched shapes, an unknown solver, parameters out of range).
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
    options.max_rounds = check_int32("max_rounds", max_rounds)
    options.equilibrium_max_iterations = check_int32("equilibrium_max_iterations", equilibrium_max_iterations)
    options.threads = check_int32("threads", threads)
    options.price_adjustment_rate = check_float("price_adjustment_rate", price_adjustment_rate)
    options.convergence_tolerance = check_float("convergence_tolerance", convergence_tolerance)
    options.envy_tolerance = check_float("envy_tolerance", envy_tolerance)
    options.equilibrium_tolerance = check_float("equilibrium_tolerance", equilibrium_tolerance)
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
    if not extended:
        status = _native.lib.ae_auction_run(
            agents, resources, _native.pointer(values), _native.pointer(budget), _native.pointer(supply),
            ctypes.byref(options), _native.pointer(prices), _native.pointer(utilities), _native.pointer(paid),
            _native.pointer(indptr), _native.pointer(indices), _native.pointer(quantities), capacity,
            _native.pointer(envy), ctypes.byref(result), error, len(error),
        )
        envy_columns = (None, None, None)
    else:
        room = min(agents * max(agents - 1, 0), max(16 * agents, 1 << 20)) if envy_list else 0
        envy_indptr = np.empty(agents + 1, dtype=np.int64)
        while True:
            envy_indices = np.empty(room, dtype=np.int64) if envy_list else None
            envy_gaps = np.empty(room, dtype=np.float64) if envy_list else None
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
        envy_columns = (None, None, None)
        if status == _native.OK:
            envy[:] = np.diff(envy_indptr)
            if envy_list:
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


def envy_pairs(valuations, budgets, result, *, envy_tolerance=0.05, threads=0):
    """The envy violations of a `run_market` result's bundles, as CSR by envious agent:
    (envy_indptr, envied agents, gaps), in the reference's order. Lets a caller run the
    auction without the list and ask for it only when needed."""
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
    tolerance = check_float("envy_tolerance", envy_tolerance)
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
        return envy_indptr, envied, gaps


_RESULT_FIELDS = ("bundle_indptr", "bundle_indices", "bundle_quantities", "prices_paid", "utilities",
                  "envy_violation_count")
