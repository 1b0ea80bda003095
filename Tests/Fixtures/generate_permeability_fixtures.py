"""Generate ``permeability.json``, the reference fixtures for the Swift port of
the sandbox-boundary permeability model (``swarm.boundaries.permeability`` in
swarm-safety 1.9.0).

Each case gives a ``PermeabilityConfig``, the model seed, a list of
interactions (``SoftInteraction`` with an explicit ``interaction_id``, ``p``
and ``accepted``; every other field keeps its default and is not read by the
model) and a list of calls made, in order, on one ``PermeabilityModel``
together with what swarm-safety 1.9.0 returned:

* ``effective``: ``compute_effective_permeability(threat_level, agent_trust)``
  and ``model.state.to_dict()`` afterwards;
* ``should_cross``: ``should_cross(permeability, interaction_p)`` as
  ``allowed`` and ``degraded_p`` (one ``random()`` draw from the model RNG);
* ``contagion``: ``compute_contagion_probability(interactions[index],
  permeability)``;
* ``simulate``: ``simulate_spillover(interactions[start:end], permeability)``
  (``permeability`` ``null`` means the state's effective permeability), the
  events it returned (the random ``event_id`` and the wall-clock
  ``timestamp`` are left out), the state afterwards, ``containment_rate()``,
  ``compute_spillover_harm()`` over the whole history,
  ``compute_spillover_harm(events)`` over the returned events and the length
  of ``get_spillover_history()``;
* ``optimal``: ``optimal_permeability(interactions, external_harm_weight,
  n_samples)`` over all of the case's interactions;
* ``reset``: ``reset()`` and the state afterwards.

Because ``should_cross`` and ``simulate_spillover`` draw from the same seeded
``random.Random``, the order of the steps matters and is part of the fixture.
Some arguments lie outside the documented ranges on purpose (threat levels
above 1 or negative, trust outside [0, 1], permeabilities above 1 or negative,
``interaction_p`` outside [0, 1] for ``should_cross``): the reference accepts
and clamps or passes them through. The reference produces no infinite values
for these inputs (``-inf`` only seeds the grid search and is always beaten),
so no value here is infinite; had one been, it would have been written as
``null``. (A threat level of ``inf`` would be accepted and stored in the
state, and ``optimal_permeability`` with ``n_samples == 0`` raises
``ZeroDivisionError``; neither occurs here.) ``compute_spillover_harm``
returns the int 0 when no event crossed; it is written as the float 0.0.

Benefit and harm in ``optimal_permeability`` are both linear in the
permeability, so the grid search normally returns 0.0 or 1.0, and exact ties
(flat scores) go to the first grid point, 0.0. The case
``optimal_rounding_decides_near_balance`` picks a weight at which every score
is 0 up to rounding, so only the floating-point rounding decides the
(interior) result; reproducing it needs the reference's exact order of
operations and plain left-to-right summation.

The reference package is only called, never re-implemented here. Every input
is either hand-written or drawn from a seeded ``random.Random``, so running the
script twice gives byte-identical output. Floats are written by ``json.dump``
using ``repr``, which round-trips exactly to IEEE-754 doubles.

Regenerate from the repository root with:

    python3 -m venv .venv && .venv/bin/pip install swarm-safety==1.9.0 && .venv/bin/python Tests/Fixtures/generate_permeability_fixtures.py

Note: the checked-in file was produced with CPython 3.11. From CPython 3.12
on, the built-in ``sum()`` of floats uses compensated summation, which can
change the last bits of ``optimal_permeability`` scores (and so, at exact or
near ties, its result) and of ``compute_spillover_harm``; use a 3.10 or 3.11
interpreter to reproduce the file exactly.
"""

import json
import os
import random

from fixture_support import REQUIRED_VERSION, require_reference, write_fixture  # noqa: E402

require_reference()

from swarm.boundaries.permeability import (  # noqa: E402
    PermeabilityConfig,
    PermeabilityModel,
)
from swarm.models.interaction import SoftInteraction  # noqa: E402

OUTPUT_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "permeability.json"
)


# ---------------------------------------------------------------------------
# Input construction helpers
# ---------------------------------------------------------------------------


def config(
    base_permeability=0.5,
    information_decay=0.1,
    contagion_rate=0.05,
    spillover_amplification=1.5,
    adaptive=True,
    threat_sensitivity=1.0,
):
    return {
        "base_permeability": float(base_permeability),
        "information_decay": float(information_decay),
        "contagion_rate": float(contagion_rate),
        "spillover_amplification": float(spillover_amplification),
        "adaptive": bool(adaptive),
        "threat_sensitivity": float(threat_sensitivity),
    }


def ix_list(pairs):
    """Interactions from (p, accepted) pairs, with ids ix_000000, ix_000001, ..."""
    return [
        {"interaction_id": f"ix_{i:06d}", "p": float(p), "accepted": bool(acc)}
        for i, (p, acc) in enumerate(pairs)
    ]


def random_interactions(rng, n, accepted_fraction=0.7, p_values=None):
    pairs = []
    for _ in range(n):
        p = rng.choice(p_values) if p_values else rng.random()
        pairs.append((p, rng.random() < accepted_fraction))
    return ix_list(pairs)


def effective(threat, trust):
    return {"op": "effective", "threat_level": float(threat), "agent_trust": float(trust)}


def should_cross(perm, p):
    return {"op": "should_cross", "permeability": float(perm), "interaction_p": float(p)}


def contagion(index, perm):
    return {"op": "contagion", "index": int(index), "permeability": float(perm)}


def simulate(perm, start, end):
    return {"op": "simulate", "permeability": None if perm is None else float(perm),
            "range": [int(start), int(end)]}


def optimal(weight, n_samples):
    return {"op": "optimal", "external_harm_weight": float(weight), "n_samples": int(n_samples)}


def reset():
    return {"op": "reset"}


def case(name, cfg, seed, interactions, steps):
    return {"name": name, "config": cfg, "seed": seed, "interactions": interactions,
            "steps": steps}


# ---------------------------------------------------------------------------
# Running the reference
# ---------------------------------------------------------------------------


def state_dict(model):
    return model.state.to_dict()


def event_dict(e):
    d = e.to_dict()
    del d["event_id"]   # random uuid4
    del d["timestamp"]  # wall clock
    return d


def run_reference(c):
    model = PermeabilityModel(PermeabilityConfig(**c["config"]), seed=c["seed"])
    ixs = [SoftInteraction(**ix) for ix in c["interactions"]]
    out = []
    for step in c["steps"]:
        op = step["op"]
        s = dict(step)
        if op == "effective":
            s["result"] = model.compute_effective_permeability(
                threat_level=step["threat_level"], agent_trust=step["agent_trust"])
            s["state"] = state_dict(model)
        elif op == "should_cross":
            allowed, degraded = model.should_cross(step["permeability"], step["interaction_p"])
            s["allowed"] = allowed
            s["degraded_p"] = degraded
        elif op == "contagion":
            s["result"] = model.compute_contagion_probability(
                ixs[step["index"]], step["permeability"])
        elif op == "simulate":
            start, end = step["range"]
            assert 0 <= start <= end <= len(ixs)
            events = model.simulate_spillover(ixs[start:end], step["permeability"])
            s["events"] = [event_dict(e) for e in events]
            s["state"] = state_dict(model)
            s["containment_rate"] = model.containment_rate()
            # sum() over no crossed events is the int 0; written as floats.
            s["spillover_harm_history"] = float(model.compute_spillover_harm())
            s["spillover_harm_events"] = float(model.compute_spillover_harm(events))
            s["history_count"] = len(model.get_spillover_history())
        elif op == "optimal":
            s["result"] = model.optimal_permeability(
                ixs, external_harm_weight=step["external_harm_weight"],
                n_samples=step["n_samples"])
        elif op == "reset":
            model.reset()
            s["state"] = state_dict(model)
        else:
            raise ValueError(op)
        out.append(s)
    return {"name": c["name"], "config": c["config"], "seed": c["seed"],
            "interactions": c["interactions"], "steps": out}




# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------


def random_steps(rng, n_interactions, n_steps, *, optimal_samples=(1, 10, 100)):
    """A seeded mix of every operation, interleaving the model's RNG users."""
    steps = []
    for _ in range(n_steps):
        u = rng.random()
        if u < 0.2:
            steps.append(effective(rng.choice([0.0, 0.25, 0.5, 1.0, rng.uniform(-0.5, 1.5)]),
                                   rng.choice([0.0, 0.5, 1.0, rng.random()])))
        elif u < 0.45:
            steps.append(should_cross(rng.choice([0.0, 1.0, rng.random()]),
                                      rng.choice([0.0, 1.0, rng.random()])))
        elif u < 0.6 and n_interactions:
            steps.append(contagion(rng.randrange(n_interactions),
                                   rng.choice([0.0, 1.0, rng.random()])))
        elif u < 0.85:
            a = rng.randint(0, n_interactions)
            b = rng.randint(a, min(n_interactions, a + 400))
            steps.append(simulate(rng.choice([None, None, 0.0, 1.0, rng.random()]), a, b))
        elif u < 0.95:
            steps.append(optimal(rng.choice([0.0, 1.0, 5.0, rng.uniform(0.0, 10.0)]),
                                 rng.choice(optimal_samples)))
        else:
            steps.append(reset())
    return steps


def all_cases():
    cases = []
    add = cases.append

    # --- default config with many interactions --------------------------------
    rng = random.Random(101)
    ixs = random_interactions(rng, 2000)
    add(case("default_config_2000_interactions", config(), 42, ixs, [
        simulate(None, 0, 2000),
        effective(0.2, 0.7),
        simulate(None, 0, 2000),
        optimal(1.0, 10),
        should_cross(0.5, 0.5),
        contagion(0, 0.5),
        contagion(1999, 1.0),
    ]))

    rng = random.Random(102)
    ixs = random_interactions(rng, 2000)
    add(case("high_contagion_2000_interactions", config(contagion_rate=0.8), 7, ixs, [
        effective(0.1, 0.9),
        simulate(None, 0, 2000),
        effective(0.0, 1.0),
        simulate(None, 0, 1000),
        simulate(1.0, 1000, 2000),
        optimal(1.0, 100),
        optimal(5.0, 100),
        contagion(3, 0.5),
    ]))

    rng = random.Random(103)
    ixs = random_interactions(rng, 2000, accepted_fraction=0.7)
    add(case("contagion_rate_1_base_1", config(base_permeability=1.0, contagion_rate=1.0,
                                               spillover_amplification=2.0), 2024, ixs, [
        simulate(None, 0, 2000),
        optimal(1.0, 1000),
        optimal(0.0, 1000),
        optimal(5.0, 1000),
    ]))

    # --- adaptive off: effective permeability is the base, state untouched ---
    rng = random.Random(104)
    ixs = random_interactions(rng, 300)
    add(case("adaptive_off", config(adaptive=False, contagion_rate=0.6,
                                    base_permeability=0.7), 5, ixs, [
        effective(0.9, 0.1),
        effective(-1.0, 2.0),
        simulate(None, 0, 300),
        effective(1.0, 0.0),
        simulate(None, 0, 300),
    ]))

    # --- adaptive on with extreme threat and trust ----------------------------
    rng = random.Random(105)
    ixs = random_interactions(rng, 300)
    add(case("adaptive_extreme_threat_sensitivity_2",
             config(threat_sensitivity=2.0, contagion_rate=0.9, base_permeability=0.8), 11, ixs, [
        effective(1.0, 1.0),      # factor 1 - 2 = -1 -> clamped to 0
        simulate(None, 0, 300),   # permeability 0: random() still drawn, no events
        effective(0.5, 1.0),      # factor exactly 0
        effective(0.25, 1.0),     # factor 0.5
        simulate(None, 0, 300),
        effective(0.0, 0.0),      # trust 0 halves the base
        effective(0.0, 1.0),      # trust 1 keeps the base
        effective(3.0, 0.5),      # threat > 1
        effective(-0.5, 0.5),     # negative threat: factor 2 -> clamped to 1
        effective(-10.0, 1.0),
        effective(0.0, 1.5),      # trust above 1: 0.8 * 1.25 = 1.0
        effective(0.0, 3.0),      # clamped to 1
        effective(0.0, -0.5),     # trust factor 0.25
        effective(0.0, -1.0),     # trust factor exactly 0
        effective(0.0, -3.0),     # negative product -> clamped to 0
        simulate(None, 0, 300),
    ]))
    add(case("adaptive_threat_sensitivity_0",
             config(threat_sensitivity=0.0, contagion_rate=0.5), 12, ixs, [
        effective(1.0, 0.5),
        effective(100.0, 0.25),
        effective(-100.0, 0.75),
        simulate(None, 0, 300),
    ]))

    # --- permeability overrides 0 and 1, with p = 0 and p = 1 -----------------
    rng = random.Random(106)
    pairs = [(0.0, True), (1.0, True), (0.0, False), (1.0, False)]
    pairs += [(rng.choice([0.0, 1.0, 0.5, rng.random()]), rng.random() < 0.8) for _ in range(200)]
    ixs = ix_list(pairs)
    add(case("override_0_and_1_with_p_0_and_1", config(contagion_rate=1.0), 13, ixs, [
        contagion(0, 0.0), contagion(0, 1.0), contagion(1, 0.0), contagion(1, 1.0),
        contagion(2, 1.0), contagion(3, 0.5), contagion(0, 2.0), contagion(0, -0.5),
        simulate(0.0, 0, len(ixs)),
        simulate(1.0, 0, len(ixs)),
        simulate(1.0, 0, len(ixs)),
        simulate(0.0, 0, len(ixs)),
        should_cross(0.0, 0.0), should_cross(0.0, 1.0),
        should_cross(1.0, 0.0), should_cross(1.0, 1.0),
        optimal(1.0, 10), optimal(0.0, 10), optimal(5.0, 10),
    ]))

    # --- overrides outside [0, 1] ----------------------------------------------
    rng = random.Random(107)
    ixs = random_interactions(rng, 300, accepted_fraction=0.9)
    add(case("out_of_range_arguments", config(contagion_rate=1.0, information_decay=0.25), 14,
             ixs, [
        simulate(1.5, 0, 300),
        simulate(-0.5, 0, 300),
        contagion(5, 3.0), contagion(6, -1.0),
        should_cross(1.5, 0.5), should_cross(-0.2, 0.9), should_cross(2.0, -1.0),
        should_cross(0.5, 1.5), should_cross(0.5, -0.5), should_cross(1.0, 3.0),
    ]))

    # --- no accepted interactions / no interactions ---------------------------
    rng = random.Random(108)
    ixs = random_interactions(rng, 200, accepted_fraction=0.0)
    add(case("no_accepted_interactions", config(contagion_rate=1.0), 15, ixs, [
        simulate(None, 0, 200),
        simulate(1.0, 0, 200),
        should_cross(0.5, 0.5),
        contagion(0, 1.0),   # not filtered by acceptance
        optimal(1.0, 10), optimal(0.0, 100), optimal(5.0, 1),
        effective(0.5, 0.5),
    ]))
    add(case("empty_interaction_list", config(), 16, [], [
        simulate(None, 0, 0),
        simulate(1.0, 0, 0),
        optimal(1.0, 10), optimal(0.0, 1), optimal(5.0, 1000),
        effective(0.3, 0.3),
        should_cross(0.5, 0.5),
        reset(),
    ]))

    # --- history accumulates, reset clears it ----------------------------------
    rng = random.Random(109)
    ixs = random_interactions(rng, 1200)
    add(case("simulations_in_sequence_then_reset",
             config(contagion_rate=0.7, base_permeability=0.6), 17, ixs, [
        simulate(None, 0, 300),
        simulate(None, 300, 600),
        effective(0.4, 0.8),
        simulate(None, 600, 900),
        should_cross(0.6, 0.2),
        simulate(0.9, 900, 1200),
        simulate(None, 0, 1200),
        reset(),
        simulate(None, 0, 600),
        effective(0.1, 0.1),
        reset(),
        simulate(None, 600, 1200),
        simulate(None, 600, 600),
    ]))

    # --- spillover amplification 0 -------------------------------------------
    rng = random.Random(110)
    ixs = random_interactions(rng, 500)
    add(case("spillover_amplification_0", config(spillover_amplification=0.0, contagion_rate=0.9),
             18, ixs, [
        simulate(None, 0, 500),
        simulate(1.0, 0, 500),
        optimal(5.0, 10), optimal(0.0, 10),
    ]))

    # --- information decay 0 and 1 --------------------------------------------
    for decay, seed in ((0.0, 19), (1.0, 20)):
        rng = random.Random(111 + seed)
        ixs = random_interactions(rng, 300)
        steps = [should_cross(rng.choice([0.3, 0.7, 1.0]), rng.choice([0.0, 0.5, 1.0, rng.random()]))
                 for _ in range(40)]
        steps += [simulate(None, 0, 300)]
        add(case(f"information_decay_{int(decay)}",
                 config(information_decay=decay, contagion_rate=0.8), seed, ixs, steps))

    # --- contagion rate 0: no spillovers ever ---------------------------------
    rng = random.Random(112)
    ixs = random_interactions(rng, 300)
    add(case("contagion_rate_0", config(contagion_rate=0.0, base_permeability=1.0), 21, ixs, [
        simulate(None, 0, 300), simulate(1.0, 0, 300), contagion(0, 1.0),
        optimal(1.0, 10), optimal(5.0, 100),
    ]))

    # --- base permeability 0 --------------------------------------------------
    add(case("base_permeability_0", config(base_permeability=0.0, contagion_rate=1.0), 22, ixs, [
        effective(0.0, 1.0), simulate(None, 0, 300), should_cross(0.0, 1.0),
        simulate(0.5, 0, 300),
    ]))

    # --- grid search --------------------------------------------------------
    rng = random.Random(113)
    ixs = random_interactions(rng, 400)
    steps = [optimal(w, n) for n in (1, 10, 100, 1000) for w in (0.0, 1.0, 5.0)]
    add(case("optimal_grid_sweep", config(contagion_rate=1.0, spillover_amplification=3.0), 23,
             ixs, steps))
    rng = random.Random(114)
    ixs = random_interactions(rng, 400, p_values=[0.0, 0.05, 0.1, 0.2, 0.25, 0.5])
    steps = [optimal(w, n) for n in (1, 10, 100, 1000) for w in (0.0, 0.5, 1.0, 1.5, 2.0, 5.0)]
    add(case("optimal_grid_sweep_low_p", config(contagion_rate=0.75, spillover_amplification=1.0),
             24, ixs, steps))

    # Exact ties: every score is 0 (all p = 0 and weight 0), or every score is
    # -harm (weight > 0, best at permeability 0); the first grid point wins.
    ixs = ix_list([(0.0, True)] * 50 + [(0.3, False)] * 10)
    add(case("optimal_ties_all_p_zero", config(contagion_rate=1.0), 25, ixs, [
        optimal(0.0, n) for n in (1, 10, 100, 1000)
    ] + [optimal(1.0, 10), optimal(5.0, 100)]))
    ixs = ix_list([(0.0, True)] * 20)
    add(case("optimal_flat_amplification_0", config(spillover_amplification=0.0,
                                                   contagion_rate=1.0), 26, ixs, [
        optimal(w, n) for n in (1, 10, 100) for w in (0.0, 1.0, 5.0)
    ]))
    # One interaction with p = 0.5, rate 1, amplification 1: benefit 0.5 * perm
    # and harm 0.25 * perm, all exact, so weight 2 makes every score exactly 0.
    ixs = ix_list([(0.5, True)])
    add(case("optimal_flat_exact_balance", config(contagion_rate=1.0, spillover_amplification=1.0),
             27, ixs, [
        optimal(2.0, 1), optimal(2.0, 10), optimal(2.0, 100), optimal(2.0, 1000),
        optimal(1.999, 10), optimal(2.001, 10), optimal(1.0, 10), optimal(4.0, 10),
    ]))
    # Benefit and harm are both linear in the permeability (the contagion
    # clamp never bites for rate, 1 - p and permeability in [0, 1]), so the
    # search normally returns 0 or 1. Here the weight balances them, so every
    # score is 0 up to rounding and the rounding alone picks an interior
    # grid point: a port must add and multiply in the reference's order.
    rng = random.Random(115)
    ixs = ix_list([(rng.random(), True) for _ in range(50)])
    benefit = sum(ix["p"] for ix in ixs)
    harm = sum((1.0 - ix["p"]) ** 2 * 1.5 for ix in ixs)
    w = benefit / harm
    add(case("optimal_rounding_decides_near_balance",
             config(contagion_rate=1.0, spillover_amplification=1.5), 29, ixs, [
        optimal(w, 1), optimal(w, 10), optimal(w, 100), optimal(w, 1000),
    ]))
    ixs = ix_list([(1.0, True)] * 10 + [(1.0, False)] * 5)
    add(case("optimal_all_p_one", config(contagion_rate=1.0), 28, ixs, [
        optimal(0.0, 10), optimal(5.0, 10), optimal(5.0, 1), simulate(1.0, 0, 15),
    ]))

    # --- seeded random operation sequences with varied configs -------------
    specs = [
        ("random_ops_seed_1", 1, config(contagion_rate=0.6), 600, 80),
        ("random_ops_seed_99", 99, config(base_permeability=0.9, information_decay=0.5,
                                          contagion_rate=1.0, spillover_amplification=2.5,
                                          threat_sensitivity=1.5), 600, 80),
        ("random_ops_seed_31337_adaptive_off", 31337, config(adaptive=False,
                                                             contagion_rate=0.3), 600, 80),
        ("random_ops_seed_0", 0, config(base_permeability=0.25, contagion_rate=0.95,
                                        spillover_amplification=0.5), 400, 60),
    ]
    for name, seed, cfg, n_ix, n_steps in specs:
        rng = random.Random(seed + 1000)
        ixs = random_interactions(rng, n_ix, accepted_fraction=rng.uniform(0.5, 0.9))
        add(case(name, cfg, seed, ixs, random_steps(rng, n_ix, n_steps)))

    return cases


# ---------------------------------------------------------------------------


def main():
    inputs = all_cases()
    names = [c["name"] for c in inputs]
    assert len(names) == len(set(names)), "case names must be unique"
    cases = [run_reference(c) for c in inputs]
    doc = {"swarm_safety_version": REQUIRED_VERSION, "cases": cases}
    write_fixture(OUTPUT_PATH, doc)

    n_ix = sum(len(c["interactions"]) for c in cases)
    events = [e for c in cases for s in c["steps"] if s["op"] == "simulate" for e in s["events"]]
    blocked = sum(1 for e in events if e["blocked"])
    n_steps = sum(len(c["steps"]) for c in cases)
    print(f"wrote {len(cases)} cases to {OUTPUT_PATH}")
    print(f"  interactions {n_ix}, steps {n_steps}, spillover events {len(events)} "
          f"(blocked {blocked}, crossed {len(events) - blocked})")


if __name__ == "__main__":
    main()
