"""Speed through SWARM's own API: each scenario runs SWARM 1.9.0's class and the
native-backed class from `swarm_backend` on the same input in the same process, checks that
the answers agree, and prints the times and the ratio.

    python -m agent_economies.bench [--quick] [--only NAME] [--json FILE]

Needs swarm-safety==1.9.0 installed. Scenarios (the issue's floors in brackets):
  sybil       IdentityRegistry.detect_sybil_clusters, 2,000 agents          [>= 200x]
  auction     DworkinAuction.run_auction, 1,000 agents x 20 resources       [>= 100x]
  hfn         HFNEngine, 20,000 orders over 20 ticks (submit + process)      [>= 30x]
  shapley     MissionEconomy "shapley" rewards, 1,000 contributors           [>= 100x]
Times are the best of `repeats` runs for the native side and one run for SWARM's (its runs
take seconds); OPENBLAS_NUM_THREADS and AGENT_ECONOMIES_THREADS are left as set.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from typing import Any, Callable, Optional, Sequence, Tuple

__all__ = ["FLOORS", "main"]

FLOORS = {"sybil": 200.0, "auction": 100.0, "hfn": 30.0, "shapley": 100.0}
"""The issue's speed floors (SWARM's time over the native time) by scenario."""

Runner = Callable[[Any], Callable[[], Any]]
Scenario = Tuple[Runner, Callable[[Any, Any], bool]]


def _time(function: Callable[[], Any], repeats: int) -> Tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def sybil_scenario(agents: int, rng: random.Random) -> Scenario:
    """IdentityRegistry.detect_sybil_clusters on planted Sybil rings: (run, same)."""
    from swarm.models.identity import IdentityConfig

    patterns: dict[str, dict[str, int]] = {}
    counterparties = [f"c{k}" for k in range(agents // 4)]
    for group in range(agents // 10):  # Sybil rings of 5 agents sharing one pattern
        shared = {c: rng.randint(1, 9) for c in rng.sample(counterparties, 12)}
        for member in range(5):
            patterns[f"s{group}_{member}"] = dict(shared)
    while len(patterns) < agents:
        patterns[f"h{len(patterns)}"] = {c: rng.randint(1, 9) for c in rng.sample(counterparties, rng.randint(5, 20))}

    def run(cls: Any) -> Callable[[], Any]:
        return lambda: cls(IdentityConfig()).detect_sybil_clusters(patterns)

    return run, lambda a, b: bool(a == b)


def auction_scenario(agents: int, rng: random.Random, resources: int = 20) -> Scenario:
    """DworkinAuction.run_auction on random valuations: (run, same)."""
    from swarm.env.auction import AuctionBid, AuctionConfig

    names = [f"resource_{j:02d}" for j in range(resources)]
    bids = {f"agent_{i}": AuctionBid(agent_id=f"agent_{i}", valuations={n: rng.uniform(0, 10) for n in names},
                                     budget=100.0) for i in range(agents)}
    supplies = {n: 50.0 * agents / 20 for n in names}

    def run(cls: Any) -> Callable[[], Any]:
        return lambda: cls(AuctionConfig()).run_auction(bids, supplies)

    def same(a: Any, b: Any) -> bool:
        return bool(a.to_dict() == b.to_dict()) and [(v.envious_agent, v.envied_agent, v.utility_gap)
                                              for v in a.envy_violations] == [
            (v.envious_agent, v.envied_agent, v.utility_gap) for v in b.envy_violations]

    return run, same


def hfn_scenario(orders: int, rng: random.Random, ticks: int = 20) -> Scenario:
    """HFNEngine: orders submitted over ticks: (run, same)."""
    from swarm.env.hfn import HFNConfig, HFNOrder

    agents = max(orders // ticks, 1)
    plan = [[HFNOrder(agent_id=f"agent_{a}", order_type="bid" if rng.random() < 0.5 else "ask",
                      resource_type="compute", quantity=rng.uniform(0.5, 5), price=rng.uniform(0.8, 1.2))
             for a in range(agents)] for _ in range(ticks)]

    def run(cls: Any) -> Callable[[], Any]:
        def simulate() -> Any:
            engine = cls(HFNConfig(), seed=7)
            history = []
            for tick_orders in copy.deepcopy(plan):
                for order in tick_orders:
                    engine.submit_order(order)
                history.append(engine.process_tick().to_dict())
            return history, engine.get_order_book_depth()
        return simulate

    return run, lambda a, b: bool(a == b)


def shapley_scenario(contributors: int, rng: random.Random, per_contributor: int = 10) -> Scenario:
    """MissionEconomy "shapley" rewards of many contributors: (run, same)."""
    from swarm.env.mission import MissionConfig, MissionObjective
    from swarm.models.interaction import SoftInteraction

    interactions = [SoftInteraction(p=rng.random(), accepted=rng.random() < 0.8)
                    for _ in range(contributors * per_contributor)]
    records = [(f"agent_{i}", interactions[rng.randrange(len(interactions))])
               for i in range(contributors) for _ in range(per_contributor)]

    def run(cls: Any) -> Callable[[], Any]:
        economy = cls(MissionConfig(reward_distribution="shapley", min_participants=1,
                                    max_active_missions=10))
        mission = economy.propose_mission("agent_0", "bench", [MissionObjective(target_metric="avg_p",
                                                                                target_value=0.0)],
                                          reward_pool=1000.0, deadline_epoch=10)
        for i in range(contributors):
            economy.join_mission(f"agent_{i}", mission.mission_id)
        for agent, interaction in records:
            economy.record_contribution(agent, mission.mission_id, interaction)
        economy.evaluate_mission(mission.mission_id, interactions)
        return lambda: economy.distribute_rewards(mission.mission_id, interactions)

    def same(a: Any, b: Any) -> bool:
        return bool(a.keys() == b.keys()) and all(abs(a[k] - b[k]) <= 1e-9 * max(1.0, abs(a[k])) for k in a)

    return run, same


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: ``python -m agent_economies.bench [--quick] [--only NAME] [--json FILE]``.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when every scenario's answers agree (and, at full size, meet their floor), else 1.

    Raises
    ------
    ImportError
        Without swarm-safety 1.9.0 installed.

    Examples
    --------
    >>> from agent_economies import bench
    >>> bench.main(["--quick", "--only", "sybil"])  # doctest: +SKIP
    scenario   size                            swarm s   native s     ratio   floor  same
    sybil      200 agents                       0.0700    0.00030      233x    200x  yes
    0
    """
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes (a smoke run, no floors)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--only", action="append", choices=sorted(FLOORS), help="run only these scenarios")
    arguments = parser.parse_args(argv)

    from swarm.boundaries.permeability import PermeabilityModel  # noqa: F401  (fails early without SWARM)
    from swarm.env.auction import DworkinAuction
    from swarm.env.hfn import HFNEngine
    from swarm.env.mission import MissionEconomy
    from swarm.models.identity import IdentityRegistry

    from . import swarm_backend

    native = swarm_backend.native_classes()
    scale = 10 if arguments.quick else 1
    scenarios = [
        ("sybil", f"{2000 // scale} agents", IdentityRegistry, sybil_scenario(2000 // scale, random.Random(1))),
        ("auction", f"{1000 // scale} agents x 20 resources", DworkinAuction,
         auction_scenario(1000 // scale, random.Random(2))),
        ("hfn", f"{20000 // scale} orders, 20 ticks", HFNEngine, hfn_scenario(20000 // scale, random.Random(3))),
        ("shapley", f"{1000 // scale} contributors", MissionEconomy, shapley_scenario(1000 // scale, random.Random(4))),
    ]
    rows: list[dict[str, Any]] = []
    failed = False
    print(f"{'scenario':<10} {'size':<28} {'swarm s':>10} {'native s':>10} {'ratio':>9} {'floor':>7}  same")
    for name, size, original, (run, same) in scenarios:
        if arguments.only and name not in arguments.only:
            continue
        swarm_time, expected = _time(run(original), 1)
        native_time, actual = _time(run(native[original]), arguments.repeats)
        ratio = swarm_time / native_time
        agree = same(expected, actual)
        floor = FLOORS[name]
        ok = agree and (arguments.quick or ratio >= floor)
        failed |= not ok
        print(f"{name:<10} {size:<28} {swarm_time:>10.4f} {native_time:>10.5f} {ratio:>8.0f}x {floor:>6.0f}x  "
              f"{'yes' if agree else 'NO'}{'' if ok else '  <- FAILED'}", flush=True)
        rows.append({"scenario": name, "size": size, "swarm_seconds": swarm_time, "native_seconds": native_time,
                     "ratio": ratio, "floor": floor, "same_answers": agree})
    if arguments.json:
        with open(arguments.json, "w") as handle:
            json.dump(rows, handle, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
