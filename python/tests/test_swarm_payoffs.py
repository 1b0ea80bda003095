"""Soft payoffs and metrics against SWARM 1.9.0's own SoftPayoffEngine and SoftMetrics on
random interactions (run by scripts/test-swarm.sh, which installs SWARM; skipped without it).
Payoffs must be SWARM's to the last bit; metrics agree to 1e-12 relative, or absolute where
SWARM's value is a difference of means that cancels."""

import math

import numpy as np
import pytest

swarm_payoff = pytest.importorskip("swarm.core.payoff")
from swarm.metrics.soft_metrics import SoftMetrics  # noqa: E402
from swarm.models.interaction import SoftInteraction  # noqa: E402

from agent_economies.payoffs import break_even_p, social_break_even_p, soft_metrics, soft_payoffs  # noqa: E402

TERMS = ("tau", "c_a", "c_b", "r_a", "r_b")
PARAMETERS = ("s_plus", "s_minus", "h", "theta", "rho_a", "rho_b", "w_rep")
# Differences of means: compared with an absolute tolerance scaled by the values' magnitude.
CANCELLING = {"conditional_loss_initiator", "conditional_loss_counterparty", "spread", "quality_gap",
              "calibration_error", "cv_p", "cv_payoff_initiator", "cv_payoff_counterparty"}


def case(seed, n):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 1, n)
    # Some exact values: bin edges, 0, 1, 0.5 and ties.
    special = np.array([0.0, 1.0, 0.5, 0.3, 0.7, 0.1, 0.9, 0.2 + 0.1])
    p[: min(n, special.size)] = special[: min(n, special.size)]
    if n > 20:
        p[10:15] = p[15]
    accepted = rng.random(n) < p
    terms = {name: (rng.normal(0, 1, n) if rng.random() < 0.5 else float(rng.normal())) for name in TERMS}
    parameters = {"s_plus": rng.uniform(0, 4), "s_minus": rng.uniform(0, 3), "h": rng.uniform(0, 4),
                  "theta": rng.uniform(0, 1), "rho_a": rng.uniform(0, 1), "rho_b": rng.uniform(0, 1),
                  "w_rep": rng.uniform(0, 5)}
    truth = rng.choice([-1, 0, 1], size=n, p=[0.4, 0.2, 0.4])
    return p, accepted, terms, parameters, truth


def swarm_objects(p, accepted, terms, truth):
    n = len(p)
    def term(name, k):
        value = terms[name]
        return float(value[k]) if isinstance(value, np.ndarray) else value
    return [SoftInteraction(p=float(p[k]), accepted=bool(accepted[k]), tau=term("tau", k), c_a=term("c_a", k),
                            c_b=term("c_b", k), r_a=term("r_a", k), r_b=term("r_b", k),
                            ground_truth=None if truth is None or truth[k] == 0 else int(truth[k]))
            for k in range(n)]


def close(name, ours, theirs, scale):
    if theirs is None or ours is None:
        assert ours is None and theirs is None, (name, ours, theirs)
        return
    if isinstance(theirs, dict):
        for key in theirs:
            close(f"{name}.{key}", ours[key], theirs[key], scale)
        return
    if isinstance(theirs, (tuple, list)):
        assert len(ours) == len(theirs), (name, ours, theirs)
        for k, (a, b) in enumerate(zip(ours, theirs)):
            close(f"{name}[{k}]", a, b, scale)
        return
    cancelling = name.split(".")[-1] in CANCELLING
    tolerance = 1e-12 * (max(abs(theirs), scale) if cancelling else abs(theirs))
    assert math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=tolerance), (name, ours, theirs)


@pytest.mark.parametrize("seed,n", [(1, 1), (2, 2), (3, 17), (4, 500), (5, 3000)])
def test_payoffs_are_swarms_bit_for_bit(seed, n):
    p, accepted, terms, parameters, _ = case(seed, n)
    engine = swarm_payoff.SoftPayoffEngine(swarm_payoff.PayoffConfig(**parameters))
    objects = swarm_objects(p, accepted, terms, None)
    a, b = soft_payoffs(p, **terms, **parameters)
    assert a.tolist() == [engine.payoff_initiator(i) for i in objects]
    assert b.tolist() == [engine.payoff_counterparty(i) for i in objects]
    assert break_even_p(s_plus=parameters["s_plus"], s_minus=parameters["s_minus"]) == engine.break_even_p()
    assert social_break_even_p(**{k: parameters[k] for k in ("s_plus", "s_minus", "h")}) == engine.social_break_even_p()


@pytest.mark.parametrize("seed,n", [(11, 0), (12, 1), (13, 2), (14, 40), (15, 800), (16, 2500)])
@pytest.mark.parametrize("with_truth", [False, True])
def test_metrics_agree_with_swarm(seed, n, with_truth):
    p, accepted, terms, parameters, truth = case(seed, n)
    if not with_truth:
        truth = None
    engine = swarm_payoff.SoftPayoffEngine(swarm_payoff.PayoffConfig(**parameters))
    metrics = SoftMetrics(engine)
    objects = swarm_objects(p, accepted, terms, truth)
    ours = soft_metrics(p, accepted, **terms, **parameters, ground_truth=truth).to_dict()
    a, b = soft_payoffs(p, **terms, **parameters) if n else (np.zeros(0), np.zeros(0))
    scale = max([1.0] + [abs(x) for x in np.concatenate([a, b])])
    theirs = {
        "toxicity_rate": metrics.toxicity_rate(objects),
        "toxicity_rate_all": metrics.toxicity_rate_all(objects),
        "conditional_loss_initiator": metrics.conditional_loss_initiator(objects),
        "conditional_loss_counterparty": metrics.conditional_loss_counterparty(objects),
        "spread": metrics.spread(objects),
        "quality_gap": metrics.quality_gap(objects),
        "participation_by_quality": metrics.participation_by_quality(objects),
        "uncertain_fraction": metrics.uncertain_fraction(objects),
        "average_quality": metrics.average_quality(objects),
        "average_quality_accepted": metrics.average_quality(objects, accepted_only=True),
        "quality_variance": metrics.quality_variance(objects),
        "quality_variance_accepted": metrics.quality_variance(objects, accepted_only=True),
        "quality_std": metrics.quality_std(objects),
        "quality_std_accepted": metrics.quality_std(objects, accepted_only=True),
        "payoff_variance_initiator": metrics.payoff_variance_initiator(objects),
        "payoff_variance_counterparty": metrics.payoff_variance_counterparty(objects),
        "coefficient_of_variation": metrics.coefficient_of_variation(objects),
        "welfare_metrics": metrics.welfare_metrics(objects),
        "quality_distribution": metrics.quality_distribution(objects),
    }
    if truth is not None:
        theirs.update({
            "calibration_error": metrics.calibration_error(objects),
            "brier_score": metrics.brier_score(objects),
            "expected_calibration_error": metrics.expected_calibration_error(objects),
            "calibration_curve": metrics.calibration_curve(objects),
            "log_loss": metrics.log_loss(objects),
            "discrimination_auc": metrics.discrimination_auc(objects),
        })
    assert set(ours) == set(theirs)
    for name, value in theirs.items():
        close(name, ours[name], value, scale)


def test_options_and_parameters_are_refused_as_swarm_refuses_them():
    for name, value in (("theta", 1.5), ("rho_a", -0.1), ("rho_b", 2.0), ("w_rep", 101.0), ("s_plus", -1.0),
                        ("h", -0.5)):
        with pytest.raises(Exception):
            swarm_payoff.PayoffConfig(**{name: value})
        with pytest.raises(ValueError, match=name):
            soft_payoffs([0.5], **{name: value})
