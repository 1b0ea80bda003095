"""SWARM's DworkinAuction with the whole auction run natively."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Optional, Tuple, Union, overload

import numpy as np
from numpy.typing import NDArray

from collections.abc import MutableSequence

from .. import auction as _auction


def dworkin_auction(auction: Any) -> type:
    """SWARM's DworkinAuction, subclassed with `run_auction` run natively.

    Parameters
    ----------
    auction : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = auction.DworkinAuction

    class DworkinAuction(base):
        """SWARM's DworkinAuction with the auction run natively."""

        def run_auction(self, bids: Any, available_resources: Any) -> Any:
            if not bids or not available_resources:
                return auction.AuctionResult(converged=True, is_envy_free=True)
            names = list(available_resources.keys())
            agent_ids = list(bids.keys())
            n, r = len(agent_ids), len(names)
            valuations, valued = _bid_matrix(bids, agent_ids, names)
            budgets = np.fromiter((bids[a].budget for a in agent_ids), dtype=np.float64, count=n)
            supplies = np.fromiter((available_resources[name] for name in names), dtype=np.float64, count=r)
            ranks = np.empty(r, dtype=np.int32)
            for rank, j in enumerate(sorted(range(r), key=lambda j: names[j])):
                ranks[j] = rank
            config = self.config
            outcome = _auction.run_market(
                valuations, budgets, supplies, valued=valued, tie_ranks=ranks, max_rounds=config.max_rounds,
                price_adjustment_rate=config.price_adjustment_rate,
                convergence_tolerance=config.convergence_tolerance, envy_tolerance=config.envy_tolerance)
            allocations: dict[str, Any] = {}
            indptr, indices = outcome.bundle_indptr.tolist(), outcome.bundle_indices.tolist()
            quantities = outcome.bundle_quantities.tolist()
            utilities, paid = outcome.utilities.tolist(), outcome.prices_paid.tolist()
            allocation = auction.AuctionAllocation
            for i, agent_id in enumerate(agent_ids):
                start, end = indptr[i], indptr[i + 1]
                allocations[agent_id] = allocation(
                    agent_id, {names[j]: q for j, q in zip(indices[start:end], quantities[start:end])}, paid[i],
                    utilities[i])
            tolerance = config.envy_tolerance

            def listing() -> list[Any]:
                envy_indptr, envied, gaps = _auction.envy_pairs(
                    valuations, budgets, outcome, envy_tolerance=tolerance)
                envious = np.repeat(np.arange(n), np.diff(envy_indptr)).tolist()
                return [auction.EnvyViolation(agent_ids[a], agent_ids[b], gap)
                        for a, b, gap in zip(envious, envied.tolist(), gaps.tolist())]

            violations = EnvyViolationList(outcome.envy_violation_count, listing)
            return auction.AuctionResult(
                allocations=allocations, clearing_prices=dict(zip(names, outcome.prices.tolist())),
                rounds_to_converge=outcome.rounds, is_envy_free=outcome.envy_violation_count == 0,
                envy_violations=violations, total_utility=sum(a.utility for a in allocations.values()),
                converged=outcome.converged)

    return DworkinAuction


def _bid_matrix(bids: Any, agent_ids: list[str], names: list[str]) -> Tuple[NDArray[np.float64], NDArray[np.uint8]]:
    """Valuations (0 where not bid) and the bid mask, agents x resources."""
    n, r = len(agent_ids), len(names)
    column = {name: j for j, name in enumerate(names)}
    valuations = np.zeros((n, r))
    valued = np.zeros((n, r), dtype=np.uint8)
    for i, agent_id in enumerate(agent_ids):
        bid_values = bids[agent_id].valuations
        if len(bid_values) == r and list(bid_values) == names:
            valuations[i] = list(bid_values.values())
            valued[i] = 1
            continue
        for resource, value in bid_values.items():
            j = column.get(resource)
            if j is not None:
                valuations[i, j] = value
                valued[i, j] = 1
    return valuations, valued


class EnvyViolationList(MutableSequence[Any]):
    """The auction's envy violations, listed on first read.

    Its length is known at once; the EnvyViolation objects are built (natively listed, then
    wrapped) the first time an element is read. Compares equal to a list with the same
    violations.

    Parameters
    ----------
    count : int
        The number of violations.
    listing : callable
        Returns the violations as a list (called once, on first read).

    Examples
    --------
    >>> from agent_economies.swarm_backend import EnvyViolationList
    >>> violations = EnvyViolationList(2, lambda: ["a", "b"])
    >>> len(violations), violations == ["a", "b"]
    (2, True)
    """

    def __init__(self, count: int, listing: Callable[[], list[Any]]) -> None:
        self._count = int(count)
        self._listing: Optional[Callable[[], list[Any]]] = listing
        self._items: Optional[list[Any]] = None

    def _materialize(self) -> list[Any]:
        if self._items is None:
            assert self._listing is not None
            self._items = self._listing()
            self._listing = None
        return self._items

    def __len__(self) -> int:
        return self._count if self._items is None else len(self._items)

    def __bool__(self) -> bool:
        return len(self) > 0

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: Union[int, slice]) -> Any:
        return self._materialize()[index]

    @overload
    def __setitem__(self, index: int, value: Any) -> None: ...

    @overload
    def __setitem__(self, index: slice, value: Iterable[Any]) -> None: ...

    def __setitem__(self, index: Union[int, slice], value: Any) -> None:
        self._materialize()[index] = value

    def __delitem__(self, index: Union[int, slice]) -> None:
        del self._materialize()[index]

    def insert(self, index: int, value: Any) -> None:
        """Inserts a violation (lists the violations first).

        Parameters
        ----------
        index : int
            The position to insert before.
        value : EnvyViolation
            The violation.
        """
        self._materialize().insert(index, value)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._materialize())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, EnvyViolationList)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return repr(self._materialize())
