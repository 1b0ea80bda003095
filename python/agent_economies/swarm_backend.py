"""One-line native backend for SWARM (swarm-safety 1.9.0).

    import agent_economies.swarm_backend as backend
    backend.install()      # SWARM's engine classes now run on Agent Economies
    backend.uninstall()    # SWARM's own classes again

`install()` replaces DworkinAuction, MissionEconomy, HFNEngine, FlashCrashDetector,
PermeabilityModel, IdentityRegistry, CredentialIssuer and SybilDetectionLever in every loaded
module that bound them (SWARM's own modules, its governance engine, and any module of yours
that imported them), and in the modules that define them, so later imports get them too.

The replacements subclass SWARM's classes: same constructors, attributes, methods and value
objects (AuctionBid, HFNOrder, SoftInteraction, MissionObjective, the configs), with the
work done by the native library:

- DworkinAuction.run_auction: the whole tatonnement, normalisation and envy check in one
  native call (the reference's numbers, bit for bit, on Python 3.11's float sums).
- HFNEngine and FlashCrashDetector: the native engine and detector handles (heap order books,
  CPython's `random.Random(seed)` latency stream). One book per resource type: with a single
  resource type the trades are the reference's exactly; with several, a bid only meets asks
  of its own resource type (the reference lets a compute bid fill a bandwidth ask).
- PermeabilityModel: the draws (CPython's stream, seeded as the reference), spillover and
  the optimal-permeability grid search natively; the state object stays a Python dataclass.
- MissionEconomy: the proportional and "shapley" (leave-one-out) rewards in linear time over
  a columnar ledger instead of one pass over all contributions per contributor.
- IdentityRegistry.detect_sybil_clusters and SybilDetectionLever: the similarity join and
  greedy clustering natively, clusters in the reference's discovery order.
- CredentialIssuer: credential issuance is dictionary bookkeeping with no numeric kernel; the
  class is swapped with the others so that type checks see one backend, and behaves as
  SWARM's.

Differences from SWARM are refusals, never silent changes: bad numbers (NaN valuations,
negative budgets, out-of-range detector thresholds) raise ValueError naming the field.

Examples
--------
>>> import agent_economies.swarm_backend as backend
>>> backend.install()  # doctest: +SKIP
8
>>> backend.is_installed()  # doctest: +SKIP
True
>>> backend.uninstall()
>>> backend.is_installed()
False
"""

from __future__ import annotations

import sys
from collections.abc import MutableSequence
from typing import Any, Callable, Iterable, Iterator, Optional, Tuple, Union, overload

import numpy as np
from numpy.typing import NDArray

from . import auction as _auction, hfn as _hfn, identity as _identity, missions as _missions
from . import permeability as _permeability

__all__ = ["install", "uninstall", "is_installed", "native_classes", "EnvyViolationList"]

_installed: dict[type, type] = {}
_patches: list[Tuple[dict[str, Any], str, type]] = []


def _swarm() -> Tuple[Any, Any, Any, Any, Any, Any]:
    import swarm.boundaries.permeability as permeability
    import swarm.env.auction as auction
    import swarm.env.hfn as hfn
    import swarm.env.mission as mission
    import swarm.governance.engine  # noqa: F401  (binds SybilDetectionLever)
    import swarm.governance.identity_lever as lever
    import swarm.models.identity as identity

    return auction, hfn, mission, permeability, identity, lever


def _build_classes() -> dict[type, type]:
    auction, hfn, mission, permeability, identity, lever = _swarm()
    # SWARM's classes, as the (untyped) bases of the replacements.
    auction_base: Any = auction.DworkinAuction
    detector_base: Any = hfn.FlashCrashDetector
    engine_base: Any = hfn.HFNEngine
    permeability_base: Any = permeability.PermeabilityModel
    economy_base: Any = mission.MissionEconomy
    registry_base: Any = identity.IdentityRegistry
    issuer_base: Any = identity.CredentialIssuer
    lever_base: Any = lever.SybilDetectionLever

    class DworkinAuction(auction_base):
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

    class FlashCrashDetector(detector_base):
        """SWARM's FlashCrashDetector on the native detector handle."""

        def __init__(self, price_drop_threshold: float = 0.1, window_ticks: int = 10,
                     volume_spike_factor: float = 3.0) -> None:
            self.price_drop_threshold = price_drop_threshold
            self.window_ticks = window_ticks
            self.volume_spike_factor = volume_spike_factor
            self._native = _hfn.CrashDetector(price_drop_threshold, window_ticks, volume_spike_factor)
            self._crash_history: list[Any] = []
            self._open = False

        def update(self, tick: Any, active_agent_ids: Optional[list[str]] = None) -> Any:
            started = self._native.update(tick.market_price, tick.orders_submitted, tick.tick_number)
            if started:
                crash = self._native.crashes(len(self._crash_history))[0]
                event = hfn.FlashCrashEvent(
                    start_tick=crash.start_tick, end_tick=crash.end_tick, price_drop_pct=crash.price_drop_pct,
                    trigger_agent_ids=active_agent_ids or [], severity=crash.severity)
                self._crash_history.append(event)
                self._open = True
                return event
            if self._open and not self._native.in_crash:
                _close(self._crash_history[-1], self._native.crashes(len(self._crash_history) - 1)[0])
                self._open = False
            return None

        def get_volatility_index(self) -> float:
            return self._native.volatility

        def get_crash_history(self) -> list[Any]:
            return list(self._crash_history)

        @property
        def is_in_crash(self) -> bool:
            return self._native.in_crash

    class HFNEngine(engine_base):
        """SWARM's HFNEngine on the native engine handle."""

        def __init__(self, config: Any = None, seed: Any = None) -> None:
            self.config = config or hfn.HFNConfig()
            self.config.validate()
            c = self.config
            self._engine = _hfn.Engine(
                max_orders_per_tick=c.max_orders_per_tick, latency_noise_ms=c.latency_noise_ms,
                priority_by_speed=bool(c.priority_by_speed), batch_interval_ticks=c.batch_interval_ticks,
                halt_duration_ticks=c.halt_duration_ticks, seed=seed)
            self._agent_handle: dict[str, int] = {}
            self._agent_names: list[str] = []
            self._book_handle: dict[str, int] = {}
            self._tick_history: list[Any] = []
            self._crash_events: list[Any] = []
            self._open_crash = False

        def _agent(self, agent_id: str) -> int:
            handle = self._agent_handle.get(agent_id)
            if handle is None:
                handle = self._agent_handle[agent_id] = len(self._agent_names)
                self._agent_names.append(agent_id)
                self._engine.reserve(len(self._agent_names), len(self._book_handle))
            return handle

        def _book(self, resource_type: str) -> int:
            handle = self._book_handle.get(resource_type)
            if handle is None:
                handle = self._book_handle[resource_type] = len(self._book_handle)
                self._engine.reserve(len(self._agent_names), len(self._book_handle))
            return handle

        def submit_order(self, order: Any) -> bool:
            kind = _ORDER_KINDS.get(order.order_type, _OTHER)
            quantity, price = float(order.quantity), float(order.price)
            agent = self._agent(order.agent_id)
            if kind == _CANCEL or kind == _OTHER:
                book = self._book_handle.get(order.resource_type, -1)
            elif quantity > 0 and price > 0:
                book = self._book(order.resource_type)
            else:
                # Refused whatever the market's state, with no draw and nothing counted (the
                # reference's rule; NaN included): no book is created for it.
                return False
            outcome, latency = self._engine._submit(
                agent, book, kind, quantity, price, float(order.timestamp_ms), float(order.latency_ms))
            if latency is not None:
                order.latency_ms = latency
            return outcome == _ACCEPTED or outcome == _CANCELLED

        def process_tick(self) -> Any:
            record = self._engine.process_tick()
            tick = hfn.HFNTick(
                tick_number=record.tick_number, orders_submitted=record.orders_submitted,
                orders_executed=record.orders_executed, orders_cancelled=0, market_price=record.market_price,
                bid_ask_spread=record.bid_ask_spread, volatility=record.volatility, halted=record.halted)
            if record.crash_started:
                crash = self._engine.crashes(len(self._crash_events))[0]
                self._crash_events.append(hfn.FlashCrashEvent(
                    start_tick=crash.start_tick, end_tick=crash.end_tick, price_drop_pct=crash.price_drop_pct,
                    trigger_agent_ids=[self._agent_names[a] for a in crash.agents], severity=crash.severity))
                self._open_crash = True
            elif self._open_crash:
                crash = self._engine.crashes(len(self._crash_events) - 1)[0]
                if crash.recovery_time_ticks > 0:
                    _close(self._crash_events[-1], crash)
                    self._open_crash = False
            self._tick_history.append(tick)
            return tick

        def halt(self, duration_ticks: Optional[int] = None) -> None:
            self._engine.halt(duration_ticks or 0)

        @property
        def is_halted(self) -> bool:
            return self._engine.state().halted

        @property
        def current_tick(self) -> int:
            return self._engine.state().current_tick

        @property
        def market_price(self) -> float:
            return self._engine.state().market_price

        def get_order_book_depth(self) -> dict[str, Any]:
            state = self._engine.state()
            return {
                "bids": state.resting_bids, "asks": state.resting_asks,
                "total_bid_volume": state.total_bid_volume, "total_ask_volume": state.total_ask_volume,
            }

        @property
        def _detector(self) -> _EngineDetector:
            """The circuit breaker's detector, read through the engine (SWARM code reads
            `engine._detector`)."""
            return _EngineDetector(self)

        def get_tick_history(self) -> list[Any]:
            return list(self._tick_history)

        def get_crash_history(self) -> list[Any]:
            return list(self._crash_events)

        def speed_advantage_gini(self) -> float:
            return self._engine.speed_gini()

    class PermeabilityModel(permeability_base):
        """SWARM's PermeabilityModel with its draws, spillover and grid search done natively."""

        def __init__(self, config: Any = None, seed: Any = None) -> None:
            self.config = config or permeability.PermeabilityConfig()
            self.config.validate()
            c = self.config
            self._model = _permeability.Model(
                base_permeability=c.base_permeability, information_decay=c.information_decay,
                contagion_rate=c.contagion_rate, spillover_amplification=c.spillover_amplification,
                adaptive=bool(c.adaptive), threat_sensitivity=c.threat_sensitivity, seed=seed)
            self._state = permeability.PermeabilityState(effective_permeability=c.base_permeability)
            self._spillover_history: list[Any] = []

        def compute_effective_permeability(self, threat_level: float = 0.0, agent_trust: float = 0.5) -> float:
            effective = self._model.effective_permeability(threat_level, agent_trust)
            if self.config.adaptive:
                self._state.effective_permeability = effective
                self._state.threat_level = threat_level
            return effective

        def should_cross(self, permeability_value: float, interaction_p: float,
                         direction: str = "outbound") -> Tuple[bool, float]:
            return self._model._should_cross(permeability_value, interaction_p)

        def simulate_spillover(self, interactions: Any, permeability: Optional[float] = None) -> list[Any]:
            perm = permeability if permeability is not None else self._state.effective_permeability
            p = np.fromiter((ix.p for ix in interactions), dtype=np.float64, count=len(interactions))
            accepted = np.fromiter((bool(ix.accepted) for ix in interactions), dtype=bool, count=len(interactions))
            events = self._model.spillover(p, accepted, permeability=perm)
            spillovers = []
            state = self._state
            for index, harm, blocked in zip(events.indices.tolist(), events.harm.tolist(), events.blocked.tolist()):
                source = interactions[index]
                event = _spillover_event(
                    source_interaction_id=source.interaction_id, source_p=source.p, direction="outbound",
                    harm_magnitude=harm, blocked=blocked)
                spillovers.append(event)
                if blocked:
                    state.total_blocked += 1
                else:
                    state.total_spillovers += 1
                    state.cumulative_external_harm += harm
            self._spillover_history.extend(spillovers)
            return spillovers

        def optimal_permeability(self, interactions: Any, external_harm_weight: float = 1.0,
                                 n_samples: int = 10) -> float:
            if n_samples == 0:
                raise ZeroDivisionError("n_samples must not be 0 (the grid is k / n_samples)")
            p = np.fromiter((ix.p for ix in interactions), dtype=np.float64, count=len(interactions))
            accepted = np.fromiter((bool(ix.accepted) for ix in interactions), dtype=bool, count=len(interactions))
            return _permeability.optimal_permeability(
                p, accepted, contagion_rate=self.config.contagion_rate,
                spillover_amplification=self.config.spillover_amplification,
                external_harm_weight=external_harm_weight, samples=n_samples)

    _spillover_event = permeability.SpilloverEvent

    class MissionEconomy(economy_base):
        """SWARM's MissionEconomy with the reward rules computed natively over a ledger."""

        def _reward(self, mission_record: Any, interactions: Any, strategy: str) -> dict[str, float]:
            agent_ids = list(mission_record.contributions.keys())
            ledger = _missions.ledger_from_ids(
                list(mission_record.contributions.values()), [ix.interaction_id for ix in interactions],
                np.fromiter((ix.p for ix in interactions), dtype=np.float64, count=len(interactions)),
                np.fromiter((bool(ix.accepted) for ix in interactions), dtype=bool, count=len(interactions)))
            paid = _missions.rewards(ledger, mission_record.reward_pool, strategy)
            return {agent_ids[row]: amount for row, amount in zip(paid.rows.tolist(), paid.amounts.tolist())}

        def _distribute_proportional(self, mission: Any, interactions: Any) -> dict[str, float]:
            return self._reward(mission, interactions, "proportional")

        def _distribute_shapley(self, mission: Any, interactions: Any) -> dict[str, float]:
            return self._reward(mission, interactions, "leave_one_out")

    def native_clusters(patterns: Any, threshold: float) -> list[set[Any]]:
        if not patterns:
            return []
        matrix = _identity.patterns_to_csr(patterns)
        clusters = _identity.sybil_clusters(matrix, threshold=threshold)
        return [{matrix.ids[row] for row in cluster.tolist()} for cluster in clusters]

    class IdentityRegistry(registry_base):
        """SWARM's IdentityRegistry with Sybil detection done natively."""

        def detect_sybil_clusters(self, interaction_patterns: Any) -> list[set[Any]]:
            if not self.config.sybil_detection_enabled:
                return []
            clusters = native_clusters(interaction_patterns, self.config.behavioral_similarity_threshold)
            self._sybil_clusters = clusters
            return clusters

    class CredentialIssuer(issuer_base):
        """SWARM's CredentialIssuer (bookkeeping only; swapped so one backend serves all)."""

    class SybilDetectionLever(lever_base):
        """SWARM's SybilDetectionLever with the clustering done natively."""

        def _detect_clusters(self) -> list[set[Any]]:
            return native_clusters(self._interaction_patterns, self.config.sybil_similarity_threshold)

    pairs = [
        (auction.DworkinAuction, DworkinAuction), (hfn.FlashCrashDetector, FlashCrashDetector),
        (hfn.HFNEngine, HFNEngine), (permeability.PermeabilityModel, PermeabilityModel),
        (mission.MissionEconomy, MissionEconomy), (identity.IdentityRegistry, IdentityRegistry),
        (identity.CredentialIssuer, CredentialIssuer), (lever.SybilDetectionLever, SybilDetectionLever),
    ]
    for original, native in pairs:
        native.__name__ = original.__name__
        native.__qualname__ = original.__qualname__
        native.__module__ = original.__module__
    return dict(pairs)


class _EngineDetector:
    """A read view of a native HFN engine's detector with SWARM's FlashCrashDetector reads."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine

    def get_volatility_index(self) -> float:
        return float(self._engine._engine.state().volatility)

    def get_crash_history(self) -> list[Any]:
        return list(self._engine.get_crash_history())

    @property
    def is_in_crash(self) -> bool:
        return bool(self._engine._engine.state().in_crash)


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


_ORDER_KINDS = {"bid": int(_hfn.BID), "ask": int(_hfn.ASK), "cancel": int(_hfn.CANCEL)}
_CANCEL, _OTHER = int(_hfn.CANCEL), int(_hfn.OTHER)
_ACCEPTED, _CANCELLED = int(_hfn.ACCEPTED), int(_hfn.CANCELLED)


def _close(event: Any, crash: _hfn.Crash) -> None:
    event.end_tick = crash.end_tick
    event.recovery_time_ticks = crash.recovery_time_ticks


def native_classes() -> dict[type, type]:
    """The native-backed replacement of each SWARM class, built once (imports SWARM).

    Returns
    -------
    dict
        ``{SWARM class: native-backed subclass}`` for the eight replaced classes.

    Raises
    ------
    ImportError
        Without swarm-safety installed.

    Examples
    --------
    >>> from agent_economies import swarm_backend
    >>> import swarm.env.auction  # doctest: +SKIP
    >>> swarm_backend.native_classes()[swarm.env.auction.DworkinAuction].__name__  # doctest: +SKIP
    'DworkinAuction'
    """
    if not _installed:
        _installed.update(_build_classes())
    return dict(_installed)


def install() -> int:
    """Replaces SWARM's engine classes with native-backed ones in every loaded module that
    bound them. Idempotent.

    Returns
    -------
    int
        The number of bindings replaced.

    Raises
    ------
    ImportError
        Without swarm-safety installed.

    Examples
    --------
    >>> import agent_economies.swarm_backend as backend
    >>> backend.install() > 0  # doctest: +SKIP
    True
    >>> backend.uninstall()
    """
    replacements = native_classes()
    count = 0
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for name, value in list(namespace.items()):
            if isinstance(value, type) and value in replacements:
                namespace[name] = replacements[value]
                _patches.append((namespace, name, value))
                count += 1
    return count


def uninstall() -> None:
    """Puts SWARM's own classes back where `install` replaced them (nothing when not installed).

    Examples
    --------
    >>> import agent_economies.swarm_backend as backend
    >>> backend.uninstall()
    >>> backend.is_installed()
    False
    """
    while _patches:
        namespace, name, original = _patches.pop()
        if namespace.get(name) is _installed.get(original):
            namespace[name] = original


def is_installed() -> bool:
    """Whether the native classes are in place.

    Returns
    -------
    bool
        True between `install` and `uninstall`.

    Examples
    --------
    >>> import agent_economies.swarm_backend as backend
    >>> backend.is_installed()
    False
    """
    return bool(_patches)
