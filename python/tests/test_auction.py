"""The numpy auction API against the reference's fixtures, and its validation."""

import threading

import numpy as np
import pytest

import agent_economies
from agent_economies import _native, auction


def close(actual, expected, relative=1e-9):
    return actual == expected or abs(actual - expected) <= relative * max(abs(actual), abs(expected))


def columnar(case):
    """The case as arrays, columns ordered by resource name, greatest code point first: the
    columnar API breaks value-per-price ties toward lower columns, as the reference breaks
    them toward greater names."""
    names = sorted((name for name, _ in case["resources"]), key=lambda s: [ord(c) for c in s], reverse=True)
    supply = dict(case["resources"])
    valuations = np.array([[dict(bid["valuations"]).get(name, 0.0) for name in names] for bid in case["bids"]],
                          dtype=np.float64).reshape(len(case["bids"]), len(names))
    budgets = np.array([bid["budget"] for bid in case["bids"]], dtype=np.float64)
    return names, valuations, budgets, np.array([supply[name] for name in names], dtype=np.float64)


def comparable(case):
    """Cases the columnar API can express: every bid has a budget and values every
    resource, and only the auction's resources."""
    names = {name for name, _ in case["resources"]}
    return case["bids"] and names and all(
        bid["budget"] is not None and {name for name, _ in bid["valuations"]} == names for bid in case["bids"])


def test_fixtures_match_the_reference(auction_cases):
    checked = 0
    for case in filter(comparable, auction_cases):
        names, valuations, budgets, supplies = columnar(case)
        config = case["config"]
        result = auction.run_market(
            valuations, budgets, supplies, max_rounds=config["max_rounds"],
            price_adjustment_rate=config["price_adjustment_rate"],
            convergence_tolerance=config["convergence_tolerance"], envy_tolerance=config["envy_tolerance"])
        expected = case["expected"]
        assert result.converged == expected["converged"], case["name"]
        assert result.rounds == expected["rounds_to_converge"], case["name"]
        assert result.envy_violation_count == len(expected["envy_violations"]), case["name"]
        assert result.is_envy_free == expected["is_envy_free"], case["name"]
        assert close(result.total_utility, expected["total_utility"]), case["name"]
        prices = dict(expected["clearing_prices"])
        for column, name in enumerate(names):
            assert close(result.prices[column], prices[name]), (case["name"], name)
        for row, allocation in enumerate(expected["allocations"]):
            assert close(result.utilities[row], allocation["utility"]), case["name"]
            assert close(result.prices_paid[row], allocation["price_paid"]), case["name"]
            start, end = result.bundle_indptr[row], result.bundle_indptr[row + 1]
            bought = [(names[c], q) for c, q in zip(result.bundle_indices[start:end], result.bundle_quantities[start:end])]
            assert [n for n, _ in bought] == [n for n, _ in allocation["resources"]], case["name"]
            for (_, q), (_, reference) in zip(bought, allocation["resources"]):
                assert close(q, reference), case["name"]
        assert result.envy_per_agent.sum() == result.envy_violation_count
        checked += 1
    assert checked >= 25


def test_equilibrium_solver_clears_a_random_market():
    rng = np.random.default_rng(3)
    valuations = rng.uniform(0.1, 10, size=(500, 12))
    result = auction.run_market(valuations, np.full(500, 100.0), np.full(12, 100 * 500 / 12),
                                solver="competitive_equilibrium", envy_tolerance=1e-4)
    assert result.converged and result.max_excess <= 1e-6 and result.equilibrium_gap <= 1e-6
    assert result.envy_violation_count == 0
    demand = np.bincount(result.bundle_indices, weights=result.bundle_quantities, minlength=12)
    assert np.allclose(demand, 100 * 500 / 12, rtol=1e-6)


def test_inputs_cross_without_copies_when_they_can():
    values = np.ones((3, 2))
    assert _native.as_array(values, np.float64, "valuations", 2) is values
    strided = np.ones((3, 4))[:, ::2]
    converted = _native.as_array(strided, np.float64, "valuations", 2)
    assert converted is not strided and converted.flags.c_contiguous
    integers = np.arange(6).reshape(3, 2)
    assert _native.as_array(integers, np.float64, "valuations", 2).dtype == np.float64


@pytest.mark.parametrize("change, error, words", [
    (dict(valuations=np.array([[1.0, np.nan]])), ValueError, "valuations[0][1]"),
    (dict(budgets=np.array([-1.0])), ValueError, "budgets[0]"),
    (dict(supplies=np.array([1.0])), ValueError, "supplies"),
    (dict(budgets=np.ones(3)), ValueError, "budgets"),
    (dict(valuations=np.ones(2)), ValueError, "valuations"),
    (dict(valuations=None), TypeError, "valuations"),
    (dict(valuations=np.array([["a", "b"]])), TypeError, "valuations"),
    (dict(solver="simplex"), ValueError, "solver"),
    (dict(max_rounds=0), ValueError, "max_rounds"),
    (dict(max_rounds=2.5), TypeError, "max_rounds"),
    (dict(price_adjustment_rate=1.5), ValueError, "rate"),
    (dict(envy_tolerance=-1), ValueError, "envy_tolerance"),
    (dict(threads=-2), ValueError, "threads"),
])
def test_bad_input_raises_naming_the_field(change, error, words):
    arguments = dict(valuations=np.array([[1.0, 2.0]]), budgets=np.array([10.0]), supplies=np.array([1.0, 1.0]))
    options = {k: v for k, v in change.items() if k not in arguments}
    arguments.update({k: v for k, v in change.items() if k in arguments})
    with pytest.raises(error) as raised:
        auction.run_market(arguments["valuations"], arguments["budgets"], arguments["supplies"], **options)
    assert words in str(raised.value)


def test_native_errors_carry_their_status():
    with pytest.raises(agent_economies.AgentEconomiesError) as raised:
        auction.run_market(np.array([[np.inf]]), np.ones(1), np.ones(1))
    assert raised.value.status == _native.ERROR_NOT_FINITE


def test_threads_do_not_change_results_and_calls_run_concurrently():
    rng = np.random.default_rng(5)
    valuations = rng.uniform(0, 10, size=(1500, 16))
    budgets, supplies = np.full(1500, 100.0), np.full(16, 100 * 1500 / 16)
    one = auction.run_market(valuations, budgets, supplies, threads=1)
    results = [None] * 4

    def run(slot):
        results[slot] = auction.run_market(valuations, budgets, supplies, threads=2)

    workers = [threading.Thread(target=run, args=(slot,)) for slot in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for other in results:
        assert np.array_equal(other.prices, one.prices)
        assert np.array_equal(other.bundle_quantities, one.bundle_quantities)
        assert other.envy_violation_count == one.envy_violation_count


def test_version_and_abi():
    assert agent_economies.ABI_VERSION == 2
    assert agent_economies.__version__.count(".") == 2
