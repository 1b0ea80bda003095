"""Generate ``auction.json``, the reference fixtures for the Swift port of the
Dworkin auction (``swarm.env.auction`` in swarm-safety 1.9.0).

Each case describes an auction configuration, the bids (in the order they are
handed to ``run_auction``) and the available resources, together with the
result that swarm-safety 1.9.0 itself produces: convergence flag, round
count, clearing prices, per-agent allocations, envy violations, total utility
and the Gini coefficient of allocation utilities. The Swift tests decode this
file and compare their own results against it.

The reference package is only called, never re-implemented here. Every input
is either hand-written or drawn from a seeded ``random.Random``, so running the
script twice gives byte-identical output. Floats are written by ``json.dump``
using ``repr``, which round-trips exactly to IEEE-754 doubles.

Regenerate from the repository root with:

    python3 -m venv .venv && .venv/bin/pip install swarm-safety==1.9.0 && .venv/bin/python Tests/Fixtures/generate_auction_fixtures.py

Note: the checked-in file was produced with CPython 3.11. From CPython 3.12
on, the built-in ``sum()`` of floats uses compensated summation, which can
change the last bits of utilities, prices paid and Gini values; use a 3.10 or
3.11 interpreter to reproduce the file exactly.
"""

import json
import os
import random

from fixture_support import REQUIRED_VERSION, require_reference, write_fixture  # noqa: E402

require_reference()

from swarm.env.auction import AuctionBid, AuctionConfig, DworkinAuction  # noqa: E402

OUTPUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "auction.json")


# ---------------------------------------------------------------------------
# Case construction helpers
# ---------------------------------------------------------------------------


def config(
    initial_endowment=100.0,
    max_rounds=50,
    price_adjustment_rate=0.1,
    convergence_tolerance=0.01,
    envy_tolerance=0.05,
):
    return {
        "initial_endowment": float(initial_endowment),
        "max_rounds": int(max_rounds),
        "price_adjustment_rate": float(price_adjustment_rate),
        "convergence_tolerance": float(convergence_tolerance),
        "envy_tolerance": float(envy_tolerance),
    }


def bid(agent_id, valuations, budget=100.0):
    """A bid as a plain record; valuations is a list of (name, value) pairs."""
    return {
        "agent_id": agent_id,
        "valuations": [[name, float(value)] for name, value in valuations],
        "budget": float(budget),
    }


def case(name, cfg, bids, resources):
    return {
        "name": name,
        "config": cfg,
        "bids": bids,
        "resources": [[name_, float(supply)] for name_, supply in resources],
    }


# ---------------------------------------------------------------------------
# Running the reference
# ---------------------------------------------------------------------------


def run_reference(c):
    cfg = AuctionConfig(**c["config"])
    auction = DworkinAuction(cfg)
    bids = {}
    for b in c["bids"]:
        assert b["agent_id"] not in bids, f"duplicate agent id in {c['name']}"
        bids[b["agent_id"]] = AuctionBid(
            agent_id=b["agent_id"],
            valuations={name: value for name, value in b["valuations"]},
            budget=b["budget"],
        )
    resources = {name: supply for name, supply in c["resources"]}
    assert len(resources) == len(c["resources"]), f"duplicate resource in {c['name']}"

    result = auction.run_auction(bids, resources)
    gini = auction.compute_gini_coefficient(result.allocations)

    return {
        "converged": result.converged,
        "rounds_to_converge": result.rounds_to_converge,
        "is_envy_free": result.is_envy_free,
        "clearing_prices": [[k, v] for k, v in result.clearing_prices.items()],
        "allocations": [
            {
                "agent_id": a.agent_id,
                "resources": [[k, v] for k, v in a.resources.items()],
                "price_paid": a.price_paid,
                "utility": a.utility,
            }
            for a in result.allocations.values()
        ],
        "envy_violations": [
            {
                "envious_agent": v.envious_agent,
                "envied_agent": v.envied_agent,
                "utility_gap": v.utility_gap,
            }
            for v in result.envy_violations
        ],
        "total_utility": result.total_utility,
        "gini": gini,
    }




# ---------------------------------------------------------------------------
# Hand-written cases
# ---------------------------------------------------------------------------

QUICK_START_CONFIG = config(max_rounds=50, price_adjustment_rate=0.1,
                            convergence_tolerance=0.01, envy_tolerance=0.05)
QUICK_START_BIDS = [
    bid("agent_1", [("compute", 2.0), ("data", 1.0), ("bandwidth", 0.5)], 100.0),
    bid("agent_2", [("compute", 0.5), ("data", 2.0), ("bandwidth", 1.5)], 100.0),
]
QUICK_START_RESOURCES = [("compute", 10.0), ("data", 20.0), ("bandwidth", 15.0)]

UNICODE_NAMES = ["Zeta", "alpha", "été", "ω", "a", "B"]


def hand_written_cases():
    cases = []
    add = cases.append

    # --- degenerate inputs -------------------------------------------------
    add(case("no_bids", config(), [], [("compute", 10.0)]))
    add(case("no_resources", config(), [bid("agent_1", [("compute", 1.0)], 100.0)], []))
    add(case("both_empty", config(), [], []))

    # --- single agent ------------------------------------------------------
    add(case("one_agent_one_resource_converges_round_1", config(),
             [bid("solo", [("compute", 1.0)], 100.0)], [("compute", 100.0)]))
    add(case("one_agent_one_resource_oversupplied", config(),
             [bid("solo", [("compute", 3.0)], 40.0)], [("compute", 100.0)]))
    add(case("one_agent_several_resources", config(),
             [bid("solo", [("cpu", 3.0), ("disk", 1.0), ("gpu", 5.0), ("net", 0.25)], 100.0)],
             [("cpu", 10.0), ("gpu", 4.0), ("disk", 50.0), ("net", 30.0)]))

    # --- quick start -------------------------------------------------------
    add(case("quick_start_two_agents", QUICK_START_CONFIG,
             QUICK_START_BIDS, QUICK_START_RESOURCES))
    add(case("quick_start_max_rounds_1", config(max_rounds=1),
             QUICK_START_BIDS, QUICK_START_RESOURCES))
    add(case("quick_start_max_rounds_2", config(max_rounds=2),
             QUICK_START_BIDS, QUICK_START_RESOURCES))
    add(case("quick_start_envy_tolerance_0", config(envy_tolerance=0.0),
             QUICK_START_BIDS, QUICK_START_RESOURCES))
    add(case("quick_start_rate_1", config(price_adjustment_rate=1.0),
             QUICK_START_BIDS, QUICK_START_RESOURCES))

    # --- ties in value per price, broken by resource name (greater first) --
    add(case("tie_break_unicode_names_single_agent", config(),
             [bid("solo", [(n, 1.0) for n in UNICODE_NAMES], 30.0)],
             [(n, 10.0) for n in UNICODE_NAMES]))
    add(case("tie_break_unicode_names_reversed_insertion", config(max_rounds=3),
             [bid("solo", [(n, 2.0) for n in reversed(UNICODE_NAMES)], 25.0)],
             [(n, 8.0) for n in sorted(UNICODE_NAMES)]))
    add(case("tie_break_unicode_names_two_agents", config(envy_tolerance=0.0),
             [bid("b_agent", [(n, 1.0) for n in UNICODE_NAMES], 15.0),
              bid("a_agent", [(n, 1.0) for n in reversed(UNICODE_NAMES)], 45.0)],
             [(n, 10.0) for n in UNICODE_NAMES]))
    # With a single round, prices stay exactly tied within each group, so the
    # final demand pass also has to break ties by name.
    add(case("tie_break_unicode_names_max_rounds_1", config(max_rounds=1),
             [bid("solo", [(n, 1.0) for n in UNICODE_NAMES], 30.0)],
             [(n, 10.0) for n in UNICODE_NAMES]))
    add(case("tie_break_unicode_names_two_agents_max_rounds_1",
             config(max_rounds=1, envy_tolerance=0.0),
             [bid("p", [(n, 3.0) for n in reversed(UNICODE_NAMES)], 20.0),
              bid("q", [(n, 3.0) for n in UNICODE_NAMES], 15.0)],
             [(n, 10.0) for n in UNICODE_NAMES]))
    add(case("tie_break_case_and_accents", config(max_rounds=5),
             [bid("x", [("b", 1.0), ("B", 1.0), ("é", 1.0), ("e", 1.0), ("E", 1.0),
                        ("ü", 1.0), ("Ω", 1.0), ("ω", 1.0)], 12.0)],
             [("B", 5.0), ("b", 5.0), ("E", 5.0), ("e", 5.0), ("é", 5.0),
              ("ü", 5.0), ("Ω", 5.0), ("ω", 5.0)]))

    # --- zero / negative valuations ---------------------------------------
    add(case("zero_valuations", config(),
             [bid("a", [("x", 0.0), ("y", 0.0)], 50.0),
              bid("b", [("x", 1.0), ("y", 0.0)], 50.0)],
             [("x", 10.0), ("y", 10.0)]))
    add(case("negative_valuations_mixed", config(),
             [bid("a", [("x", 2.0), ("y", -1.0), ("z", 0.5)], 100.0),
              bid("b", [("x", -3.0), ("y", 4.0), ("z", -0.5)], 100.0)],
             [("x", 10.0), ("y", 20.0), ("z", 30.0)]))
    add(case("all_negative_valuations", config(),
             [bid("a", [("x", -1.0), ("y", -2.0)], 100.0),
              bid("b", [("x", -5.0), ("y", -0.5)], 60.0)],
             [("x", 10.0), ("y", 10.0)]))

    # --- supply edge cases -------------------------------------------------
    add(case("resource_with_zero_supply", config(),
             [bid("a", [("scarce", 10.0), ("plenty", 1.0)], 100.0),
              bid("b", [("scarce", 5.0), ("plenty", 2.0)], 100.0)],
             [("scarce", 0.0), ("plenty", 50.0)]))
    add(case("valuations_for_unknown_resources", config(),
             [bid("a", [("ghost", 100.0), ("real", 1.0)], 100.0),
              bid("b", [("phantom", 50.0), ("ghost", 3.0)], 100.0)],
             [("real", 40.0), ("other", 5.0)]))

    # --- budgets ----------------------------------------------------------
    add(case("differing_budgets_with_zero_and_tiny", config(),
             [bid("rich", [("x", 1.0), ("y", 2.0)], 150.0),
              bid("broke", [("x", 3.0), ("y", 1.0)], 0.0),
              bid("tiny", [("x", 2.0), ("y", 2.0)], 1e-9),
              bid("modest", [("x", 1.5), ("y", 0.5)], 20.0)],
             [("x", 30.0), ("y", 30.0)]))
    add(case("all_budgets_zero", config(),
             [bid("a", [("x", 1.0)], 0.0), bid("b", [("x", 2.0)], 0.0)],
             [("x", 10.0)]))

    # --- magnitudes -------------------------------------------------------
    add(case("large_valuation_magnitudes", config(),
             [bid("a", [("x", 1e6), ("y", 3e6)], 1e6),
              bid("b", [("x", 2e6), ("y", 1e6)], 5e5)],
             [("x", 1000.0), ("y", 2000.0)]))
    add(case("tiny_valuation_magnitudes", config(envy_tolerance=0.0),
             [bid("a", [("x", 1e-6), ("y", 3e-6)], 1e-3),
              bid("b", [("x", 2e-6), ("y", 1e-6)], 2e-3)],
             [("x", 1e-3), ("y", 2e-3)]))

    # --- agents that value nothing ---------------------------------------
    add(case("agents_with_empty_valuations", config(),
             [bid("empty_1", [], 100.0),
              bid("wants", [("x", 1.0)], 100.0),
              bid("empty_2", [], 0.0)],
             [("x", 10.0)]))

    # --- converging markets ----------------------------------------------
    add(case("converges_supply_equals_demand_two_agents", config(),
             [bid("a", [("x", 2.0), ("y", 1.0)], 10.0),
              bid("b", [("x", 1.0), ("y", 2.0)], 20.0)],
             [("x", 10.0), ("y", 20.0)]))
    add(case("converges_high_tolerance", config(convergence_tolerance=1e6),
             QUICK_START_BIDS, QUICK_START_RESOURCES))
    add(case("converges_round_1_budget_exceeds_supply",
             config(price_adjustment_rate=0.5, convergence_tolerance=0.5),
             [bid("a", [("x", 1.0)], 12.0)], [("x", 10.0)]))
    # Price halves towards 0.5 over several rounds before demand meets supply.
    add(case("converges_after_several_rounds", config(price_adjustment_rate=0.5),
             [bid("a", [("x", 1.0)], 5.0)], [("x", 10.0)]))

    # --- price floor -------------------------------------------------------
    add(case("price_floor_unvalued_resources_rate_1", config(price_adjustment_rate=1.0),
             [bid("a", [("x", 1.0)], 5.0), bid("b", [("x", 2.0)], 5.0)],
             [("x", 10.0), ("nobody", 100.0), ("nobody_either", 1.0)]))
    add(case("price_floor_negative_only_rate_1", config(price_adjustment_rate=1.0, max_rounds=10),
             [bid("a", [("x", -1.0)], 0.0)], [("x", 50.0)]))

    # --- many envy violations ---------------------------------------------
    envy_bids = []
    for i in range(8):
        vals = [("gold", 10.0 - i), ("silver", 1.0 + i * 0.5)]
        budget = 100.0 if i % 2 == 0 else 5.0 + i
        envy_bids.append(bid(f"agent_{i}", vals, budget))
    add(case("envy_violations_mixed_budgets", config(envy_tolerance=0.0, max_rounds=5),
             envy_bids, [("gold", 4.0), ("silver", 200.0)]))
    # Everyone prefers gold; after one round of price movement the richer
    # agents hold more silver that the poorer ones can afford and value.
    add(case("many_envy_violations", config(envy_tolerance=0.0, max_rounds=1),
             [bid(f"agent_{i}", [("gold", 10.0), ("silver", 1.0 + 0.1 * i)], 10.0 + 10.0 * i)
              for i in range(10)],
             [("gold", 5.0), ("silver", 100.0)]))

    # --- agent insertion order that is not sorted -------------------------
    add(case("unsorted_agent_ids", config(),
             [bid("zed", [("r", 1.0), ("q", 2.0)], 30.0),
              bid("Alice", [("q", 1.0), ("r", 3.0)], 60.0),
              bid("ñandú", [("r", 2.0)], 10.0),
              bid("bob", [("q", 2.0)], 90.0)],
             [("r", 15.0), ("q", 25.0)]))

    return cases


# ---------------------------------------------------------------------------
# Random markets
# ---------------------------------------------------------------------------


def uniform_open_low(rng, hi):
    """A value in (0, hi]."""
    return hi * (1.0 - rng.random())


def random_market(name, rng, n_agents, n_resources, cfg, *, random_budgets=False,
                  missing_fraction=0.0, negative_fraction=0.0):
    resources = [(f"r{j}", float(rng.randint(1, 50))) for j in range(n_resources)]
    bids = []
    for i in range(n_agents):
        vals = []
        for r, _ in resources:
            if missing_fraction and rng.random() < missing_fraction:
                continue
            v = uniform_open_low(rng, 10.0)
            if negative_fraction and rng.random() < negative_fraction:
                v = -v
            vals.append((r, v))
        rng.shuffle(vals)  # dict insertion order varies per agent
        budget = rng.uniform(50.0, 150.0) if random_budgets else 100.0
        bids.append(bid(f"agent_{i}", vals, budget))
    return case(name, cfg, bids, resources)


def random_cases():
    rng = random.Random(20240917)
    cases = []
    add = cases.append
    add(random_market("random_3x2_rate_0_1", rng, 3, 2, config(price_adjustment_rate=0.1)))
    add(random_market("random_3x2_rate_1_budgets", rng, 3, 2,
                      config(price_adjustment_rate=1.0), random_budgets=True))
    add(random_market("random_5x3_rate_0_05", rng, 5, 3, config(price_adjustment_rate=0.05)))
    add(random_market("random_5x3_rate_0_5_missing", rng, 5, 3,
                      config(price_adjustment_rate=0.5), missing_fraction=0.3))
    add(random_market("random_10x4_rate_0_1_budgets", rng, 10, 4,
                      config(price_adjustment_rate=0.1), random_budgets=True))
    add(random_market("random_10x4_rate_1_negative", rng, 10, 4,
                      config(price_adjustment_rate=1.0), negative_fraction=0.3))
    add(random_market("random_20x5_rate_0_5_budgets_missing", rng, 20, 5,
                      config(price_adjustment_rate=0.5, envy_tolerance=0.0),
                      random_budgets=True, missing_fraction=0.25))
    add(random_market("random_20x5_rate_0_05_negative", rng, 20, 5,
                      config(price_adjustment_rate=0.05, max_rounds=20), negative_fraction=0.2))
    add(random_market("random_50x8_rate_0_1", rng, 50, 8, config(price_adjustment_rate=0.1)))
    add(random_market("random_50x8_rate_1_budgets_negative", rng, 50, 8,
                      config(price_adjustment_rate=1.0), random_budgets=True,
                      negative_fraction=0.15))
    add(random_market("random_100x10_rate_0_05_budgets", rng, 100, 10,
                      config(price_adjustment_rate=0.05), random_budgets=True))
    add(random_market("random_100x10_rate_0_5_missing", rng, 100, 10,
                      config(price_adjustment_rate=0.5, max_rounds=30), missing_fraction=0.4))
    add(random_market("random_150x12_rate_0_1_budgets_missing_negative", rng, 150, 12,
                      config(price_adjustment_rate=0.1), random_budgets=True,
                      missing_fraction=0.2, negative_fraction=0.1))
    add(random_market("random_200x12_rate_1", rng, 200, 12,
                      config(price_adjustment_rate=1.0, max_rounds=40)))
    add(random_market("random_200x12_rate_0_05_budgets", rng, 200, 12,
                      config(price_adjustment_rate=0.05), random_budgets=True))
    return cases


# ---------------------------------------------------------------------------


def main():
    cases = hand_written_cases() + random_cases()
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    for c in cases:
        c["expected"] = run_reference(c)
    doc = {"swarm_safety_version": REQUIRED_VERSION, "cases": cases}
    write_fixture(OUTPUT_PATH, doc)
    print(f"wrote {len(cases)} cases to {OUTPUT_PATH}")


if __name__ == "__main__":
    main()
