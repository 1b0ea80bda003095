"""High-frequency negotiation on integer handles: the order books, rate limits, batch
clearing and the flash-crash circuit breaker of the native engine.

Agents and books (one per resource) are dense integers. Orders go in one at a time
(`Engine.submit`) or as numpy columns (`Engine.submit_batch`); the trade log comes back as
columns. Several threads may share one engine: each call takes the engine's lock.
"""

import ctypes
import threading
from dataclasses import dataclass

import numpy as np

from . import _native
from ._checks import (INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, as_array, check_count, check_float, check_int,
                      check_int32, check_length)

BID, ASK, CANCEL, OTHER = 0, 1, 2, 3
"""Order kinds; OTHER is any kind the market does not know (refused after its latency draw,
as the reference refuses an unknown order type string)."""

ACCEPTED, CANCELLED, REJECTED_HALTED, REJECTED_RATE_LIMITED = 0, 1, 2, 3
REJECTED_QUANTITY, REJECTED_PRICE, REJECTED_NOT_FINITE, REJECTED_UNKNOWN_TYPE = 4, 5, 6, 7


@dataclass(frozen=True)
class Tick:
    """One processed tick."""

    tick_number: int
    orders_submitted: int
    orders_executed: int
    market_price: float
    bid_ask_spread: float
    volatility: float
    halted: bool
    crash_started: bool


@dataclass(frozen=True)
class Crash:
    """One detected flash crash (agents: handles active on its tick, for an engine)."""

    start_tick: int
    end_tick: int
    recovery_time_ticks: int
    price_drop_pct: float
    severity: float
    agents: tuple = ()


@dataclass(frozen=True)
class Trades:
    """Trades as columns, in execution order."""

    buyers: np.ndarray
    sellers: np.ndarray
    books: np.ndarray
    prices: np.ndarray
    quantities: np.ndarray
    ticks: np.ndarray


def _int_option(value, name, minimum):
    """An int32 option (the library checks its documented range)."""
    return check_int32(name, value, minimum)


def crash_options(price_drop_threshold=0.1, window_ticks=10, volume_spike_factor=3.0, require_volume_spike=False):
    """ae_crash_options from keyword arguments (checked by the library)."""
    options = _native.CrashOptions()
    _native.lib.ae_crash_options_default(ctypes.byref(options))
    options.price_drop_threshold = check_float("price_drop_threshold", price_drop_threshold)
    options.window_ticks = _int_option(window_ticks, "window_ticks", INT32_MIN)
    options.volume_spike_factor = check_float("volume_spike_factor", volume_spike_factor)
    options.require_volume_spike = 1 if require_volume_spike else 0
    return options


class CrashDetector(_native.Handle):
    """The flash-crash rule on its own: feed it tick prices and order counts."""

    _destroy = "ae_crash_detector_destroy"

    def __init__(self, price_drop_threshold=0.1, window_ticks=10, volume_spike_factor=3.0, require_volume_spike=False):
        options = crash_options(price_drop_threshold, window_ticks, volume_spike_factor, require_volume_spike)
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_crash_detector_create, ctypes.byref(options), ctypes.byref(pointer))
        super().__init__(pointer)

    def update(self, price, volume, tick):
        """Adds a tick; True when it starts a crash."""
        started = ctypes.c_int32(0)
        _native.call(_native.lib.ae_crash_detector_update, self.pointer, check_float("price", price),
                     check_count("volume", volume), check_int("tick", tick), ctypes.byref(started))
        return bool(started.value)

    def _state(self):
        volatility, in_crash, count = ctypes.c_double(), ctypes.c_int32(), ctypes.c_int64()
        _native.call(_native.lib.ae_crash_detector_state, self.pointer, ctypes.byref(volatility),
                     ctypes.byref(in_crash), ctypes.byref(count))
        return volatility.value, bool(in_crash.value), count.value

    @property
    def volatility(self):
        """Population standard deviation of the window's simple returns."""
        return self._state()[0]

    @property
    def in_crash(self):
        """Whether a crash is in progress."""
        return self._state()[1]

    def crashes(self, start=0):
        """Crashes from `start` on."""
        start = check_count("start", start)
        count = self._state()[2]
        return _read_crashes(_native.lib.ae_crash_detector_crashes, self.pointer, start, count, None)

    def reset(self):
        """Forgets the window and the crashes."""
        _native.call(_native.lib.ae_crash_detector_reset, self.pointer)


def _read_crashes(function, pointer, start, count, agents_of):
    room = max(count - start, 0)
    records = (_native.Crash * max(room, 1))()
    written = ctypes.c_int64()
    _native.call(function, pointer, int(start), room, records, ctypes.byref(written))
    result = []
    for index in range(written.value):
        record = records[index]
        agents = agents_of(start + index, record.trigger_agent_count) if agents_of else ()
        result.append(Crash(record.start_tick, record.end_tick, record.recovery_time_ticks, record.price_drop_pct,
                            record.severity, agents))
    return result


class _SubmitSlots:
    """One thread's out-parameters for `Engine.submit` (made once per thread and engine)."""

    __slots__ = ("outcome", "latency", "cancelled", "error", "outcome_ref", "latency_ref", "cancelled_ref")

    def __init__(self):
        self.outcome, self.latency, self.cancelled = ctypes.c_int32(), ctypes.c_double(), ctypes.c_int64()
        self.error = _native.error_buffer()
        self.outcome_ref, self.latency_ref = ctypes.byref(self.outcome), ctypes.byref(self.latency)
        self.cancelled_ref = ctypes.byref(self.cancelled)


class Engine(_native.Handle):
    """The HFN market on integer handles (agents and books grow with `reserve`).

    With a seed (int, float, str or bytes) the latency noise is exactly
    `random.Random(seed)`'s stream; without one it comes from a system-seeded fast generator.
    """

    _destroy = "ae_hfn_destroy"

    def __init__(self, *, max_orders_per_tick=10, latency_noise_ms=10.0, priority_by_speed=True,
                 batch_interval_ticks=5, halt_duration_ticks=20, price_drop_threshold=0.1, window_ticks=10,
                 volume_spike_factor=3.0, require_volume_spike=False, seed=None):
        options = _native.HFNOptions()
        _native.lib.ae_hfn_options_default(ctypes.byref(options))
        options.max_orders_per_tick = _int_option(max_orders_per_tick, "max_orders_per_tick", INT32_MIN)
        options.latency_noise_ms = check_float("latency_noise_ms", latency_noise_ms)
        options.priority_by_speed = 1 if priority_by_speed else 0
        options.batch_interval_ticks = _int_option(batch_interval_ticks, "batch_interval_ticks", INT32_MIN)
        options.halt_duration_ticks = _int_option(halt_duration_ticks, "halt_duration_ticks", INT32_MIN)
        options.crash = crash_options(price_drop_threshold, window_ticks, volume_spike_factor, require_volume_spike)
        words, seeded = _native.seed_words(seed)
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_hfn_create, ctypes.byref(options), words, len(words) if seeded else 0, seeded,
                     ctypes.byref(pointer))
        super().__init__(pointer)
        # Out-parameters of `submit`, one set per thread: threads sharing the engine never
        # read each other's outcome, latency or error message.
        self._slots = threading.local()

    def reserve(self, agents, books):
        """Grows the engine to at least `agents` agent handles and `books` book handles."""
        _native.call(_native.lib.ae_hfn_reserve, self.pointer, check_int("agents", agents),
                     check_int("books", books))

    def submit(self, agent, book, kind, quantity, price, timestamp_ms=0.0, latency_ms=0.0):
        """Submits one order; returns (outcome code, latency after the draw or None). A NaN or
        infinite number is not an error: the order is refused with REJECTED_NOT_FINITE."""
        if not (type(agent) is int and type(book) is int and type(kind) is int
                and INT32_MIN <= agent <= INT32_MAX and INT64_MIN <= book <= INT64_MAX
                and INT32_MIN <= kind <= INT32_MAX):
            agent, book, kind = check_int32("agent", agent), check_int("book", book), check_int32("kind", kind)
        try:
            slots = self._slots.values
        except AttributeError:
            slots = self._slots.values = _SubmitSlots()
        try:
            status = _native.lib.ae_hfn_submit(
                self.pointer, agent, book, kind, quantity, price, timestamp_ms, latency_ms,
                slots.outcome_ref, slots.latency_ref, slots.cancelled_ref, slots.error, len(slots.error))
        except ctypes.ArgumentError as error:
            for name, value in (("quantity", quantity), ("price", price), ("timestamp_ms", timestamp_ms),
                                ("latency_ms", latency_ms)):
                check_float(name, value)
            raise TypeError(f"submit: {error}") from None
        if status:
            _native.check(status, slots.error)
        outcome = slots.outcome.value
        return outcome, (slots.latency.value if outcome == ACCEPTED else None)

    def submit_batch(self, agents, books, kinds, quantities, prices, timestamps_ms=None, latencies_ms=None):
        """Submits orders from columns in order; returns (outcomes, latencies) arrays
        (latency NaN for orders that did not rest)."""
        agent_column = as_array(agents, np.int32, "agents", 1)
        n = agent_column.shape[0]
        columns = [
            as_array(books, np.int64, "books", 1), as_array(kinds, np.int32, "kinds", 1),
            as_array(quantities, np.float64, "quantities", 1), as_array(prices, np.float64, "prices", 1),
        ]
        optional = [None if v is None else as_array(v, np.float64, name, 1)
                    for v, name in ((timestamps_ms, "timestamps_ms"), (latencies_ms, "latencies_ms"))]
        for column, name in zip(columns + optional, ["books", "kinds", "quantities", "prices", "timestamps_ms",
                                                     "latencies_ms"]):
            if column is not None:
                check_length(name, column, n, "one per agent")
        outcomes = np.empty(n, dtype=np.int32)
        latencies = np.empty(n, dtype=np.float64)
        accepted = ctypes.c_int64()
        _native.call(_native.lib.ae_hfn_submit_batch, self.pointer, n, _native.pointer(agent_column),
                     *[_native.pointer(c) for c in columns],
                     *[None if c is None else _native.pointer(c) for c in optional],
                     _native.pointer(outcomes), _native.pointer(latencies), ctypes.byref(accepted))
        return outcomes, latencies

    def process_tick(self):
        """Processes one tick and returns its record."""
        record = _native.HFNTick()
        _native.call(_native.lib.ae_hfn_process_tick, self.pointer, ctypes.byref(record))
        return Tick(record.tick_number, record.orders_submitted, record.orders_executed, record.market_price,
                    record.bid_ask_spread, record.volatility, bool(record.halted), bool(record.crash_started))

    def halt(self, duration_ticks=0):
        """Halts for `duration_ticks` (0: the engine's halt duration)."""
        duration_ticks = check_int("duration_ticks", duration_ticks)
        if duration_ticks > 0:
            # The halt ends at the current tick + duration_ticks, which must fit in 64 bits.
            check_int("duration_ticks", duration_ticks, high=INT64_MAX - max(self.state()["current_tick"], 0))
        _native.call(_native.lib.ae_hfn_halt, self.pointer, duration_ticks)

    def state(self):
        """The engine's counters as a dict."""
        record = _native.HFNState()
        _native.call(_native.lib.ae_hfn_state_get, self.pointer, ctypes.byref(record))
        return {name: getattr(record, name) for name, _ in record._fields_}

    def trades(self, start=0):
        """The trade log from `start` on, as columns."""
        start = check_count("start", start)
        count = max(self.state()["trade_count"] - start, 0)
        buyers, sellers = np.empty(count, np.int32), np.empty(count, np.int32)
        books, ticks = np.empty(count, np.int64), np.empty(count, np.int64)
        prices, quantities = np.empty(count, np.float64), np.empty(count, np.float64)
        written = ctypes.c_int64()
        _native.call(_native.lib.ae_hfn_trades, self.pointer, start, count, _native.pointer(buyers),
                     _native.pointer(sellers), _native.pointer(books), _native.pointer(prices),
                     _native.pointer(quantities), _native.pointer(ticks), ctypes.byref(written))
        return Trades(buyers, sellers, books, prices, quantities, ticks)

    def crashes(self, start=0):
        """Crashes from `start` on, with the agent handles active on each crash's tick."""
        def agents_of(index, count):
            agents = np.empty(max(count, 1), dtype=np.int32)
            _native.call(_native.lib.ae_hfn_crash_agents, self.pointer, index, _native.pointer(agents), count)
            return tuple(int(a) for a in agents[:count])

        start = check_count("start", start)
        count = self.state()["crash_count"]
        return _read_crashes(_native.lib.ae_hfn_crashes, self.pointer, start, count, agents_of)

    def speed_gini(self):
        """Gini coefficient of trade counts per agent (agents without trades left out)."""
        gini = ctypes.c_double()
        _native.call(_native.lib.ae_hfn_speed_gini, self.pointer, ctypes.byref(gini))
        return gini.value
