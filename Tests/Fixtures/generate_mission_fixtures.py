"""Generate ``mission.json``, the reference fixtures for the Swift port of the
mission economy (``swarm.env.mission`` in swarm-safety 1.9.0).

Each case gives a ``MissionConfig``, a pool of interactions
(``SoftInteraction`` with an explicit ``interaction_id``, ``p`` and
``accepted``; every other field keeps its default and is not read by the
economy) and a list of calls made, in order, on one ``MissionEconomy``
together with what swarm-safety 1.9.0 returned:

* ``propose``: ``propose_mission(coordinator_id, name, objectives,
  reward_pool, deadline_epoch, current_epoch)``; ``result`` is the creation
  index of the new mission or ``null`` when the reference returned ``None``;
* ``join``: ``join_mission(agent_id, mission)``;
* ``contribute``: ``record_contribution(agent_id, mission,
  interactions[interaction_index])``;
* ``evaluate``: ``evaluate_mission(mission, [interactions[i] for i in
  interaction_indices], current_epoch)`` without the random ``mission_id`` and
  ``objective_id`` fields (``null`` when the reference returned ``{}``);
* ``distribute``: ``distribute_rewards(mission, [interactions[i] for i in
  interaction_indices])`` as ``[agent_id, amount]`` pairs in the dict's order;
* ``expire``: ``expire_missions(current_epoch)`` as creation indices, in the
  returned order;
* ``free_rider``: ``free_rider_index(mission)``;
* ``status``: the mission's status, its sorted participants and its
  ``contribution_counts`` (``to_dict()``) pairs in the dict's order.

Mission ids and objective ids are random UUIDs in the reference, so a mission
is named by its creation index (0, 1, 2, ... in the order ``propose_mission``
returned a mission) or, for an unknown id, by a string such as
``"no-such-mission"``. The ``interaction_indices`` lists may repeat an
interaction, include interactions nobody recorded and leave out recorded ones,
on purpose.

The shapley strategy iterates a Python ``set`` of interaction ids, so the
order of its float sums (and so the last bits of its rewards) depends on the
string hash seed. The script re-executes itself with ``PYTHONHASHSEED=0`` to
make the file reproducible; a port that does not reproduce CPython's set order
should compare shapley amounts with a small relative tolerance. The
``*_dyadic`` shapley cases use p values that are multiples of 1/64, for which
every sum is exact and the rewards do not depend on the order at all.

The reference package is only called, never re-implemented here. Every input
is either hand-written or drawn from a seeded ``random.Random``, so running the
script twice gives byte-identical output. Floats are written by ``json.dump``
using ``repr``, which round-trips exactly to IEEE-754 doubles.

Regenerate from the repository root with:

    python3 -m venv .venv && .venv/bin/pip install swarm-safety==1.9.0 && .venv/bin/python Tests/Fixtures/generate_mission_fixtures.py

(The script sets ``PYTHONHASHSEED=0`` itself by re-executing.)

Note: the checked-in file was produced with CPython 3.11. From CPython 3.12
on, the built-in ``sum()`` of floats uses compensated summation, which can
change the last bits of averages, welfare totals, mission scores and rewards;
use a 3.10 or 3.11 interpreter to reproduce the file exactly.
"""

import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(
        sys.executable,
        [sys.executable, os.path.abspath(__file__)] + sys.argv[1:],
        dict(os.environ, PYTHONHASHSEED="0"),
    )

import json  # noqa: E402
import random  # noqa: E402
from collections import Counter  # noqa: E402

from fixture_support import REQUIRED_VERSION, require_reference, write_fixture  # noqa: E402

require_reference()

from swarm.env.mission import (  # noqa: E402
    MissionConfig,
    MissionEconomy,
    MissionObjective,
    MissionStatus,
)
from swarm.models.interaction import SoftInteraction  # noqa: E402

OUTPUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mission.json")

UNKNOWN = "no-such-mission"
METRICS = ["avg_p", "min_p", "total_count", "acceptance_rate", "total_welfare"]


# ---------------------------------------------------------------------------
# Input construction helpers
# ---------------------------------------------------------------------------


def config(enabled=True, min_participants=2, max_active_missions=5,
           reward_distribution="proportional"):
    return {
        "enabled": bool(enabled),
        "min_participants": int(min_participants),
        "max_active_missions": int(max_active_missions),
        "reward_distribution": reward_distribution,
    }


def ix_list(pairs):
    """Interactions from (p, accepted) pairs, with ids ix_0000, ix_0001, ..."""
    return [
        {"interaction_id": f"ix_{i:04d}", "p": float(p), "accepted": bool(acc)}
        for i, (p, acc) in enumerate(pairs)
    ]


def random_pairs(rng, n, accepted_fraction=0.7, dyadic=False):
    pairs = []
    for _ in range(n):
        p = rng.randrange(0, 65) / 64.0 if dyadic else rng.random()
        pairs.append((p, rng.random() < accepted_fraction))
    return pairs


def obj(metric, target, weight=1.0, description=""):
    return {"description": description, "target_metric": metric,
            "target_value": float(target), "weight": float(weight)}


# ---------------------------------------------------------------------------
# Running the reference: a case records each call and its result as it runs,
# so that seeded scenarios can look at the economy's state between calls.
# ---------------------------------------------------------------------------


class Case:
    def __init__(self, name, cfg, interactions):
        self.name = name
        self.cfg = cfg
        self.interactions = interactions
        self.economy = MissionEconomy(MissionConfig(**cfg))
        self.ixs = [SoftInteraction(**ix) for ix in interactions]
        ids = [ix["interaction_id"] for ix in interactions]
        assert len(ids) == len(set(ids)), f"duplicate interaction ids in {name}"
        self.created = []  # mission ids in creation order
        self.steps = []

    # -- helpers -------------------------------------------------------------

    def _mid(self, mission):
        if isinstance(mission, str):
            assert mission not in self.created
            return mission
        assert 0 <= mission < len(self.created), f"bad mission index in {self.name}"
        return self.created[mission]

    def _ix_subset(self, indices):
        for i in indices:
            assert 0 <= i < len(self.ixs), f"bad interaction index in {self.name}"
        return [self.ixs[i] for i in indices]

    def mission(self, index):
        """The reference Mission object (for scenario logic only)."""
        return self.economy.get_mission(self.created[index])

    # -- operations ----------------------------------------------------------

    def propose(self, coordinator_id, name, objectives, reward_pool, deadline_epoch,
                current_epoch=0):
        objs = [MissionObjective(**o) for o in objectives]
        m = self.economy.propose_mission(
            coordinator_id=coordinator_id, name=name, objectives=objs,
            reward_pool=float(reward_pool), deadline_epoch=int(deadline_epoch),
            current_epoch=int(current_epoch))
        if m is None:
            result = None
        else:
            self.created.append(m.mission_id)
            result = len(self.created) - 1
        self.steps.append({
            "op": "propose", "coordinator_id": coordinator_id, "name": name,
            "objectives": objectives, "reward_pool": float(reward_pool),
            "deadline_epoch": int(deadline_epoch), "current_epoch": int(current_epoch),
            "result": result})
        return result

    def join(self, agent_id, mission):
        r = self.economy.join_mission(agent_id, self._mid(mission))
        assert isinstance(r, bool)
        self.steps.append({"op": "join", "agent_id": agent_id, "mission": mission,
                           "result": r})
        return r

    def contribute(self, agent_id, mission, index):
        (ix,) = self._ix_subset([index])
        r = self.economy.record_contribution(agent_id, self._mid(mission), ix)
        assert isinstance(r, bool)
        self.steps.append({"op": "contribute", "agent_id": agent_id, "mission": mission,
                           "interaction_index": int(index), "result": r})
        return r

    def evaluate(self, mission, indices, current_epoch):
        indices = [int(i) for i in indices]
        d = self.economy.evaluate_mission(self._mid(mission), self._ix_subset(indices),
                                          current_epoch=int(current_epoch))
        if d == {}:
            result = None
        else:
            result = {
                "mission_score": float(d["mission_score"]),
                "objectives": [
                    {"target_metric": o["target_metric"],
                     "target_value": o["target_value"],
                     "actual_value": float(o["actual_value"]),
                     "met": o["met"],
                     "weight": o["weight"]}
                    for o in d["objectives"]
                ],
                "all_objectives_met": d["all_objectives_met"],
                "total_contributions": d["total_contributions"],
                "participants": d["participants"],
                "status": d["status"],
            }
        self.steps.append({"op": "evaluate", "mission": mission,
                           "interaction_indices": indices,
                           "current_epoch": int(current_epoch), "result": result})
        return result

    def distribute(self, mission, indices):
        indices = [int(i) for i in indices]
        d = self.economy.distribute_rewards(self._mid(mission), self._ix_subset(indices))
        result = [[k, float(v)] for k, v in d.items()]
        self.steps.append({"op": "distribute", "mission": mission,
                           "interaction_indices": indices, "result": result})
        return result

    def expire(self, current_epoch):
        ids = self.economy.expire_missions(int(current_epoch))
        result = [self.created.index(i) for i in ids]
        self.steps.append({"op": "expire", "current_epoch": int(current_epoch),
                           "result": result})
        return result

    def free_rider(self, mission):
        r = self.economy.free_rider_index(self._mid(mission))
        self.steps.append({"op": "free_rider", "mission": mission, "result": float(r)})
        return r

    def status(self, mission):
        assert isinstance(mission, int)
        m = self.mission(mission)
        counts = m.to_dict()["contribution_counts"]
        self.steps.append({"op": "status", "mission": mission, "result": m.status.value,
                           "participants": sorted(m.participants),
                           "contribution_counts": [[k, v] for k, v in counts.items()]})
        return m.status.value

    def to_json(self):
        return {"name": self.name, "config": self.cfg, "interactions": self.interactions,
                "steps": self.steps}




# ---------------------------------------------------------------------------
# Hand-written cases
# ---------------------------------------------------------------------------

EASY = [obj("total_count", 1.0, description="at least one contribution")]


def lifecycle_cases():
    cases = []

    # --- max_active_missions, slot freed by success / expiry ------------------
    c = Case("lifecycle_max_active_missions", config(max_active_missions=2),
             ix_list([(0.8, True), (0.6, True), (0.3, False)]))
    c.propose("coord", "first", EASY, 100.0, 5)          # 0, proposed
    c.propose("coord", "second", EASY, 50.0, 3)          # 1, proposed
    c.propose("coord", "third", EASY, 10.0, 5)           # None: 2 proposed
    c.propose("other", "third-negative", EASY, -1.0, 5)  # None (max checked first)
    c.join("a", 0)                                       # 0 -> active
    c.status(0)
    c.status(1)
    c.propose("coord", "third-again", EASY, 10.0, 5)     # None: still 2 open
    c.contribute("a", 0, 0)
    c.evaluate(0, [0, 1, 2], 1)                          # succeeded
    c.propose("coord", "third-after-success", EASY, 10.0, 6, 1)  # 2
    c.propose("coord", "fourth", EASY, 10.0, 6, 1)       # None
    c.expire(3)                                          # 1 expires
    c.status(1)
    c.propose("coord", "fourth-after-expiry", EASY, 7.5, 9, 3)   # 3
    c.propose("coord", "fifth", EASY, 7.5, 9, 3)         # None
    c.status(2)
    c.status(3)
    cases.append(c)

    c = Case("lifecycle_max_active_1", config(max_active_missions=1, min_participants=1), [])
    c.propose("x", "only", [], 1.0, 2)
    c.propose("y", "blocked", [], 1.0, 2)
    c.evaluate(0, [], 0)            # no objectives: all met -> succeeded
    c.propose("y", "now-ok", [], 1.0, 2)
    c.propose("z", "blocked-again", [], 1.0, 2)
    c.expire(2)
    c.propose("z", "after-expiry", [], 1.0, 2, 2)  # deadline already reached
    c.expire(2)
    c.expire(2)
    c.status(0)
    c.status(1)
    c.status(2)
    cases.append(c)

    # --- reward pool checks ---------------------------------------------------
    c = Case("propose_reward_pool_zero_and_negative", config(), [])
    c.propose("c", "zero", EASY, 0.0, 5)
    c.propose("c", "neg-zero", EASY, -0.0, 5)
    c.propose("c", "negative", EASY, -10.0, 5)
    c.propose("c", "tiny", EASY, 5e-324, 5)
    c.propose("c", "normal", EASY, 1.0, 5)
    c.propose("c", "large", EASY, 1e300, 5)
    c.status(0)
    c.status(2)
    cases.append(c)

    # --- min_participants 1: active immediately -------------------------------
    c = Case("min_participants_1_active_immediately",
             config(min_participants=1, reward_distribution="equal"),
             ix_list([(0.9, True), (0.7, False)]))
    c.propose("solo", "solo-mission", EASY, 20.0, 4)
    c.status(0)
    c.contribute("solo", 0, 0)
    c.contribute("solo", 0, 1)
    c.join("helper", 0)
    c.contribute("helper", 0, 1)
    c.status(0)
    c.evaluate(0, [0, 1], 1)
    c.distribute(0, [0, 1])
    c.free_rider(0)
    cases.append(c)

    # --- proposed -> active on join -------------------------------------------
    c = Case("proposed_to_active_on_join_min_3", config(min_participants=3),
             ix_list([(0.5, True), (0.6, True), (0.7, True)]))
    c.propose("coord", "needs-three", EASY, 30.0, 10)
    c.contribute("coord", 0, 0)       # proposed: rejected
    c.join("coord", 0)                # coordinator again: True, still 1
    c.status(0)
    c.join("a", 0)
    c.contribute("a", 0, 0)           # still proposed
    c.status(0)
    c.join("a", 0)                    # duplicate join
    c.status(0)
    c.join("b", 0)                    # third participant: active
    c.status(0)
    c.contribute("a", 0, 0)
    c.contribute("b", 0, 1)
    c.contribute("coord", 0, 2)
    c.join("c", 0)                    # joining an active mission
    c.status(0)
    c.evaluate(0, [0, 1, 2], 2)
    c.distribute(0, [0, 1, 2])
    cases.append(c)

    c = Case("proposed_to_active_on_join_min_2", config(min_participants=2),
             ix_list([(0.5, True)]))
    c.propose("coord", "needs-two", EASY, 30.0, 10)
    c.status(0)
    c.join("coord", 0)
    c.status(0)
    c.join("partner", 0)
    c.status(0)
    c.evaluate(0, [0], 1)   # active, no contributions, total_count 0 < 1
    cases.append(c)

    # --- unknown mission ids everywhere -----------------------------------------
    c = Case("unknown_mission_ids", config(min_participants=1),
             ix_list([(0.5, True), (0.9, True)]))
    c.join("a", UNKNOWN)
    c.join("a", "")
    c.contribute("a", UNKNOWN, 0)
    c.evaluate(UNKNOWN, [0, 1], 5)
    c.distribute(UNKNOWN, [0, 1])
    c.free_rider(UNKNOWN)
    c.free_rider("")
    c.expire(100)
    c.propose("a", "real", EASY, 5.0, 3)
    c.contribute("a", 0, 1)
    c.join("b", UNKNOWN)
    c.evaluate(UNKNOWN, [1], 5)
    c.evaluate(0, [1], 0)
    c.distribute(UNKNOWN, [1])
    c.distribute(0, [1])
    c.status(0)
    cases.append(c)

    # --- joining closed missions ----------------------------------------------
    c = Case("join_succeeded_failed_expired_and_duplicate", config(min_participants=2),
             ix_list([(0.9, True), (0.2, False), (0.8, True)]))
    c.propose("coord", "will-succeed", [obj("avg_p", 0.5)], 10.0, 5)   # 0
    c.propose("coord", "will-fail", [obj("avg_p", 0.5)], 10.0, 2)      # 1
    c.propose("coord", "will-expire", [obj("avg_p", 0.5)], 10.0, 3)    # 2
    c.propose("coord", "stays-open", [obj("avg_p", 0.5)], 10.0, 50)    # 3
    for m in range(4):
        c.join("a", m)
        c.join("a", m)       # duplicate join: True, participants unchanged
    c.status(0)
    c.contribute("a", 0, 0)
    c.contribute("a", 1, 1)
    c.evaluate(0, [0, 1, 2], 1)    # succeeded
    c.evaluate(1, [0, 1, 2], 1)    # avg 0.2 < 0.5, before deadline: active
    c.evaluate(1, [0, 1, 2], 2)    # at deadline: failed
    c.expire(3)                    # 2 expires (0 succeeded, 1 failed untouched)
    for m in range(4):
        c.join("late", m)
        c.join("a", m)
    for m in range(4):
        c.status(m)
    c.contribute("a", 0, 2)        # closed missions refuse contributions
    c.contribute("a", 1, 2)
    c.contribute("a", 2, 2)
    c.contribute("a", 3, 2)
    cases.append(c)

    return cases


def contribution_cases():
    cases = []
    rng = random.Random(201)
    ixs = ix_list(random_pairs(rng, 12))
    c = Case("contributions_non_participants_and_duplicates",
             config(min_participants=2, reward_distribution="proportional"), ixs)
    c.propose("coord", "dups", EASY + [obj("avg_p", 0.0)], 60.0, 8)
    c.contribute("a", 0, 0)      # proposed and not a participant
    c.join("a", 0)               # active
    c.contribute("outsider", 0, 0)
    c.contribute("a", 0, 0)
    c.contribute("a", 0, 0)      # same interaction twice by one agent
    c.contribute("a", 0, 0)
    c.contribute("coord", 0, 0)  # same interaction by a second agent
    c.contribute("coord", 0, 1)
    c.join("b", 0)
    c.contribute("b", 0, 1)
    c.contribute("b", 0, 2)
    c.contribute("b", 0, 11)     # never passed below except in the last call
    c.contribute("outsider", 0, 3)
    c.status(0)
    c.free_rider(0)
    c.evaluate(0, [0, 1, 2, 3, 4], 1)
    c.distribute(0, [0, 1, 2, 3, 4])
    c.distribute(0, [0, 0, 1, 2])           # duplicate ids in the list
    c.distribute(0, [1, 2])                 # a's only id missing
    c.distribute(0, [3, 4, 5])              # no recorded id found
    c.distribute(0, list(range(12)))
    c.evaluate(0, [0, 0, 0, 1, 11, 11, 5], 2)  # duplicates counted in evaluate
    c.contribute("a", 0, 5)                 # succeeded: rejected
    c.status(0)
    cases.append(c)

    for strategy in ("equal", "shapley"):
        c = Case(f"contributions_duplicates_{strategy}",
                 config(min_participants=1, reward_distribution=strategy),
                 ix_list([(0.25, True), (0.75, True), (0.5, False), (1.0, True)]))
        c.propose("coord", "dups", EASY, 12.0, 8)
        c.join("a", 0)
        c.join("b", 0)
        c.contribute("a", 0, 0)
        c.contribute("a", 0, 0)
        c.contribute("a", 0, 1)
        c.contribute("b", 0, 1)
        c.contribute("b", 0, 3)
        c.contribute("coord", 0, 2)
        c.contribute("coord", 0, 2)
        c.contribute("coord", 0, 2)
        c.evaluate(0, [0, 1, 2, 3], 1)
        c.distribute(0, [0, 1, 2, 3])
        c.distribute(0, [0, 1])
        c.distribute(0, [])
        c.distribute(0, [3, 3, 3])
        c.free_rider(0)
        c.status(0)
        cases.append(c)

    return cases


def evaluation_cases():
    cases = []
    pairs = [(0.9, True), (0.8, True), (0.1, False), (0.5, True), (0.0, False), (1.0, True),
             (0.75, False), (0.3, True), (0.6, True), (0.45, False), (0.95, True), (0.2, False)]
    ixs = ix_list(pairs)

    # --- every metric, met and unmet --------------------------------------------
    c = Case("evaluate_every_metric",
             config(min_participants=1, max_active_missions=10), ixs)
    all_metrics = [obj("avg_p", 0.5, 1.0, "quality"), obj("min_p", 0.05, 2.0, "floor"),
                   obj("total_count", 6, 0.5, "volume"),
                   obj("acceptance_rate", 0.5, 1.5, "acceptance"),
                   obj("total_welfare", 3.0, 1.0, "welfare"),
                   obj("bogus", 0.5, 0.5, "unknown metric")]
    c.propose("c", "all-metrics", all_metrics, 100.0, 100)
    for i in range(12):
        c.contribute("c", 0, i)
    for sub in ([], [0], [4], [0, 1, 2], [2, 4, 9, 11], [5, 5, 5], list(range(12)),
                list(range(12)) * 2, [0, 1, 3, 5, 6, 8, 10], [7, 8, 9]):
        c.evaluate(0, sub, 1)
    c.status(0)
    # one mission per metric, so each can succeed on its own
    for k, metric in enumerate(METRICS + ["bogus"]):
        target = {"avg_p": 0.6, "min_p": 0.3, "total_count": 4.0, "acceptance_rate": 0.75,
                  "total_welfare": 2.5, "bogus": 0.0}[metric]
        c.propose("c", f"only-{metric}", [obj(metric, target)], 10.0, 100)
        m = k + 1
        for i in range(12):
            c.contribute("c", m, i)
        c.evaluate(m, [2, 4, 11], 1)              # low-quality subset
        c.evaluate(m, [0, 1, 3, 5, 10, 8], 1)     # high-quality subset
        c.status(m)
    cases.append(c)

    # --- no contributions: every metric is 0 ------------------------------------
    c = Case("evaluate_no_contributions", config(min_participants=1), ixs)
    c.propose("c", "nothing", [obj(m, 0.0) for m in METRICS + ["bogus"]], 10.0, 100)
    c.evaluate(0, list(range(12)), 1)           # all 0 >= 0: succeeded
    c.propose("c", "nothing-positive", [obj(m, 0.1) for m in METRICS + ["bogus"]], 10.0, 100)
    c.evaluate(1, list(range(12)), 1)
    c.evaluate(1, [], 1)
    c.propose("c", "nothing-negative", [obj(m, -0.1) for m in METRICS + ["bogus"]], 10.0, 100)
    c.evaluate(2, [], 1)
    c.distribute(0, list(range(12)))
    c.distribute(2, [])
    c.free_rider(0)
    cases.append(c)

    # --- weights ----------------------------------------------------------------
    c = Case("evaluate_weights_zero_and_no_objectives",
             config(min_participants=1, max_active_missions=10), ixs)
    c.propose("c", "some-zero-weight",
              [obj("avg_p", 0.9, 0.0), obj("total_count", 20, 2.0), obj("min_p", 0.5, 0.0),
               obj("acceptance_rate", 0.9, 1.0)], 10.0, 100)
    c.propose("c", "all-zero-weight",
              [obj("avg_p", 0.9, 0.0), obj("total_count", 20, 0.0)], 10.0, 100)
    c.propose("c", "all-zero-weight-met",
              [obj("avg_p", 0.1, 0.0), obj("total_count", 1, 0.0)], 10.0, 100)
    c.propose("c", "negative-weights",
              [obj("avg_p", 0.9, -1.0), obj("total_count", 20, 0.5)], 10.0, 100)
    c.propose("c", "mixed-sign-weights",
              [obj("avg_p", 0.9, -1.0), obj("total_count", 20, 3.0),
               obj("min_p", 0.0, 0.25)], 10.0, 100)
    for m in range(5):
        for i in range(8):
            c.contribute("c", m, i)
    for m in range(5):
        c.evaluate(m, list(range(12)), 1)
    c.propose("c", "no-objectives", [], 10.0, 100)   # all([]) is True
    c.evaluate(5, [], 0)                               # succeeded, score 0.0
    c.distribute(5, [])
    cases.append(c)

    c = Case("evaluate_no_objectives_on_proposed_mission", config(min_participants=4), ixs)
    c.propose("c", "no-objectives", [], 10.0, 5)
    c.status(0)
    c.evaluate(0, [0, 1], 0)      # all([]) is True: a proposed mission succeeds
    c.status(0)
    c.join("a", 0)
    c.distribute(0, [0, 1])       # succeeded, but no contributions
    c.free_rider(0)
    c.propose("c", "objectives-proposed", [obj("avg_p", 0.0)], 10.0, 5)
    c.evaluate(1, [0, 1], 0)      # no contributions: 0 >= 0 met
    c.status(1)
    cases.append(c)

    # --- target 0 and negative targets ------------------------------------------
    low = ix_list([(0.0, False)] * 10 + [(0.1, True)] * 5 + [(1.0, True)] * 3)
    c = Case("evaluate_zero_and_negative_targets",
             config(min_participants=1, max_active_missions=10), low)
    c.propose("c", "welfare-target-0", [obj("total_welfare", 0.0)], 10.0, 100)
    c.propose("c", "welfare-target-neg5", [obj("total_welfare", -5.0)], 10.0, 100)
    c.propose("c", "welfare-target-neg20", [obj("total_welfare", -20.0)], 10.0, 100)
    c.propose("c", "welfare-target-pos",
              [obj("total_welfare", 4.0, 2.0), obj("avg_p", 0.0, 1.0)], 10.0, 100)
    c.propose("c", "all-metrics-zero", [obj(m, 0.0) for m in METRICS + ["bogus"]], 10.0, 100)
    c.propose("c", "all-metrics-negative",
              [obj(m, -1.0, 1.0 + k) for k, m in enumerate(METRICS + ["bogus"])], 10.0, 100)
    for m in range(6):
        for i in range(18):
            c.contribute("c", m, i)
    for m in range(6):
        c.evaluate(m, list(range(10)), 1)                  # welfare -10
        c.evaluate(m, list(range(15)), 1)                  # welfare -10 - 3.5
        c.evaluate(m, list(range(10)) + [15, 16, 17], 1)   # welfare -4
    for m in range(6):
        c.evaluate(m, list(range(18)), 2)                  # welfare -1.5
        c.status(m)
    cases.append(c)

    return cases


def status_cases():
    cases = []
    ixs = ix_list([(0.2, False), (0.3, True), (0.9, True), (0.95, True), (0.85, True)])

    c = Case("status_transitions", config(min_participants=1, max_active_missions=10,
                                                  reward_distribution="equal"), ixs)
    goal = [obj("avg_p", 0.8)]
    c.propose("c", "deadline-5", goal, 10.0, 5)          # 0
    for i in range(5):
        c.contribute("c", 0, i)
    c.evaluate(0, [0, 1], 0)      # before deadline, unmet: active
    c.evaluate(0, [0, 1], 4)
    c.evaluate(0, [0, 1], 5)      # at deadline: failed
    c.evaluate(0, [0, 1], 9)      # after: failed
    c.evaluate(0, [0, 1], 1)      # failed, earlier epoch, unmet: stays failed
    c.status(0)
    c.distribute(0, [0, 1, 2, 3, 4])   # failed: {}
    c.evaluate(0, [2, 3, 4], 9)   # re-evaluating failed mission that now meets: succeeded
    c.distribute(0, [2, 3, 4])
    c.evaluate(0, [0, 1], 3)      # succeeded, unmet, before deadline: stays succeeded
    c.evaluate(0, [0, 1], 6)      # succeeded, unmet, past deadline: failed again
    c.evaluate(0, [], 6)
    c.status(0)

    c.propose("c", "expire-then-succeed", goal, 10.0, 3)   # 1
    c.contribute("c", 1, 2)
    c.contribute("c", 1, 0)
    c.expire(3)
    c.status(1)
    c.distribute(1, [0, 2])        # expired: {}
    c.evaluate(1, [0], 2)          # expired, unmet, before deadline: stays expired
    c.status(1)
    c.evaluate(1, [0, 2], 2)       # avg 0.55 < 0.8
    c.evaluate(1, [2], 2)          # meets: succeeded
    c.distribute(1, [2])
    c.propose("c", "expire-then-fail", goal, 10.0, 3, 1)  # 2
    c.expire(4)
    c.evaluate(2, [0], 4)          # expired, unmet, at deadline: failed
    c.status(2)
    c.propose("c", "meets-exactly", [obj("avg_p", 0.9), obj("min_p", 0.9)], 10.0, 3, 4)  # 3
    c.contribute("c", 3, 2)
    c.evaluate(3, [2], 4)          # 0.9 >= 0.9: succeeded
    c.status(3)
    c.propose("c", "active-fails", goal, 10.0, 5, 4)      # 4 (min 1: active)
    c.evaluate(4, [], 5)
    c.status(4)
    cases.append(c)

    c = Case("status_proposed_mission_evaluated", config(min_participants=3), ixs)
    c.propose("c", "proposed", [obj("avg_p", 0.5)], 10.0, 4)
    c.evaluate(0, [0, 1, 2], 1)    # proposed, unmet, before deadline: proposed
    c.status(0)
    c.evaluate(0, [0, 1, 2], 4)    # proposed at deadline: failed
    c.status(0)
    c.join("a", 0)                 # failed: refused
    c.propose("c", "proposed-2", [obj("total_count", 0.0)], 10.0, 4)
    c.evaluate(1, [], 0)           # met while proposed: succeeded
    c.status(1)
    cases.append(c)

    # --- expire_missions --------------------------------------------------------
    c = Case("expire_missions_order_and_states", config(min_participants=2,
                                                        max_active_missions=10), ixs)
    deadlines = [5, 3, 5, 1, 8, 3, 0, 5]
    for k, d in enumerate(deadlines):
        c.propose(f"c{k}", f"m{k}", [obj("avg_p", 0.5)], 1.0 + k, d, 0)
    c.join("a", 1)     # active
    c.join("a", 2)
    c.join("a", 4)
    c.contribute("a", 2, 2)
    c.evaluate(2, [2], 1)   # succeeded: never expired
    c.expire(0)             # deadline 0
    c.expire(0)
    c.expire(2)             # deadline 1
    c.expire(3)             # deadlines 3 (proposed and active)
    c.expire(4)
    c.expire(100)           # the rest, in creation order
    c.expire(100)
    for m in range(len(deadlines)):
        c.status(m)
    c.propose("late", "after-all", [obj("avg_p", 0.5)], 1.0, 2, 50)  # deadline in the past
    c.expire(-1)
    c.expire(2)
    c.status(8)
    cases.append(c)

    return cases


# ---------------------------------------------------------------------------
# Reward strategies
# ---------------------------------------------------------------------------


def reward_case(strategy, n_contributors, *, dyadic=False):
    seed = 500 + n_contributors + (10_000 if dyadic else 0)
    rng = random.Random(seed)
    # how many interactions each contributor records, then a pool with extras
    per_agent = [rng.randint(1, 4) for _ in range(n_contributors)]
    n_pool = sum(per_agent) + 5
    pairs = random_pairs(rng, n_pool, accepted_fraction=0.8, dyadic=dyadic)
    suffix = "_dyadic" if dyadic else ""
    c = Case(f"rewards_{strategy}_{n_contributors}_contributors{suffix}",
             config(min_participants=2, max_active_missions=3,
                    reward_distribution=strategy), ix_list(pairs))
    pool = rng.choice([100.0, 1000.0, 37.5, rng.uniform(1.0, 500.0)])
    c.propose("coord", "reward-mission", [obj("total_count", 1.0), obj("avg_p", 0.0, 0.5)],
              pool, 10)
    agents = [f"agent_{k:03d}" for k in range(n_contributors)]
    if n_contributors == 1:
        agents = ["coord"]        # the coordinator is the only contributor
    for a in agents:
        c.join(a, 0)
    c.join("silent", 0)
    nxt = 0
    recorded = []
    for a, k in zip(agents, per_agent):
        for _ in range(k):
            c.contribute(a, 0, nxt)
            recorded.append(nxt)
            nxt += 1
        u = rng.random()
        if u < 0.15 and recorded:
            c.contribute(a, 0, rng.choice(recorded))    # duplicate (own or another's)
        elif u < 0.2:
            c.contribute(a, 0, nxt - 1)                  # own duplicate
    if n_contributors == 1:
        c.contribute("coord", 0, 0)                      # the same id recorded twice
    c.contribute("outsider", 0, n_pool - 1)
    c.status(0)
    c.free_rider(0)
    everything = list(range(n_pool))
    c.distribute(0, everything)                          # active: {}
    c.evaluate(0, everything, 1)
    c.distribute(0, everything)
    # some recorded ids missing, some repeated
    partial = [i for i in everything if rng.random() < 0.8]
    partial += [rng.choice(everything) for _ in range(max(1, n_pool // 10))]
    rng.shuffle(partial)
    c.distribute(0, partial)
    c.distribute(0, list(reversed(everything)))
    c.distribute(0, [n_pool - 1])                        # only an unrecorded id
    c.distribute(0, [])
    c.free_rider(0)
    return c


def reward_cases():
    cases = []
    for n in (1, 2, 5, 20, 200):
        for strategy in ("equal", "proportional", "shapley"):
            cases.append(reward_case(strategy, n))
    for n in (1, 2, 5, 20, 200):
        cases.append(reward_case("shapley", n, dyadic=True))

    # zero-p contributions for each strategy
    pairs = [(0.0, True)] * 6 + [(0.5, True), (0.25, False), (0.0, False), (1.0, True)]
    for strategy in ("equal", "proportional", "shapley"):
        c = Case(f"rewards_zero_p_{strategy}",
                 config(min_participants=1, reward_distribution=strategy), ix_list(pairs))
        c.propose("coord", "all-zero", EASY, 90.0, 10)            # 0
        c.propose("coord", "mixed", EASY, 90.0, 10)               # 1
        c.propose("coord", "single-zero", EASY, 90.0, 10)         # 2
        for m in range(3):
            for a in ("a", "b", "c"):
                c.join(a, m)
        c.contribute("a", 0, 0)
        c.contribute("b", 0, 1)
        c.contribute("b", 0, 2)
        c.contribute("c", 0, 3)
        c.contribute("a", 1, 4)       # a: only zero-p
        c.contribute("a", 1, 5)
        c.contribute("b", 1, 6)
        c.contribute("b", 1, 8)
        c.contribute("c", 1, 7)
        c.contribute("c", 1, 9)
        c.contribute("coord", 1, 0)
        c.contribute("a", 2, 0)
        for m in range(3):
            c.evaluate(m, list(range(10)), 1)
        c.distribute(0, list(range(10)))
        c.distribute(1, list(range(10)))
        c.distribute(1, [0, 1, 2, 3, 4, 5, 8, 9])   # b only zero-p, c partly
        c.distribute(1, [6])                         # only b found
        c.distribute(2, list(range(10)))
        c.distribute(2, [])
        c.free_rider(1)
        cases.append(c)

    # distribute on missions that did not succeed, for each strategy
    ixs = ix_list([(0.7, True), (0.8, True), (0.9, True)])
    for strategy in ("equal", "proportional", "shapley"):
        c = Case(f"distribute_not_succeeded_{strategy}",
                 config(min_participants=2, reward_distribution=strategy), ixs)
        goal = [obj("avg_p", 0.75)]
        c.propose("c", "proposed", goal, 10.0, 5)    # 0 proposed
        c.propose("c", "active", goal, 10.0, 5)      # 1
        c.propose("c", "failed", goal, 10.0, 5)      # 2
        c.propose("c", "expired", goal, 10.0, 2)     # 3
        c.propose("c", "succeeded-empty", [], 10.0, 5)   # 4
        for m in (1, 2, 3):
            c.join("a", m)
            c.contribute("a", m, 0)
            c.contribute("c", m, 1)
        c.evaluate(2, [0], 5)       # failed
        c.expire(2)                 # 3 expires (deadline 2)
        c.evaluate(4, [], 0)        # succeeded with no contributions
        for m in range(5):
            c.distribute(m, [0, 1, 2])
        c.distribute(UNKNOWN, [0, 1, 2])
        for m in range(5):
            c.status(m)
        cases.append(c)

    return cases


def free_rider_cases():
    cases = []
    ixs = ix_list([(0.5, True)] * 30)
    c = Case("free_rider_index", config(min_participants=1, max_active_missions=10), ixs)
    c.propose("c", "no-contributions", EASY, 1.0, 10)            # 0
    c.join("a", 0)
    c.free_rider(0)
    c.propose("c", "one-agent-alone", EASY, 1.0, 10)             # 1
    c.contribute("c", 1, 0)
    c.free_rider(1)
    c.propose("c", "one-agent-silent-others", EASY, 1.0, 10)     # 2
    for a in ("a", "b", "d", "e"):
        c.join(a, 2)
    for i in range(5):
        c.contribute("c", 2, i)
    c.free_rider(2)
    c.propose("c", "equal", EASY, 1.0, 10)                       # 3
    for a in ("a", "b"):
        c.join(a, 3)
    for a in ("c", "a", "b"):
        c.contribute(a, 3, 0)
        c.contribute(a, 3, 1)
    c.free_rider(3)
    c.join("silent", 3)
    c.free_rider(3)
    c.propose("c", "unequal", EASY, 1.0, 10)                     # 4
    counts = {"c": 1, "a": 7, "b": 3, "d": 2, "e": 0, "f": 12}
    for a in counts:
        c.join(a, 4)
    for a, k in counts.items():
        for i in range(k):
            c.contribute(a, 4, i % 3)      # duplicates count
    c.free_rider(4)
    c.status(4)
    c.propose("c", "proposed-no-contrib", EASY, 1.0, 10)         # 5
    c.free_rider(5)
    c.free_rider(UNKNOWN)
    c.evaluate(4, [0, 1, 2], 1)
    c.free_rider(4)            # unchanged by success
    cases.append(c)

    c = Case("free_rider_index_min_2", config(min_participants=2), ixs)
    c.propose("c", "proposed", EASY, 1.0, 10)
    c.free_rider(0)
    c.join("a", 0)
    c.free_rider(0)
    c.contribute("a", 0, 3)
    c.free_rider(0)
    for k in range(10):
        c.join(f"s{k}", 0)
    c.free_rider(0)
    cases.append(c)
    return cases


# ---------------------------------------------------------------------------
# Seeded end-to-end scenarios
# ---------------------------------------------------------------------------


def random_objective(rng):
    metric = rng.choice(METRICS * 4 + ["bogus"])
    target = {
        "avg_p": lambda: rng.uniform(0.3, 0.6),
        "min_p": lambda: rng.uniform(0.0, 0.05),
        "total_count": lambda: float(rng.randint(5, 40)),
        "acceptance_rate": lambda: rng.uniform(0.4, 0.75),
        "total_welfare": lambda: rng.uniform(-5.0, 25.0),
        "bogus": lambda: rng.choice([0.0, 0.5]),
    }[metric]()
    weight = rng.choice([1.0, 1.0, 0.5, 2.0, 0.0, rng.uniform(0.1, 3.0)])
    return obj(metric, target, weight, f"{metric} goal")


def scenario(name, seed, strategy):
    rng = random.Random(seed)
    n_agents = rng.randint(10, 50)
    n_pool = rng.randint(200, 400)
    epochs = rng.randint(6, 10)
    min_p = rng.randint(1, 4)
    c = Case(name, config(min_participants=min_p, max_active_missions=3,
                          reward_distribution=strategy),
             ix_list(random_pairs(rng, n_pool, accepted_fraction=rng.uniform(0.5, 0.9))))
    agents = [f"agent_{k:02d}" for k in range(n_agents)]

    def propose(epoch):
        n_obj = rng.choice([0, 1, 1, 2, 2, 3])
        return c.propose(rng.choice(agents), f"mission-{len(c.steps)}",
                         [random_objective(rng) for _ in range(n_obj)],
                         rng.choice([100.0, rng.uniform(10.0, 1000.0)]),
                         epoch + rng.randint(2, epochs), epoch)

    def open_missions():
        return [m for m in range(len(c.created))
                if c.mission(m).status in (MissionStatus.PROPOSED, MissionStatus.ACTIVE)]

    def pick_mission():
        """Mostly an open mission, sometimes any (closed ones refuse)."""
        live = open_missions()
        if live and rng.random() < 0.85:
            return rng.choice(live)
        return rng.randrange(len(c.created))

    for _ in range(3):
        propose(0)
    released = 0
    per_epoch = n_pool // epochs + 1
    for epoch in range(epochs + 1):
        # joins
        for _ in range(rng.randint(2, max(3, n_agents // 2))):
            target = pick_mission() if rng.random() < 0.97 else UNKNOWN
            c.join(rng.choice(agents), target)
        # contributions of newly released interactions
        new = range(released, min(n_pool, released + per_epoch))
        released = new.stop
        for i in new:
            m = pick_mission()
            parts = sorted(c.mission(m).participants)
            agent = rng.choice(parts) if rng.random() < 0.85 else rng.choice(agents)
            c.contribute(agent, m, i)
            if rng.random() < 0.05:
                c.contribute(agent, m, i)                       # duplicate
            if rng.random() < 0.05:
                c.contribute(rng.choice(agents), pick_mission(), i)
        # evaluation of most open missions against the interactions so far;
        # the others may reach their deadline unevaluated and expire
        visible = list(range(released))
        for m in range(len(c.created)):
            st = c.mission(m).status
            is_open = st in (MissionStatus.PROPOSED, MissionStatus.ACTIVE)
            if (is_open and rng.random() < 0.6) or rng.random() < 0.05:
                ix = visible
                if rng.random() < 0.3:
                    ix = [i for i in visible if rng.random() < 0.9]
                    ix += [rng.randrange(n_pool) for _ in range(rng.randint(0, 5))]
                c.evaluate(m, ix, epoch)
                if c.mission(m).status == MissionStatus.SUCCEEDED:
                    c.distribute(m, visible)
                    c.free_rider(m)
        c.expire(epoch)
        # refill
        for _ in range(rng.randint(0, 2)):
            propose(epoch)
        if rng.random() < 0.3:
            c.status(rng.randrange(len(c.created)))
    # wrap-up
    everything = list(range(n_pool))
    for m in range(len(c.created)):
        c.evaluate(m, everything, epochs + 20)
        c.distribute(m, everything)
        c.free_rider(m)
        c.status(m)
    c.expire(epochs + 20)
    return c


def scenario_cases():
    return [
        scenario("scenario_seed_1_proportional", 1, "proportional"),
        scenario("scenario_seed_2_equal", 2, "equal"),
        scenario("scenario_seed_3_shapley", 3, "shapley"),
        scenario("scenario_seed_42_proportional", 42, "proportional"),
        scenario("scenario_seed_7_shapley", 7, "shapley"),
    ]


# ---------------------------------------------------------------------------


def main():
    cases = (lifecycle_cases() + contribution_cases() + evaluation_cases() + status_cases()
             + reward_cases() + free_rider_cases() + scenario_cases())
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    doc = {"swarm_safety_version": REQUIRED_VERSION, "cases": [c.to_json() for c in cases]}
    write_fixture(OUTPUT_PATH, doc)

    ops = Counter(s["op"] for c in doc["cases"] for s in c["steps"])
    n_ix = sum(len(c["interactions"]) for c in doc["cases"])
    print(f"wrote {len(cases)} cases to {OUTPUT_PATH}")
    print(f"  interactions {n_ix}, steps {sum(ops.values())}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(ops.items())))


if __name__ == "__main__":
    main()
