"""SWARM's HFNEngine and FlashCrashDetector on the native engine and detector handles."""

from __future__ import annotations

from typing import Any, Optional

from .. import hfn as _hfn


def flash_crash_detector(hfn: Any) -> type:
    """SWARM's FlashCrashDetector, subclassed onto the native detector handle.

    Parameters
    ----------
    hfn : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = hfn.FlashCrashDetector

    class FlashCrashDetector(base):
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

    return FlashCrashDetector


def hfn_engine(hfn: Any) -> type:
    """SWARM's HFNEngine, subclassed onto the native engine handle.

    Parameters
    ----------
    hfn : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = hfn.HFNEngine

    class HFNEngine(base):
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

    return HFNEngine


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


_ORDER_KINDS = {"bid": int(_hfn.BID), "ask": int(_hfn.ASK), "cancel": int(_hfn.CANCEL)}
_CANCEL, _OTHER = int(_hfn.CANCEL), int(_hfn.OTHER)
_ACCEPTED, _CANCELLED = int(_hfn.ACCEPTED), int(_hfn.CANCELLED)


def _close(event: Any, crash: _hfn.Crash) -> None:
    event.end_tick = crash.end_tick
    event.recovery_time_ticks = crash.recovery_time_ticks
