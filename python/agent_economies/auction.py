"""The Dworkin auction on a columnar market (numpy arrays in, numpy arrays out)."""

import ctypes
from dataclasses import dataclass

import numpy as np

from . import _native

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

    @property
    def is_envy_free(self):
        return self.envy_violation_count == 0


def run_market(valuations, budgets, supplies, *, solver="tatonnement", max_rounds=50, price_adjustment_rate=0.1,
               convergence_tolerance=0.01, envy_tolerance=0.05, equilibrium_tolerance=1e-6,
               equilibrium_max_iterations=2000, threads=0):
    """Runs a whole auction: the solver, normalisation to supply, the equilibrium
    certificate, utilities and costs in each bundle's buying order, and the envy check over
    every ordered pair (counted exactly; memory O(agents x resources)).

    `valuations` is agents x resources, `budgets` has one entry per agent and `supplies` one
    per resource. C-contiguous float64 arrays are passed without a copy; other arrays are
    converted once. Bundles come back in CSR (`bundle_indptr`, `bundle_indices`,
    `bundle_quantities`), each row in the agent's buying order.

    Raises TypeError or ValueError naming the field for bad input (NaN, negative budgets or
    supplies, mismatched shapes, an unknown solver, parameters out of range).
    """
    values = _native.as_array(valuations, np.float64, "valuations", 2)
    agents, resources = values.shape
    budget = _native.as_array(budgets, np.float64, "budgets", 1)
    supply = _native.as_array(supplies, np.float64, "supplies", 1)
    if budget.shape[0] != agents:
        raise ValueError(f"budgets must have {agents} entries (one per agent), got {budget.shape[0]}")
    if supply.shape[0] != resources:
        raise ValueError(f"supplies must have {resources} entries (one per resource), got {supply.shape[0]}")
    if solver not in _SOLVERS:
        raise ValueError(f"solver must be one of {sorted(_SOLVERS)}, got {solver!r}")
    options = _native.AuctionOptions()
    _native.lib.ae_auction_options_default(ctypes.byref(options))
    options.solver = _SOLVERS[solver]
    for name, value in (("max_rounds", max_rounds), ("equilibrium_max_iterations", equilibrium_max_iterations),
                        ("threads", threads)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {value!r}")
        if not -2**31 <= value < 2**31:
            raise ValueError(f"{name} must fit in 32 bits, got {value}")
    options.max_rounds = max_rounds
    options.equilibrium_max_iterations = equilibrium_max_iterations
    options.threads = threads
    options.price_adjustment_rate = float(price_adjustment_rate)
    options.convergence_tolerance = float(convergence_tolerance)
    options.envy_tolerance = float(envy_tolerance)
    options.equilibrium_tolerance = float(equilibrium_tolerance)

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
    status = _native.lib.ae_auction_run(
        agents, resources, _native.pointer(values), _native.pointer(budget), _native.pointer(supply),
        ctypes.byref(options), _native.pointer(prices), _native.pointer(utilities), _native.pointer(paid),
        _native.pointer(indptr), _native.pointer(indices), _native.pointer(quantities), capacity,
        _native.pointer(envy), ctypes.byref(result), error, len(error),
    )
    _native.check(status, error)
    entries = int(result.bundle_entries)
    return MarketResult(
        prices=prices, utilities=utilities, prices_paid=paid, converged=bool(result.converged),
        rounds=int(result.rounds), total_utility=float(result.total_utility),
        envy_violation_count=int(result.envy_violation_count), envy_per_agent=envy,
        largest_envy_gap=float(result.largest_envy_gap), max_excess=float(result.max_excess),
        equilibrium_gap=float(result.equilibrium_gap), bundle_indptr=indptr,
        bundle_indices=indices[:entries].copy(), bundle_quantities=quantities[:entries].copy(),
    )
