"""High-frequency negotiation on integer handles: the order books, rate limits, batch
clearing and the flash-crash circuit breaker of the native engine.

Agents and books (one per resource) are dense integers. Orders go in one at a time
(`Engine.submit`) or as numpy columns (`Engine.submit_batch`); the trade log comes back as
columns. Order kinds (`OrderKind`) and outcomes (`Outcome`) are integer enums: the module's
constants (`BID`, `ACCEPTED`, ...) are their members, and order kinds are also accepted as
the strings "bid", "ask", "cancel" and "other". Several threads may share one engine: each
call takes the engine's lock.

Examples
--------
>>> from agent_economies import hfn
>>> with hfn.Engine(seed=1, batch_interval_ticks=1) as engine:
...     engine.reserve(2, 1)
...     engine.submit(0, 0, "bid", 2.0, 1.0).outcome
...     engine.submit(1, 0, hfn.ASK, 2.0, 1.0).outcome
...     engine.process_tick().orders_executed
...     engine.trades().prices.tolist()
<Outcome.ACCEPTED: 0>
<Outcome.ACCEPTED: 0>
1
[1.0]
"""

from __future__ import annotations

import ctypes
import enum
import threading
from dataclasses import dataclass
from typing import Any, Callable, Optional, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._checks import (INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, as_array, check_count, check_float, check_int,
                      check_int32, check_length, check_nonnegative, check_option, check_positive, check_rate,
                      describe)
from ._types import Keyed, Unpackable

__all__ = [
    "OrderKind", "Outcome", "BID", "ASK", "CANCEL", "OTHER", "ACCEPTED", "CANCELLED", "REJECTED_HALTED",
    "REJECTED_RATE_LIMITED", "REJECTED_QUANTITY", "REJECTED_PRICE", "REJECTED_NOT_FINITE", "REJECTED_UNKNOWN_TYPE",
    "Tick", "Crash", "Trades", "Submission", "BatchOutcome", "EngineState", "CrashDetector", "Engine",
]


class OrderKind(enum.IntEnum):
    """Kinds of order, as the library's integer codes (the strings "bid", "ask", "cancel"
    and "other" are accepted too).

    Examples
    --------
    >>> from agent_economies.hfn import OrderKind
    >>> OrderKind.ASK == 1, OrderKind["BID"]
    (True, <OrderKind.BID: 0>)
    """

    BID = 0
    """Buy: rests on the book's bid side."""
    ASK = 1
    """Sell: rests on the book's ask side."""
    CANCEL = 2
    """Cancels the agent's resting orders on the book."""
    OTHER = 3
    """Any kind the market does not know: refused after its latency draw, as the reference
    refuses an unknown order type string."""


class Outcome(enum.IntEnum):
    """What became of a submitted order (the library's integer codes).

    Examples
    --------
    >>> from agent_economies.hfn import Outcome
    >>> Outcome(5).name
    'REJECTED_PRICE'
    """

    ACCEPTED = 0
    """The order rests on its book."""
    CANCELLED = 1
    """A cancel order took effect."""
    REJECTED_HALTED = 2
    """Refused: the market is halted."""
    REJECTED_RATE_LIMITED = 3
    """Refused: the agent reached the orders-per-tick limit."""
    REJECTED_QUANTITY = 4
    """Refused: quantity <= 0."""
    REJECTED_PRICE = 5
    """Refused: price <= 0."""
    REJECTED_NOT_FINITE = 6
    """Refused: a NaN or infinite number."""
    REJECTED_UNKNOWN_TYPE = 7
    """Refused: an order of kind `OrderKind.OTHER`."""


BID, ASK, CANCEL, OTHER = OrderKind.BID, OrderKind.ASK, OrderKind.CANCEL, OrderKind.OTHER
ACCEPTED, CANCELLED, REJECTED_HALTED, REJECTED_RATE_LIMITED = (
    Outcome.ACCEPTED, Outcome.CANCELLED, Outcome.REJECTED_HALTED, Outcome.REJECTED_RATE_LIMITED)
REJECTED_QUANTITY, REJECTED_PRICE, REJECTED_NOT_FINITE, REJECTED_UNKNOWN_TYPE = (
    Outcome.REJECTED_QUANTITY, Outcome.REJECTED_PRICE, Outcome.REJECTED_NOT_FINITE, Outcome.REJECTED_UNKNOWN_TYPE)

_KIND_NAMES = {kind.name.lower(): int(kind) for kind in OrderKind}
_ACCEPTED = int(Outcome.ACCEPTED)


@dataclass(frozen=True)
class Tick:
    """One processed tick (`Engine.process_tick`).

    Attributes
    ----------
    tick_number : int
        The tick's number (the first is 1).
    orders_submitted, orders_executed : int
        Orders received and trades made during the tick.
    market_price, bid_ask_spread, volatility : float
        The last trade price, the spread of the best quotes, and the detector's volatility.
    halted : bool
        Whether the market was halted.
    crash_started : bool
        Whether the tick started a flash crash (and a halt).

    Examples
    --------
    >>> from agent_economies import hfn
    >>> hfn.Engine(seed=1).process_tick().tick_number
    1
    """

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
    """One detected flash crash.

    Attributes
    ----------
    start_tick, end_tick : int
        First tick of the crash and the tick it ended (its start tick while open).
    recovery_time_ticks : int
        Ticks from start to recovery (0 while open).
    price_drop_pct : float
        The drop that triggered it, as a fraction of the window's peak price.
    severity : float
        The drop over the detector's threshold.
    agents : tuple of int
        For an engine, the agent handles active on the crash's tick.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> detector = hfn.CrashDetector(window_ticks=5)
    >>> [detector.update(price, 5, tick) for tick, price in enumerate([100.0, 100.0, 80.0])]
    [False, False, True]
    >>> detector.crashes()[0].price_drop_pct
    0.2
    """

    start_tick: int
    end_tick: int
    recovery_time_ticks: int
    price_drop_pct: float
    severity: float
    agents: Tuple[int, ...] = ()


@dataclass(frozen=True)
class Trades:
    """Trades as columns, in execution order (`Engine.trades`).

    Attributes
    ----------
    buyers, sellers : numpy.ndarray of int32
        Agent handles.
    books : numpy.ndarray of int64
        Book handles.
    prices, quantities : numpy.ndarray of float64
        Execution prices and quantities.
    ticks : numpy.ndarray of int64
        The tick of each trade.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> hfn.Engine(seed=1).trades().prices.size
    0
    """

    buyers: NDArray[np.int32]
    sellers: NDArray[np.int32]
    books: NDArray[np.int64]
    prices: NDArray[np.float64]
    quantities: NDArray[np.float64]
    ticks: NDArray[np.int64]


@dataclass(frozen=True)
class Submission(Unpackable):
    """What `Engine.submit` returns; unpacks as ``(outcome, latency_ms)``.

    Attributes
    ----------
    outcome : Outcome
        What became of the order.
    latency_ms : float or None
        The order's latency after the engine's noise draw, for an order that rests
        (`Outcome.ACCEPTED`); None otherwise.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> engine = hfn.Engine(seed=1)
    >>> engine.reserve(1, 1)
    >>> outcome, latency = engine.submit(0, 0, hfn.BID, 0.0, 1.0)
    >>> outcome, latency
    (<Outcome.REJECTED_QUANTITY: 4>, None)
    """

    outcome: Outcome
    latency_ms: Optional[float]


@dataclass(frozen=True)
class BatchOutcome(Unpackable):
    """What `Engine.submit_batch` returns; unpacks as ``(outcomes, latencies_ms)``.

    Attributes
    ----------
    outcomes : numpy.ndarray of int32
        The `Outcome` code of each order.
    latencies_ms : numpy.ndarray of float64
        Latency after the draw of each order that rested; NaN for the others.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> engine = hfn.Engine(seed=1)
    >>> engine.reserve(2, 1)
    >>> batch = engine.submit_batch([0, 1], [0, 0], ["bid", "ask"], [1.0, 1.0], [1.0, -1.0])
    >>> [hfn.Outcome(code).name for code in batch.outcomes]
    ['ACCEPTED', 'REJECTED_PRICE']
    """

    outcomes: NDArray[np.int32]
    latencies_ms: NDArray[np.float64]


@dataclass(frozen=True)
class EngineState(Keyed):
    """An engine's counters (`Engine.state`); ``state["name"]`` reads field ``name`` (the
    dict of earlier versions).

    Attributes
    ----------
    current_tick, halt_until_tick : int
        The last processed tick, and the tick a halt lasts until.
    market_price : float
        The last trade price.
    halted, in_crash : bool
        Whether the market is halted, and whether a flash crash is in progress.
    agents, books : int
        Reserved agent and book handles.
    resting_bids, resting_asks : int
        Orders resting on all books.
    total_bid_volume, total_ask_volume : float
        Their total quantities.
    trade_count, crash_count : int
        Trades and crashes so far.
    volatility : float
        The detector's volatility.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> engine = hfn.Engine(seed=1)
    >>> engine.reserve(3, 1)
    >>> state = engine.state()
    >>> state.agents, state.halted
    (3, False)
    """

    current_tick: int
    halt_until_tick: int
    market_price: float
    halted: bool
    in_crash: bool
    agents: int
    books: int
    resting_bids: int
    resting_asks: int
    total_bid_volume: float
    total_ask_volume: float
    trade_count: int
    crash_count: int
    volatility: float


def _kind_code(kind: object) -> int:
    """An order kind (an `OrderKind`, an int code or a kind's name) as its int32 code."""
    if isinstance(kind, str):
        return check_option("kind", kind.lower(), _KIND_NAMES)
    return check_int32("kind", kind)


def _kind_column(kinds: Any) -> NDArray[np.int32]:
    """A column of order kinds: int codes (or `OrderKind` members), or kind names, or both."""
    if isinstance(kinds, np.ndarray) and kinds.dtype.kind in "UO" and kinds.ndim == 1:
        items = kinds.tolist()
    elif isinstance(kinds, (list, tuple)) and any(isinstance(kind, str) for kind in kinds):
        items = list(kinds)
    else:
        return as_array(kinds, np.int32, "kinds", 1)
    codes = np.empty(len(items), dtype=np.int32)
    for index, kind in enumerate(items):
        if isinstance(kind, str):
            codes[index] = check_option(f"kinds[{index}]", kind.lower(), _KIND_NAMES)
        elif isinstance(kind, (int, np.integer)) and not isinstance(kind, (bool, np.bool_)):
            codes[index] = check_int32(f"kinds[{index}]", kind)
        else:
            raise TypeError(f"kinds[{index}]: expected an order kind (int or name), got {describe(kind)}")
    return codes


def crash_options(price_drop_threshold: float = 0.1, window_ticks: int = 10, volume_spike_factor: float = 3.0,
                  require_volume_spike: bool = False) -> _native.CrashOptions:
    """The library's crash-detector options (``ae_crash_options``) from keyword arguments.

    Parameters
    ----------
    price_drop_threshold : float, default 0.1
        Fractional drop from the window's peak that starts a crash, in (0, 1].
    window_ticks : int, default 10
        Ticks in the rolling window, >= 1.
    volume_spike_factor : float, default 3.0
        Volume over the window's mean that counts as a spike, > 0.
    require_volume_spike : bool, default False
        Start a crash only when the drop coincides with a volume spike.

    Returns
    -------
    ctypes.Structure
        The options, for the engine's and the detector's constructors.

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a value of the wrong kind or out of range.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> hfn.crash_options(window_ticks=5).window_ticks
    5
    """
    options = _native.CrashOptions()
    _native.lib.ae_crash_options_default(ctypes.byref(options))
    options.price_drop_threshold = check_rate("price_drop_threshold", price_drop_threshold)
    options.window_ticks = check_int32("window_ticks", window_ticks, low=1)
    options.volume_spike_factor = check_positive("volume_spike_factor", volume_spike_factor)
    options.require_volume_spike = 1 if require_volume_spike else 0
    return options


class CrashDetector(_native.Handle):
    """The flash-crash rule on its own: feed it tick prices and order counts.

    Parameters
    ----------
    price_drop_threshold : float, default 0.1
        Fractional drop from the window's peak that starts a crash, in (0, 1].
    window_ticks : int, default 10
        Ticks in the rolling window, >= 1.
    volume_spike_factor : float, default 3.0
        Volume over the window's mean that counts as a spike, > 0.
    require_volume_spike : bool, default False
        Start a crash only when the drop coincides with a volume spike.

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a value of the wrong kind or out of range.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> detector = hfn.CrashDetector(window_ticks=5)
    >>> [detector.update(price, 5, tick) for tick, price in enumerate([100.0, 100.0, 80.0])]
    [False, False, True]
    >>> detector.in_crash, len(detector.crashes())
    (True, 1)
    """

    _destroy = "ae_crash_detector_destroy"

    def __init__(self, price_drop_threshold: float = 0.1, window_ticks: int = 10, volume_spike_factor: float = 3.0,
                 require_volume_spike: bool = False) -> None:
        options = crash_options(price_drop_threshold, window_ticks, volume_spike_factor, require_volume_spike)
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_crash_detector_create, ctypes.byref(options), ctypes.byref(pointer))
        super().__init__(pointer)

    def update(self, price: float, volume: int, tick: int) -> bool:
        """Adds a tick.

        Parameters
        ----------
        price : float
            The tick's market price (finite).
        volume : int
            Orders during the tick (>= 0).
        tick : int
            The tick's number.

        Returns
        -------
        bool
            True when this tick starts a crash.
        """
        started = ctypes.c_int32(0)
        _native.call(_native.lib.ae_crash_detector_update, self.pointer, check_float("price", price),
                     check_count("volume", volume), check_int("tick", tick), ctypes.byref(started))
        return bool(started.value)

    def _state(self) -> Tuple[float, bool, int]:
        volatility, in_crash, count = ctypes.c_double(), ctypes.c_int32(), ctypes.c_int64()
        _native.call(_native.lib.ae_crash_detector_state, self.pointer, ctypes.byref(volatility),
                     ctypes.byref(in_crash), ctypes.byref(count))
        return float(volatility.value), bool(in_crash.value), int(count.value)

    @property
    def volatility(self) -> float:
        """Population standard deviation of the window's simple returns."""
        return self._state()[0]

    @property
    def in_crash(self) -> bool:
        """Whether a crash is in progress."""
        return self._state()[1]

    def crashes(self, start: int = 0) -> list[Crash]:
        """The crashes detected so far.

        Parameters
        ----------
        start : int, default 0
            The first crash to return (>= 0).

        Returns
        -------
        list of Crash
            Crashes `start` onwards, oldest first.
        """
        start = check_count("start", start)
        count = self._state()[2]
        return _read_crashes(_native.lib.ae_crash_detector_crashes, self.pointer, start, count, None)

    def reset(self) -> None:
        """Forgets the window and the crashes."""
        _native.call(_native.lib.ae_crash_detector_reset, self.pointer)


def _read_crashes(function: Any, pointer: ctypes.c_void_p, start: int, count: int,
                  agents_of: Optional[Callable[[int, int], Tuple[int, ...]]]) -> list[Crash]:
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

    def __init__(self) -> None:
        self.outcome, self.latency, self.cancelled = ctypes.c_int32(), ctypes.c_double(), ctypes.c_int64()
        self.error = _native.error_buffer()
        self.outcome_ref, self.latency_ref = ctypes.byref(self.outcome), ctypes.byref(self.latency)
        self.cancelled_ref = ctypes.byref(self.cancelled)


class Engine(_native.Handle):
    """The HFN market on integer handles (agents and books grow with `reserve`).

    Parameters
    ----------
    max_orders_per_tick : int, default 10
        Orders an agent may submit per tick, >= 1 (SWARM's ``HFNConfig`` bound).
    latency_noise_ms : float, default 10.0
        Spread of the uniform latency noise, >= 0 (SWARM's bound).
    priority_by_speed : bool, default True
        Match resting orders by latency, fastest first (else by arrival).
    batch_interval_ticks : int, default 5
        Ticks between batch clearings, >= 1 (SWARM's bound).
    halt_duration_ticks : int, default 20
        Ticks a circuit-breaker halt lasts, >= 1 (SWARM's bound).
    price_drop_threshold : float, default 0.1
        The crash detector's drop threshold, in (0, 1] (as in `CrashDetector`).
    window_ticks : int, default 10
        The detector's window, >= 1.
    volume_spike_factor : float, default 3.0
        The detector's volume spike factor, > 0.
    require_volume_spike : bool, default False
        Whether a crash needs a volume spike.
    seed : int, float, str, bytes or None, default None
        With a seed the latency noise is exactly ``random.Random(seed)``'s stream; without one
        it comes from a system-seeded fast generator.

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a value of the wrong kind or out of range.

    Examples
    --------
    >>> from agent_economies import hfn
    >>> engine = hfn.Engine(seed=1, batch_interval_ticks=1)
    >>> engine.reserve(2, 1)
    >>> batch = engine.submit_batch([0, 1], [0, 0], [hfn.BID, hfn.ASK], [2.0, 2.0], [1.0, 1.0])
    >>> batch.outcomes.tolist()
    [0, 0]
    >>> tick = engine.process_tick()
    >>> tick.orders_executed, engine.state().trade_count
    (1, 1)
    >>> hfn.Engine(halt_duration_ticks=0)
    Traceback (most recent call last):
    ...
    ValueError: halt_duration_ticks: must be in [1, 2147483647], got 0
    """

    _destroy = "ae_hfn_destroy"

    def __init__(self, *, max_orders_per_tick: int = 10, latency_noise_ms: float = 10.0,
                 priority_by_speed: bool = True, batch_interval_ticks: int = 5, halt_duration_ticks: int = 20,
                 price_drop_threshold: float = 0.1, window_ticks: int = 10, volume_spike_factor: float = 3.0,
                 require_volume_spike: bool = False, seed: Union[int, float, str, bytes, None] = None) -> None:
        options = _native.HFNOptions()
        _native.lib.ae_hfn_options_default(ctypes.byref(options))
        options.max_orders_per_tick = check_int32("max_orders_per_tick", max_orders_per_tick, low=1)
        options.latency_noise_ms = check_nonnegative("latency_noise_ms", latency_noise_ms)
        options.priority_by_speed = 1 if priority_by_speed else 0
        options.batch_interval_ticks = check_int32("batch_interval_ticks", batch_interval_ticks, low=1)
        options.halt_duration_ticks = check_int32("halt_duration_ticks", halt_duration_ticks, low=1)
        options.crash = crash_options(price_drop_threshold, window_ticks, volume_spike_factor, require_volume_spike)
        words, seeded = _native.seed_words(seed)
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_hfn_create, ctypes.byref(options), words, len(words) if seeded else 0, seeded,
                     ctypes.byref(pointer))
        super().__init__(pointer)
        # Out-parameters of `submit`, one set per thread: threads sharing the engine never
        # read each other's outcome, latency or error message.
        self._slots = threading.local()

    def reserve(self, agents: int, books: int) -> None:
        """Grows the engine's handle ranges (it never shrinks them).

        Parameters
        ----------
        agents : int
            Agent handles 0..agents-1 become valid.
        books : int
            Book handles 0..books-1 become valid.
        """
        _native.call(_native.lib.ae_hfn_reserve, self.pointer, check_int("agents", agents),
                     check_int("books", books))

    def submit(self, agent: int, book: int, kind: Union[OrderKind, int, str], quantity: float, price: float,
               timestamp_ms: float = 0.0, latency_ms: float = 0.0) -> Submission:
        """Submits one order.

        Parameters
        ----------
        agent : int
            The agent's handle (reserved).
        book : int
            The book's handle (reserved; any value for a cancel of a book never created).
        kind : OrderKind, int or str
            `OrderKind` member, its code, or its name ("bid", "ask", "cancel", "other").
        quantity, price : float
            The order's quantity and limit price.
        timestamp_ms, latency_ms : float, default 0.0
            The order's timestamp and latency before the noise draw.

        Returns
        -------
        Submission
            The outcome, and the latency after the draw for an order that rests (unpacks as
            ``(outcome, latency_ms)``). A NaN or infinite number is not an error: the order
            is refused with `Outcome.REJECTED_NOT_FINITE`.

        Raises
        ------
        TypeError, ValueError
            Naming the argument, for an unreserved or ill-typed handle or an unknown kind.
        """
        code = _kind_code(kind) if isinstance(kind, (str, OrderKind)) else kind
        outcome, latency = self._submit(agent, book, code, quantity, price, timestamp_ms, latency_ms)
        return Submission(Outcome(outcome), latency)

    def _submit(self, agent: Any, book: Any, kind: Any, quantity: Any, price: Any, timestamp_ms: Any = 0.0,
                latency_ms: Any = 0.0) -> Tuple[int, Optional[float]]:
        """`submit` as a plain ``(outcome code, latency or None)`` tuple, for callers that
        submit orders one by one in a loop (the SWARM backend)."""
        if not (type(agent) is int and type(book) is int and type(kind) is int
                and INT32_MIN <= agent <= INT32_MAX and INT64_MIN <= book <= INT64_MAX
                and INT32_MIN <= kind <= INT32_MAX):
            agent, book, kind = check_int32("agent", agent), check_int("book", book), _kind_code(kind)
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
        outcome: int = slots.outcome.value
        return outcome, (slots.latency.value if outcome == _ACCEPTED else None)

    def submit_batch(self, agents: ArrayLike, books: ArrayLike, kinds: ArrayLike, quantities: ArrayLike,
                     prices: ArrayLike, timestamps_ms: Optional[ArrayLike] = None,
                     latencies_ms: Optional[ArrayLike] = None) -> BatchOutcome:
        """Submits orders from columns, in order.

        Parameters
        ----------
        agents : array_like of int
            Agent handles, one per order.
        books : array_like of int
            Book handles.
        kinds : array_like of int or str
            `OrderKind` codes, or names ("bid", "ask", "cancel", "other").
        quantities, prices : array_like of float
            Quantities and limit prices.
        timestamps_ms, latencies_ms : array_like of float, optional
            Timestamps and latencies before the draw (default 0).

        Returns
        -------
        BatchOutcome
            Outcome codes and latencies after the draw (NaN for orders that did not rest);
            unpacks as ``(outcomes, latencies_ms)``.

        Raises
        ------
        TypeError, ValueError
            Naming the column, for columns of different lengths, handles out of range, or an
            unknown kind name.
        """
        agent_column = as_array(agents, np.int32, "agents", 1)
        n = agent_column.shape[0]
        columns = [
            as_array(books, np.int64, "books", 1), _kind_column(kinds),
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
        return BatchOutcome(outcomes, latencies)

    def process_tick(self) -> Tick:
        """Processes one tick: matching, batch clearing, the crash check and the halt.

        Returns
        -------
        Tick
            The tick's record.
        """
        record = _native.HFNTick()
        _native.call(_native.lib.ae_hfn_process_tick, self.pointer, ctypes.byref(record))
        return Tick(record.tick_number, record.orders_submitted, record.orders_executed, record.market_price,
                    record.bid_ask_spread, record.volatility, bool(record.halted), bool(record.crash_started))

    def halt(self, duration_ticks: int = 0) -> None:
        """Halts the market.

        Parameters
        ----------
        duration_ticks : int, default 0
            Ticks to halt for (0: the engine's halt duration).
        """
        duration_ticks = check_int("duration_ticks", duration_ticks)
        if duration_ticks > 0:
            # The halt ends at the current tick + duration_ticks, which must fit in 64 bits.
            check_int("duration_ticks", duration_ticks, high=INT64_MAX - max(self._record().current_tick, 0))
        _native.call(_native.lib.ae_hfn_halt, self.pointer, duration_ticks)

    def _record(self) -> Any:
        record = _native.HFNState()
        _native.call(_native.lib.ae_hfn_state_get, self.pointer, ctypes.byref(record))
        return record

    def state(self) -> EngineState:
        """The engine's counters.

        Returns
        -------
        EngineState
        """
        record = self._record()
        values = {name: getattr(record, name) for name, _ in record._fields_}
        values["halted"], values["in_crash"] = bool(values["halted"]), bool(values["in_crash"])
        return EngineState(**values)

    def trades(self, start: int = 0) -> Trades:
        """The trade log, as columns.

        Parameters
        ----------
        start : int, default 0
            The first trade to return (>= 0).

        Returns
        -------
        Trades
            Trades `start` onwards, in execution order.
        """
        start = check_count("start", start)
        count = max(self._record().trade_count - start, 0)
        buyers, sellers = np.empty(count, np.int32), np.empty(count, np.int32)
        books, ticks = np.empty(count, np.int64), np.empty(count, np.int64)
        prices, quantities = np.empty(count, np.float64), np.empty(count, np.float64)
        written = ctypes.c_int64()
        _native.call(_native.lib.ae_hfn_trades, self.pointer, start, count, _native.pointer(buyers),
                     _native.pointer(sellers), _native.pointer(books), _native.pointer(prices),
                     _native.pointer(quantities), _native.pointer(ticks), ctypes.byref(written))
        return Trades(buyers, sellers, books, prices, quantities, ticks)

    def crashes(self, start: int = 0) -> list[Crash]:
        """The flash crashes so far, with the agent handles active on each crash's tick.

        Parameters
        ----------
        start : int, default 0
            The first crash to return (>= 0).

        Returns
        -------
        list of Crash
            Crashes `start` onwards, oldest first.
        """
        def agents_of(index: int, count: int) -> Tuple[int, ...]:
            agents = np.empty(max(count, 1), dtype=np.int32)
            _native.call(_native.lib.ae_hfn_crash_agents, self.pointer, index, _native.pointer(agents), count)
            return tuple(int(a) for a in agents[:count])

        start = check_count("start", start)
        count = int(self._record().crash_count)
        return _read_crashes(_native.lib.ae_hfn_crashes, self.pointer, start, count, agents_of)

    def speed_gini(self) -> float:
        """Gini coefficient of trade counts per agent.

        Returns
        -------
        float
            The Gini coefficient over agents with at least one trade.
        """
        gini = ctypes.c_double()
        _native.call(_native.lib.ae_hfn_speed_gini, self.pointer, ctypes.byref(gini))
        return float(gini.value)
