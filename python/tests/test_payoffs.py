"""The payoff and metric columns without SWARM: broadcasting, the formulas on hand-made
cases, empty input, bad input naming its field, and a million interactions."""

import numpy as np
import pytest

from agent_economies.payoffs import break_even_p, social_break_even_p, soft_metrics, soft_payoffs


def test_formulas_on_a_hand_made_case():
    # S = 0.8 * 2 - 0.2 * 1 = 1.4, E = 0.2 * 2 = 0.4.
    a, b = soft_payoffs(0.8, tau=0.3, c_a=0.1, c_b=0.2, r_a=0.5, r_b=-0.5, theta=0.25, rho_a=0.5, rho_b=1.0,
                        w_rep=2.0)
    assert a[0] == pytest.approx(0.25 * 1.4 - 0.3 - 0.1 - 0.5 * 0.4 + 2.0 * 0.5, rel=1e-15)
    assert b[0] == pytest.approx(0.75 * 1.4 + 0.3 - 0.2 - 1.0 * 0.4 + 2.0 * -0.5, rel=1e-15)
    assert break_even_p() == 1 / 3 and social_break_even_p() == 3 / 5
    assert break_even_p(s_plus=0, s_minus=0) == 0.5


def test_scalars_and_columns_broadcast():
    p = np.linspace(0, 1, 7)
    tau = np.arange(7) / 10
    a, b = soft_payoffs(p, tau=tau, c_a=0.05)
    for k in range(7):
        a1, b1 = soft_payoffs(float(p[k]), tau=float(tau[k]), c_a=0.05)
        assert (a[k], b[k]) == (a1[0], b1[0])
    a, _ = soft_payoffs(0.5, tau=tau)
    assert a.shape == (7,)
    with pytest.raises(ValueError, match="tau"):
        soft_payoffs(p, tau=np.zeros(3))


def test_metrics_of_a_hand_made_case_and_of_nothing():
    m = soft_metrics([0.9, 0.5, 0.2, 0.2], [True, True, False, True])
    assert m.toxicity_rate == pytest.approx((0.1 + 0.5 + 0.8) / 3)
    assert m.quality_gap == pytest.approx((0.9 + 0.5 + 0.2) / 3 - 0.2)
    assert m.high_quality_count == 2 and m.to_dict()["participation_by_quality"]["high_quality_count"] == 2
    assert m.quality_counts.sum() == 4 and sum(count for _, _, count in m.to_dict()["quality_distribution"]) == 4
    assert "brier_score" not in m.to_dict() and m.brier_score is None and not m.has_ground_truth
    empty = soft_metrics([], [])
    assert empty.toxicity_rate == 0 and empty.to_dict()["quality_distribution"] == []
    truth = soft_metrics([0.9, 0.1], [True, False], ground_truth=[1, -1])
    assert truth.discrimination_auc == 1.0 and truth.brier_score == pytest.approx(0.01)
    assert truth.calibration_counts is not None and truth.calibration_counts.sum() == 2
    unknown = soft_metrics([0.9, 0.1], [True, False], ground_truth=[0, 0])
    assert unknown.brier_score is None and unknown.to_dict()["calibration_curve"] == []


@pytest.mark.parametrize("call,field", [
    (lambda: soft_payoffs([0.5, 1.5]), r"p\[1\]"),
    (lambda: soft_payoffs([0.5, float("nan")]), r"p\[1\]"),
    (lambda: soft_payoffs([0.5], theta=1.5), "theta"),
    (lambda: soft_payoffs([0.5], w_rep=-1), "w_rep"),
    (lambda: soft_payoffs([0.5], tau=[0.0, float("inf")]), "tau"),
    (lambda: soft_metrics([0.5, 0.5], [True]), "accepted"),
    (lambda: soft_metrics([0.5], [True], ground_truth=[2]), r"ground_truth\[0\]"),
    (lambda: soft_metrics([0.5], [True], bins=0), "bins"),
    (lambda: soft_metrics([0.5], [True], uncertainty_band=-0.1), "uncertainty_band"),
])
def test_bad_input_names_the_field(call, field):
    with pytest.raises(ValueError, match=field):
        call()


def test_a_million_interactions():
    rng = np.random.default_rng(0)
    p = rng.random(1_000_000)
    accepted = rng.random(p.size) < p
    a, b = soft_payoffs(p, tau=0.1)
    assert np.array_equal(a, 0.5 * (p * 2 - (1 - p)) - 0.1)
    m = soft_metrics(p, accepted, ground_truth=np.where(rng.random(p.size) < p, 1, -1))
    assert m.toxicity_rate == pytest.approx(1 - p[accepted].mean(), rel=1e-12)
    assert m.discrimination_auc is not None and 0.75 < m.discrimination_auc < 0.92
