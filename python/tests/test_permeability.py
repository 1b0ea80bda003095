"""The numpy permeability API: the grid search against the reference's formula, seeded
spillover that does not depend on the thread count, and validation."""

import numpy as np
import pytest

from agent_economies import permeability


def reference_optimal(p, accepted, rate, amplification, weight, samples):
    """The reference's loop: score every grid point, keep the first strictly better one."""
    best, best_score = 0.0, -np.inf
    for k in range(samples + 1):
        perm = k / samples
        score = 0.0
        for quality, ok in zip(p, accepted):
            if ok:
                contagion = min(max(rate * (1.0 - quality) * perm, 0.0), 1.0)
                score += quality * perm - weight * contagion * (1.0 - quality) * amplification
        if score > best_score:
            best, best_score = perm, score
    return best


@pytest.mark.parametrize("weight", [0.0, 1.0, 50.0, 2000.0])
def test_optimal_matches_the_reference_loop(weight):
    rng = np.random.default_rng(7)
    p = rng.uniform(0, 1, 3000)
    accepted = rng.uniform(0, 1, 3000) < 0.7
    expected = reference_optimal(p, accepted, 0.05, 1.5, weight, 10)
    assert permeability.optimal_permeability(p, accepted, external_harm_weight=weight, samples=10) == expected


def test_spillover_is_seeded_and_thread_independent():
    rng = np.random.default_rng(2)
    p = rng.uniform(0, 1, 200_000)
    accepted = rng.uniform(0, 1, 200_000) < 0.7
    one = permeability.spillover(p, accepted, permeability=0.5, seed=11, threads=1)
    two = permeability.spillover(p, accepted, permeability=0.5, seed=11, threads=2)
    assert np.array_equal(one.indices, two.indices) and np.array_equal(one.blocked, two.blocked)
    other = permeability.spillover(p, accepted, permeability=0.5, seed=12)
    assert not np.array_equal(one.indices, other.indices)
    assert accepted[one.indices].all()
    assert np.allclose(one.harm, (1 - p[one.indices]) * 1.5)
    # Expected events: sum over accepted of 0.5 * 0.05 * (1 - p).
    expected = (0.5 * 0.05 * (1 - p[accepted])).sum()
    assert abs(len(one.indices) - expected) < 5 * np.sqrt(expected)
    assert 0 <= one.external_harm <= one.harm.sum()


@pytest.mark.parametrize("call, error, words", [
    (lambda: permeability.spillover([0.5, 1.5], [True, True], permeability=0.5), ValueError, "p[1]"),
    (lambda: permeability.spillover([0.5], [1], permeability=0.5), TypeError, "accepted"),
    (lambda: permeability.spillover([0.5, 0.2], [True], permeability=0.5), ValueError, "accepted"),
    (lambda: permeability.spillover([0.5], [True], permeability=float("nan")), ValueError, "permeability"),
    (lambda: permeability.spillover([0.5], [True], permeability=0.5, contagion_rate=-1), ValueError, "contagion_rate"),
    (lambda: permeability.optimal_permeability([0.5], [True], external_harm_weight=float("inf")), ValueError,
     "external_harm_weight"),
    (lambda: permeability.optimal_permeability(None, [True]), TypeError, "p"),
])
def test_bad_input_raises_naming_the_field(call, error, words):
    with pytest.raises(error) as raised:
        call()
    assert words in str(raised.value)


def test_empty_columns():
    assert permeability.spillover([], np.array([], dtype=bool), permeability=0.5).indices.size == 0
    assert permeability.optimal_permeability([], np.array([], dtype=bool)) == 0.0
