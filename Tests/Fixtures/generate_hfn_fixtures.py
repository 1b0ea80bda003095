"""Generate ``hfn.json``, the reference fixtures for the Swift port of the
high-frequency negotiation engine and its flash-crash detector
(``swarm.env.hfn`` in swarm-safety 1.9.0).

The file has two lists.

``cases`` drives an ``HFNEngine``. Each case gives the engine configuration,
the engine seed (``null`` means ``random.Random(None)``; those cases use
``latency_noise_ms == 0`` so the unseeded draws cannot show in the output) and
a list of steps, replayed in order:

* ``submit``: the order as handed to ``submit_order`` (before the engine adds
  latency noise), whether it was accepted, and ``order.latency_ms`` after the
  call returned (the engine only adds noise, consuming one ``uniform`` draw,
  to valid bid/ask orders that pass the halt and rate-limit checks);
* ``tick``: the ``HFNTick`` returned by ``process_tick``, the trades executed
  during that call (in execution order), ``is_halted`` and ``market_price``
  after the call and ``get_order_book_depth()`` after the call;
* ``halt``: a manual ``halt(duration)`` call (``null`` means ``halt(None)``).

``final`` holds the crash history (``get_crash_history()``; the random
``crash_id`` is left out), the market price, halt flag, tick counter,
``speed_advantage_gini()`` and the order-book depth at the end of the case.

``detector_cases`` drives a bare ``FlashCrashDetector`` with hand-written or
seeded price paths. For each update the file holds the tick data, the crash
event returned by ``update`` (as it was at that moment; the reference later
mutates the same object when the crash recovers), the volatility index and the
in-crash flag afterwards; ``crash_history`` is the final history.

Only ``bid``, ``ask`` and ``cancel`` orders occur, every engine case uses a
single resource type and ``priority_by_speed`` is always true (the reference
never reads that flag, nor ``tick_duration_ms``; the detector never reads
``volume_spike_factor``). Note that ``halt(0)`` falls back to the configured
duration like ``halt(None)`` (the reference tests ``duration or default``), and
that batch clearing also runs while the market is halted. The reference only
uses infinity internally (the best ask of an empty book, which it maps to a
spread of 0), so no value here is infinite; had one been, it would have been written as ``null``. The
order-book volumes of an empty book are the int 0 in the reference (``sum`` of
nothing); they are written as the float 0.0.

The reference package is only called, never re-implemented here. Every input
is either hand-written or drawn from a seeded ``random.Random``, so running the
script twice gives byte-identical output. Floats are written by ``json.dump``
using ``repr``, which round-trips exactly to IEEE-754 doubles.

Regenerate from the repository root with:

    python3 -m venv .venv && .venv/bin/pip install swarm-safety==1.9.0 && .venv/bin/python Tests/Fixtures/generate_hfn_fixtures.py

Note: the checked-in file was produced with CPython 3.11. From CPython 3.12
on, the built-in ``sum()`` of floats uses compensated summation, which can
change the last bits of the order-book volumes and of the volatility index;
use a 3.10 or 3.11 interpreter to reproduce the file exactly.
"""

import json
import math
import os
import random

from fixture_support import REQUIRED_VERSION, require_reference, write_fixture  # noqa: E402

require_reference()

from swarm.env.hfn import (  # noqa: E402
    FlashCrashDetector,
    HFNConfig,
    HFNEngine,
    HFNOrder,
    HFNTick,
)

OUTPUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hfn.json")


# ---------------------------------------------------------------------------
# Input construction helpers
# ---------------------------------------------------------------------------


def config(
    tick_duration_ms=100.0,
    max_orders_per_tick=10,
    latency_noise_ms=10.0,
    batch_interval_ticks=5,
    halt_duration_ticks=20,
):
    return {
        "tick_duration_ms": float(tick_duration_ms),
        "max_orders_per_tick": int(max_orders_per_tick),
        "latency_noise_ms": float(latency_noise_ms),
        "priority_by_speed": True,
        "batch_interval_ticks": int(batch_interval_ticks),
        "halt_duration_ticks": int(halt_duration_ticks),
    }


def order(agent_id, order_type, quantity, price, timestamp_ms=0.0, latency_ms=0.0,
          resource_type="compute"):
    return {
        "agent_id": agent_id,
        "order_type": order_type,
        "resource_type": resource_type,
        "quantity": float(quantity),
        "price": float(price),
        "timestamp_ms": float(timestamp_ms),
        "latency_ms": float(latency_ms),
    }


def submit(o):
    return {"op": "submit", "order": o}


def tick():
    return {"op": "tick"}


def halt(duration):
    return {"op": "halt", "duration": duration}


def case(name, cfg, seed, steps):
    if seed is None:
        assert cfg["latency_noise_ms"] == 0.0, f"{name}: unseeded case needs zero noise"
    return {"name": name, "config": cfg, "seed": seed, "steps": steps}


# ---------------------------------------------------------------------------
# Running the reference
# ---------------------------------------------------------------------------


def crash_dict(event):
    d = event.to_dict()
    del d["crash_id"]  # random uuid4, not part of the behaviour
    d["trigger_agent_ids"] = list(d["trigger_agent_ids"])
    return d


def depth_dict(engine):
    d = engine.get_order_book_depth()
    # sum() of an empty book is the int 0; write volumes as floats throughout.
    d["total_bid_volume"] = float(d["total_bid_volume"])
    d["total_ask_volume"] = float(d["total_ask_volume"])
    return d


def run_reference(c):
    engine = HFNEngine(HFNConfig(**c["config"]), seed=c["seed"])
    assert engine.config.priority_by_speed is True
    steps_out = []
    n_orders = 0
    for step in c["steps"]:
        op = step["op"]
        if op == "submit":
            o = step["order"]
            assert o["order_type"] in ("bid", "ask", "cancel")
            obj = HFNOrder(order_id=f"o{n_orders:06d}", **o)
            n_orders += 1
            accepted = engine.submit_order(obj)
            assert isinstance(accepted, bool)
            steps_out.append({
                "op": "submit",
                "order": dict(o),
                "accepted": accepted,
                "latency_ms_after": obj.latency_ms,
            })
        elif op == "tick":
            before = len(engine._executed_trades)
            t = engine.process_tick()
            trades = [dict(tr) for tr in engine._executed_trades[before:]]
            assert len(trades) == t.orders_executed
            steps_out.append({
                "op": "tick",
                "tick": t.to_dict(),
                "trades": trades,
                "is_halted_after": engine.is_halted,
                "market_price_after": engine.market_price,
                "depth": depth_dict(engine),
            })
        elif op == "halt":
            engine.halt(step["duration"])
            steps_out.append({"op": "halt", "duration": step["duration"]})
        else:
            raise ValueError(op)
    return {
        "name": c["name"],
        "config": c["config"],
        "seed": c["seed"],
        "steps": steps_out,
        "final": {
            "crash_history": [crash_dict(e) for e in engine.get_crash_history()],
            "market_price": engine.market_price,
            "is_halted": engine.is_halted,
            "current_tick": engine.current_tick,
            "speed_advantage_gini": engine.speed_advantage_gini(),
            "depth": depth_dict(engine),
        },
    }


def run_detector(d):
    det = FlashCrashDetector(
        price_drop_threshold=d["price_drop_threshold"],
        window_ticks=d["window_ticks"],
        volume_spike_factor=d["volume_spike_factor"],
    )
    updates = []
    for u in d["updates"]:
        t = HFNTick(
            tick_number=u["tick_number"],
            market_price=u["market_price"],
            orders_submitted=u["orders_submitted"],
        )
        event = det.update(t, list(u["active_agent_ids"]))
        updates.append({
            "tick_number": u["tick_number"],
            "market_price": u["market_price"],
            "orders_submitted": u["orders_submitted"],
            "active_agent_ids": list(u["active_agent_ids"]),
            "event": None if event is None else crash_dict(event),
            "volatility_after": det.get_volatility_index(),
            "in_crash_after": det.is_in_crash,
        })
    return {
        "name": d["name"],
        "price_drop_threshold": d["price_drop_threshold"],
        "window_ticks": d["window_ticks"],
        "volume_spike_factor": d["volume_spike_factor"],
        "updates": updates,
        "crash_history": [crash_dict(e) for e in det.get_crash_history()],
    }




# ---------------------------------------------------------------------------
# Hand-written engine cases
# ---------------------------------------------------------------------------


def hand_written_cases():
    cases = []
    add = cases.append

    # An engine that only ticks: no trades, no crash, price stays 1.0.
    add(case("empty_engine_ticking", config(), 7,
             [tick() for _ in range(12)] + [halt(None)] + [tick() for _ in range(25)]))

    # Small book, batch every tick, no noise, unseeded. Covers price/time
    # priority (equal prices ordered by effective time, then arrival), partial
    # fills, residues at the 1e-10 threshold, invalid orders, the rate limit,
    # cancels, manual halts (0 and None fall back to the configured duration).
    cfg = config(max_orders_per_tick=3, latency_noise_ms=0.0, batch_interval_ticks=1,
                 halt_duration_ticks=5)
    s = []
    # Tick 1: resting bids with equal prices; ties broken by effective time
    # (timestamp + latency) and then by arrival.
    s += [submit(order("a", "bid", 2.0, 1.00, 10.0, 5.0)),   # eff 15
          submit(order("b", "bid", 1.0, 1.00, 12.0, 0.0)),   # eff 12
          submit(order("c", "bid", 1.5, 1.00, 15.0, 0.0)),   # eff 15, after a
          submit(order("d", "bid", 1.0, 0.95, 0.0, 0.0)),
          tick()]
    # Tick 2: one ask sweeping through the tied bids with partial fills.
    s += [submit(order("e", "ask", 4.0, 0.90, 20.0, 1.0)),
          tick()]
    # Tick 3: invalid orders (rejected without using the rate limit) and the
    # rate limit itself (agent f gets 3 accepted orders, the 4th is refused).
    s += [submit(order("f", "ask", 0.0, 1.10, 0.0, 0.0)),
          submit(order("f", "ask", -1.0, 1.10, 0.0, 0.0)),
          submit(order("f", "ask", 1.0, 0.0, 0.0, 0.0)),
          submit(order("f", "ask", 1.0, -2.0, 0.0, 0.0)),
          submit(order("f", "ask", 1.0, 1.10, 30.0, 0.0)),
          submit(order("f", "ask", 1.0, 1.05, 30.0, 0.0)),
          submit(order("f", "ask", 1.0, 1.05, 25.0, 0.0)),
          submit(order("f", "ask", 1.0, 1.00, 25.0, 0.0)),   # over the limit
          submit(order("f", "cancel", 0.0, 0.0, 0.0, 0.0)),  # over the limit too
          tick()]
    # Tick 4: cancel removes every order of one agent; a cancel with junk
    # quantity and price is still accepted.
    s += [submit(order("f", "cancel", -3.0, -1.0, 0.0, 0.0)),
          submit(order("g", "bid", 0.3, 1.20, 40.0, 0.0)),
          submit(order("h", "ask", 0.1, 1.20, 40.0, 0.0)),
          submit(order("i", "ask", 0.2, 1.20, 40.0, 0.0)),   # 0.3 - 0.1 - 0.2 residue
          tick()]
    # Tick 5: tiny quantities around the 1e-10 removal threshold.
    s += [submit(order("j", "bid", 5e-11, 1.30, 50.0, 0.0)),
          submit(order("k", "ask", 1.0, 1.25, 50.0, 0.0)),
          submit(order("l", "bid", 1.0 + 5e-11, 1.25, 51.0, 0.0)),
          tick()]
    # Manual halts: orders during a halt are refused, cancels included.
    s += [halt(2),
          submit(order("m", "bid", 1.0, 1.25, 60.0, 0.0)),
          submit(order("k", "cancel", 0.0, 0.0, 60.0, 0.0)),
          tick(),
          submit(order("m", "bid", 1.0, 1.25, 70.0, 0.0)),
          tick(),
          submit(order("m", "bid", 1.0, 1.25, 80.0, 0.0)),
          tick(),
          halt(0),     # 0 is falsy: the configured 5 ticks are used
          tick(), tick(), tick(),
          submit(order("n", "ask", 1.0, 1.25, 90.0, 0.0)),
          tick(), tick(),
          submit(order("n", "ask", 1.0, 1.25, 100.0, 0.0)),
          halt(None),  # configured 5 ticks
          halt(1),     # shortens the halt again
          tick(),
          submit(order("n", "ask", 1.0, 1.25, 110.0, 0.0)),
          tick()]
    # A crash: the price falls from 1.25 to 1.0 (20 %), the engine halts
    # itself for 5 ticks, then trades back at 1.2 (recovered, >= 95 %).
    s += [submit(order("o", "bid", 1.0, 1.00, 120.0, 0.0)),
          submit(order("p", "ask", 1.0, 1.00, 120.0, 0.0)),
          tick()]
    s += [submit(order("o", "bid", 1.0, 1.20, 130.0, 0.0)), tick()]
    s += [tick() for _ in range(5)]
    s += [submit(order("o", "bid", 1.0, 1.20, 140.0, 0.0)),
          submit(order("p", "ask", 2.0, 1.18, 140.0, 0.0)),
          tick(), tick()]
    add(case("hand_written_small_book", cfg, None, s))

    # Same timestamps everywhere: ties at equal price are decided by latency
    # and then by arrival; batch every 3 ticks, noisy latency, seeded.
    cfg = config(max_orders_per_tick=10, latency_noise_ms=10.0, batch_interval_ticks=3,
                 halt_duration_ticks=1)
    s = []
    for k in range(4):
        s += [submit(order(f"s{k}", "ask", 1.0, 2.00, 0.0, float(k % 2))),
              submit(order(f"b{k}", "bid", 0.5, 2.00, 0.0, 0.0))]
    s += [tick(), tick(), tick()]
    s += [submit(order("x", "bid", 10.0, 2.10, 0.0, 0.0)), tick(), tick(), tick()]
    add(case("hand_written_equal_timestamps_batch_3", cfg, 11, s))
    return cases


# ---------------------------------------------------------------------------
# Random order streams
# ---------------------------------------------------------------------------


def price_path(rng, n_ticks, start, vol, crash_prob, open_crash_at_end=False):
    """A random walk of the mid price with sudden 15-40 % drops that recover.

    Returns one mid price per tick. A drop happens over 1-4 ticks, the price
    stays low for 0-6 ticks and then climbs back (mostly to about the pre-crash
    level, sometimes only part of the way) over 3-12 ticks.
    """
    mids = []
    mid = start
    plan = []  # queued multiplicative moves
    for t in range(n_ticks):
        if open_crash_at_end and t == n_ticks - 12:
            drop = 0.35
            plan = [(1.0 - drop) ** (1.0 / 3.0)] * 3 + [1.0] * 9
        if plan:
            mid *= plan.pop(0)
        else:
            mid *= math.exp(rng.gauss(0.0, vol))
            if t < n_ticks - 15 and rng.random() < crash_prob:
                drop = rng.uniform(0.15, 0.40)
                k_down = rng.randint(1, 4)
                k_hold = rng.randint(0, 6)
                k_up = rng.randint(3, 12)
                back = 1.0 / (1.0 - drop)
                if rng.random() < 0.2:
                    back = back ** rng.uniform(0.3, 0.7)  # partial recovery
                plan = ([(1.0 - drop) ** (1.0 / k_down)] * k_down + [1.0] * k_hold
                        + [back ** (1.0 / k_up)] * k_up)
        mids.append(mid)
    return mids


def on_grid(x, grid, decimals):
    k = max(1, int(round(x / grid)))
    return round(k * grid, decimals)


def random_stream(name, cfg, seed, rng_seed, *, n_orders, n_agents, grid=0.05, decimals=2,
                  start=20.0, vol=0.004, crash_prob=0.02, orders_per_tick=(4, 14),
                  burst_prob=0.15, cancel_prob=0.05, invalid_prob=0.04,
                  marketable_prob=0.35, manual_halt_prob=0.01, same_timestamp=False,
                  open_crash_at_end=False):
    """A seeded stream of orders on one resource around a moving mid price."""
    rng = random.Random(rng_seed)
    agents = [f"ag{i:02d}" for i in range(n_agents)]
    base_latency = {a: rng.choice([0.0, 0.0, 0.5, 1.0, 2.0, 2.0, 5.0, 20.0]) for a in agents}
    weights = [1.0 / (1 + i) ** 0.7 for i in range(n_agents)]  # some agents more active
    td = cfg["tick_duration_ms"]
    limit = cfg["max_orders_per_tick"]
    avg = (orders_per_tick[0] + orders_per_tick[1]) / 2.0
    n_ticks = int(n_orders / avg * 1.05) + 1
    mids = price_path(rng, n_ticks, start, vol, crash_prob, open_crash_at_end)

    def make_order(agent, t, mid):
        if same_timestamp:
            ts = t * td
        elif rng.random() < 0.7:
            ts = t * td + rng.randint(0, 9) * (td / 10.0)  # coarse grid: many coincide
        else:
            ts = round(t * td + rng.uniform(0.0, td), 3)
        lat = base_latency[agent]
        if rng.random() < 0.2:
            lat = rng.choice([0.0, 0.5, 1.0, 2.0, 5.0])
        u = rng.random()
        if u < cancel_prob:
            return order(agent, "cancel", 0.0, 0.0, ts, lat)
        side = "bid" if rng.random() < 0.5 else "ask"
        if rng.random() < 0.5:
            qty = rng.randint(1, 20) * 0.5
        else:
            qty = round(rng.uniform(0.01, 10.0), 3)
        if rng.random() < marketable_prob:
            off = abs(rng.gauss(0.0, 0.006))
            price = mid * (1.0 + off) if side == "bid" else mid * (1.0 - off)
        else:
            off = abs(rng.gauss(0.0, 0.015))
            price = mid * (1.0 - off) if side == "bid" else mid * (1.0 + off)
        price = on_grid(price, grid, decimals)
        if rng.random() < invalid_prob:
            which = rng.randint(0, 3)
            if which == 0:
                qty = 0.0
            elif which == 1:
                qty = -qty
            elif which == 2:
                price = 0.0
            else:
                price = -price
        return order(agent, side, qty, price, ts, lat)

    steps = []
    count = 0
    t = 0
    while count < n_orders:
        mid = mids[min(t, len(mids) - 1)]
        n = rng.randint(*orders_per_tick)
        plan = [rng.choices(agents, weights)[0] for _ in range(n)]
        if rng.random() < burst_prob:
            burster = rng.choice(agents)
            pos = rng.randint(0, len(plan))
            plan[pos:pos] = [burster] * (limit + rng.randint(1, 3))
        for i, agent in enumerate(plan):
            if rng.random() < manual_halt_prob / max(1, len(plan)):
                steps.append(halt(rng.choice([None, 1, 2, 3, 8])))
            steps.append(submit(make_order(agent, t, mid)))
            count += 1
        t += 1
        steps.append(tick())
    # Let the book settle for a couple of batch intervals.
    for _ in range(2 * cfg["batch_interval_ticks"]):
        steps.append(tick())
    return case(name, cfg, seed, steps)


def random_cases():
    cases = []
    add = cases.append
    add(random_stream(
        "stream_default_config_20_agents", config(), 42, 1001,
        n_orders=2000, n_agents=20, crash_prob=0.03))
    add(random_stream(
        "stream_batch_1_limit_3_noise_50_halt_5", config(
            max_orders_per_tick=3, latency_noise_ms=50.0, batch_interval_ticks=1,
            halt_duration_ticks=5),
        2024, 1002, n_orders=2000, n_agents=12, grid=0.01, start=5.0, crash_prob=0.03))
    add(random_stream(
        "stream_batch_3_limit_10_noise_0_unseeded_halt_1", config(
            tick_duration_ms=50.0, max_orders_per_tick=10, latency_noise_ms=0.0,
            batch_interval_ticks=3, halt_duration_ticks=1),
        None, 1003, n_orders=2000, n_agents=30, grid=0.05, start=10.0, crash_prob=0.03))
    add(random_stream(
        "stream_batch_1_limit_1_noise_10_halt_20_open_crash", config(
            max_orders_per_tick=1, latency_noise_ms=10.0, batch_interval_ticks=1,
            halt_duration_ticks=20),
        7, 1004, n_orders=700, n_agents=40, grid=0.05, start=25.0, crash_prob=0.02,
        orders_per_tick=(6, 20), open_crash_at_end=True))
    add(random_stream(
        "stream_batch_5_limit_3_noise_10_same_timestamps", config(
            max_orders_per_tick=3, latency_noise_ms=10.0, batch_interval_ticks=5,
            halt_duration_ticks=5),
        99, 1005, n_orders=350, n_agents=10, grid=0.05, start=15.0, crash_prob=0.04,
        same_timestamp=True))
    add(random_stream(
        "stream_batch_3_limit_3_noise_0_seeded_halt_20", config(
            tick_duration_ms=1000.0, max_orders_per_tick=3, latency_noise_ms=0.0,
            batch_interval_ticks=3, halt_duration_ticks=20),
        3, 1006, n_orders=350, n_agents=15, grid=0.01, start=2.0, crash_prob=0.04))
    add(random_stream(
        "stream_batch_5_limit_10_noise_50_50_agents", config(
            max_orders_per_tick=10, latency_noise_ms=50.0, batch_interval_ticks=5,
            halt_duration_ticks=1),
        123456, 1007, n_orders=400, n_agents=50, grid=0.05, start=30.0, crash_prob=0.05,
        orders_per_tick=(10, 30)))
    add(random_stream(
        "stream_batch_1_limit_10_noise_0_unseeded_many_invalid_cancels", config(
            max_orders_per_tick=10, latency_noise_ms=0.0, batch_interval_ticks=1,
            halt_duration_ticks=5),
        None, 1008, n_orders=350, n_agents=10, grid=0.05, start=8.0, crash_prob=0.04,
        cancel_prob=0.15, invalid_prob=0.15, manual_halt_prob=0.05))
    add(random_stream(
        "stream_batch_3_limit_1_noise_50_halt_5_manual_halts", config(
            max_orders_per_tick=1, latency_noise_ms=50.0, batch_interval_ticks=3,
            halt_duration_ticks=5),
        31337, 1009, n_orders=350, n_agents=25, grid=0.01, start=3.0, crash_prob=0.05,
        orders_per_tick=(5, 15), manual_halt_prob=0.08))
    return cases


# ---------------------------------------------------------------------------
# Detector cases
# ---------------------------------------------------------------------------


def detector_case(name, prices, *, threshold=0.1, window=10, spike=3.0, rng=None,
                  agents=("a", "b", "c")):
    updates = []
    for i, p in enumerate(prices):
        if rng is None:
            volume = (i * 7) % 5
            active = list(agents[: (i % (len(agents) + 1))])
        else:
            volume = rng.randint(0, 40)
            active = rng.sample(list(agents), rng.randint(0, len(agents)))
        updates.append({
            "tick_number": i + 1,
            "market_price": float(p),
            "orders_submitted": volume,
            "active_agent_ids": active,
        })
    return {
        "name": name,
        "price_drop_threshold": float(threshold),
        "window_ticks": int(window),
        "volume_spike_factor": float(spike),
        "updates": updates,
    }


def detector_cases():
    out = []
    add = out.append
    # Exact boundaries: a 10 % drop (10/100 == 0.1) triggers, recovery at
    # exactly 95 % of the pre-crash window maximum ends the crash; a second
    # drop that stays open at the end.
    add(detector_case("default_exact_boundaries",
                      [100.0, 100.0, 95.0, 90.00000000000001, 90.0, 91.0, 94.0,
                       94.99999999999999, 95.0, 96.0, 100.0, 100.0, 100.0, 70.0, 60.0,
                       80.0, 90.0, 101.0, 50.0, 52.0]))
    # The window forgets old maxima: a slow decline never triggers.
    add(detector_case("slow_decline_window_3",
                      [100.0 * 0.97 ** i for i in range(40)], threshold=0.1, window=3))
    # Window 1: the history never holds two prices, so nothing happens.
    add(detector_case("window_1_never_triggers",
                      [10.0, 1.0, 10.0, 0.5, 20.0], window=1))
    # Zero and tiny prices: returns divide by max(prev, 1e-10).
    add(detector_case("zero_and_tiny_prices",
                      [1.0, 0.0, 0.0, 1e-12, 1.0, 1.0, 2.0, 0.0, 3.0],
                      threshold=0.5, window=4, spike=1.0))
    # Seeded random walks with sudden drops.
    rng = random.Random(5153)
    walk = price_path(rng, 200, 50.0, 0.005, 0.06, open_crash_at_end=True)
    add(detector_case("random_walk_default", walk, rng=rng,
                      agents=tuple(f"ag{i:02d}" for i in range(12))))
    rng = random.Random(6160)
    walk = price_path(rng, 150, 1.0, 0.02, 0.06)
    add(detector_case("random_walk_threshold_0_2_window_5", walk, threshold=0.2, window=5,
                      spike=10.0, rng=rng, agents=("x", "y", "z", "w")))
    rng = random.Random(7170)
    walk = [on_grid(p, 0.05, 2) for p in price_path(rng, 150, 4.0, 0.015, 0.06)]
    add(detector_case("random_walk_on_grid_threshold_0_05_window_2", walk, threshold=0.05,
                      window=2, spike=2.0, rng=rng))
    return out


# ---------------------------------------------------------------------------


def main():
    inputs = hand_written_cases() + random_cases()
    names = [c["name"] for c in inputs]
    assert len(names) == len(set(names)), "case names must be unique"
    cases = [run_reference(c) for c in inputs]
    dets = [run_detector(d) for d in detector_cases()]
    names = [d["name"] for d in dets]
    assert len(names) == len(set(names)), "detector case names must be unique"

    doc = {"swarm_safety_version": REQUIRED_VERSION, "cases": cases, "detector_cases": dets}
    write_fixture(OUTPUT_PATH, doc)

    n_orders = sum(1 for c in cases for s in c["steps"] if s["op"] == "submit")
    n_accepted = sum(1 for c in cases for s in c["steps"] if s["op"] == "submit" and s["accepted"])
    n_trades = sum(len(s["trades"]) for c in cases for s in c["steps"] if s["op"] == "tick")
    crashes = [e for c in cases for e in c["final"]["crash_history"]]
    recovered = sum(1 for e in crashes if e["recovery_time_ticks"] > 0)
    det_crashes = sum(len(d["crash_history"]) for d in dets)
    print(f"wrote {len(cases)} engine cases and {len(dets)} detector cases to {OUTPUT_PATH}")
    print(f"  orders {n_orders} (accepted {n_accepted}), trades {n_trades}, "
          f"engine crashes {len(crashes)} (recovered {recovered}, open {len(crashes) - recovered}), "
          f"detector crashes {det_crashes}")
    for c in cases:
        ch = c["final"]["crash_history"]
        print(f"  {c['name']}: steps {len(c['steps'])}, "
              f"trades {sum(len(s['trades']) for s in c['steps'] if s['op'] == 'tick')}, "
              f"crashes {len(ch)} (open {sum(1 for e in ch if e['recovery_time_ticks'] == 0)})")


if __name__ == "__main__":
    main()
