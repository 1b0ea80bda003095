"""Soft payoffs and interaction metrics over numpy columns.

SWARM 1.9.0's payoff rules (`swarm/core/payoff.py`), with the expected surplus
``S = p * s_plus - (1 - p) * s_minus`` and expected harm ``E = (1 - p) * h``::

    pi_a = theta * S - tau - c_a - rho_a * E + w_rep * r_a      (initiator)
    pi_b = (1 - theta) * S + tau - c_b - rho_b * E + w_rep * r_b  (counterparty)

and the metrics of its `SoftMetrics` class that need nothing but p, accepted and these payoffs
(plus the calibration metrics when a ground truth is given). Every payoff is SWARM's to the
last bit; metrics are compensated sums, within about 1e-15 of SWARM's.

The terms ``tau, c_a, c_b, r_a, r_b`` and ``p`` broadcast: each is a scalar or one value per
interaction. Parameters are checked as SWARM's ``PayoffConfig`` checks them.

>>> import numpy as np
>>> from agent_economies.payoffs import soft_payoffs, soft_metrics
>>> a, b = soft_payoffs(np.array([0.9, 0.2]), tau=0.1)
>>> [round(float(x), 6) for x in a]
[0.75, -0.3]
>>> round(soft_metrics([0.9, 0.2], [True, False])["quality_gap"], 6)
0.7
"""

import ctypes

import numpy as np

from . import _native
from ._checks import as_array, as_flags, check_float, check_int

__all__ = ["soft_payoffs", "soft_metrics", "break_even_p", "social_break_even_p"]


class _PayoffOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t)] + [
        (name, ctypes.c_double) for name in ("s_plus", "s_minus", "h", "theta", "rho_a", "rho_b", "w_rep")]


_TERMS = ("tau", "c_a", "c_b", "r_a", "r_b")


class _PayoffTerms(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t)] + [
        field for name in _TERMS for field in ((name, ctypes.POINTER(ctypes.c_double)), (f"{name}_count", ctypes.c_int64))]


class _MetricsOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("quality_threshold", ctypes.c_double),
                ("uncertainty_band", ctypes.c_double), ("bins", ctypes.c_int32), ("log_loss_epsilon", ctypes.c_double)]


_METRIC_FIELDS = (
    "toxicity_rate", "toxicity_rate_all", "conditional_loss_initiator", "conditional_loss_counterparty", "spread",
    "quality_gap", "high_quality_acceptance", "low_quality_acceptance", "high_quality_count", "low_quality_count",
    "uncertain_fraction", "average_quality", "average_quality_accepted", "quality_variance",
    "quality_variance_accepted", "quality_std", "quality_std_accepted", "payoff_variance_initiator",
    "payoff_variance_counterparty", "cv_p", "cv_payoff_initiator", "cv_payoff_counterparty", "total_welfare",
    "total_social_surplus", "net_social_welfare", "avg_initiator_payoff", "avg_counterparty_payoff",
    "has_calibration", "calibration_error", "brier_score", "has_expected_calibration_error",
    "expected_calibration_error", "log_loss", "has_discrimination_auc", "discrimination_auc")
_INT_FIELDS = {"high_quality_count", "low_quality_count"}
_FLAG_FIELDS = {"has_calibration", "has_expected_calibration_error", "has_discrimination_auc"}


class _Metrics(ctypes.Structure):
    _fields_ = [(name, ctypes.c_int64 if name in _INT_FIELDS else ctypes.c_int32 if name in _FLAG_FIELDS
                 else ctypes.c_double) for name in _METRIC_FIELDS]


_i64_p = ctypes.POINTER(ctypes.c_int64)
_double_p = ctypes.POINTER(ctypes.c_double)
_native._declare("ae_payoff_options_default", None, [ctypes.POINTER(_PayoffOptions)])
_native._declare("ae_payoff_terms_default", None, [ctypes.POINTER(_PayoffTerms)])
_native._declare("ae_soft_metrics_options_default", None, [ctypes.POINTER(_MetricsOptions)])
_native._declare("ae_soft_payoffs", _native._status, [
    ctypes.c_int64, _double_p, ctypes.POINTER(_PayoffTerms), ctypes.POINTER(_PayoffOptions), _double_p, _double_p,
    *_native._err])
_native._declare("ae_payoff_break_even", _native._status, [
    ctypes.POINTER(_PayoffOptions), _double_p, _double_p, *_native._err])
_native._declare("ae_soft_metrics_compute", _native._status, [
    ctypes.c_int64, _double_p, ctypes.POINTER(ctypes.c_uint8), ctypes.POINTER(_PayoffTerms),
    ctypes.POINTER(_PayoffOptions), ctypes.POINTER(ctypes.c_int8), ctypes.POINTER(_MetricsOptions),
    ctypes.POINTER(_Metrics), _i64_p, _double_p, _double_p, _i64_p, *_native._err])


def _options(s_plus, s_minus, h, theta, rho_a, rho_b, w_rep):
    options = _PayoffOptions()
    _native.lib.ae_payoff_options_default(ctypes.byref(options))
    for name, value in (("s_plus", s_plus), ("s_minus", s_minus), ("h", h), ("theta", theta), ("rho_a", rho_a),
                        ("rho_b", rho_b), ("w_rep", w_rep)):
        setattr(options, name, check_float(name, value))
    return options


def _column(name, value):
    """A float64 column of a scalar (one entry) or an array."""
    if np.ndim(value) == 0:
        return np.array([check_float(name, value)], dtype=np.float64)
    return as_array(value, np.float64, name, 1)


def _terms(terms, n):
    """The terms struct for n interactions (and the arrays it points into): each term a
    scalar or n values."""
    columns = {name: _column(name, value) for name, value in terms.items()}
    struct = _PayoffTerms()
    _native.lib.ae_payoff_terms_default(ctypes.byref(struct))
    for name, column in columns.items():
        if column.shape[0] not in (1, n):
            raise ValueError(f"{name}: {column.shape[0]} values for {n} interactions (give a scalar or {n} values)")
        if column.shape[0] == 1 and column[0] == 0:
            continue
        setattr(struct, name, _native.pointer(column))
        setattr(struct, f"{name}_count", column.shape[0])
    return struct, columns


def soft_payoffs(p, *, tau=0.0, c_a=0.0, c_b=0.0, r_a=0.0, r_b=0.0, s_plus=2.0, s_minus=1.0, h=2.0, theta=0.5,
                 rho_a=0.0, rho_b=0.0, w_rep=1.0):
    """Both parties' soft payoffs of each interaction.

    Parameters
    ----------
    p : float or array_like of float
        P(beneficial) of each interaction, in [0, 1].
    tau, c_a, c_b, r_a, r_b : float or array_like of float
        Transfer, governance costs and reputation changes (scalars or one per interaction).
    s_plus, s_minus, h : float
        Surplus if beneficial, loss if harmful, harm to third parties (each >= 0).
    theta, rho_a, rho_b : float
        Initiator's surplus share and each side's internalised harm (each in [0, 1]).
    w_rep : float
        Reputation weight, in [0, 100].

    Returns
    -------
    tuple of numpy.ndarray
        ``(initiator, counterparty)`` payoffs, float64, one per interaction.

    Raises
    ------
    ValueError
        A p outside [0, 1], a NaN, a parameter out of SWARM's range, or columns that do not
        broadcast, naming the field.
    """
    options = _options(s_plus, s_minus, h, theta, rho_a, rho_b, w_rep)
    terms = {"tau": tau, "c_a": c_a, "c_b": c_b, "r_a": r_a, "r_b": r_b}
    p_column = _column("p", p)
    n = max([p_column.shape[0]] + [np.size(value) for value in terms.values()])
    if p_column.shape[0] != n:
        if p_column.shape[0] != 1:
            raise ValueError(f"p: {p_column.shape[0]} values for {n} interactions (give a scalar or {n} values)")
        p_column = np.full(n, p_column[0])
    struct, keep = _terms(terms, n)
    initiator, counterparty = np.empty(n), np.empty(n)
    _native.call(_native.lib.ae_soft_payoffs, n, _native.pointer(p_column), ctypes.byref(struct),
                 ctypes.byref(options), _native.pointer(initiator), _native.pointer(counterparty))
    del keep
    return initiator, counterparty


def _break_even(s_plus, s_minus, h):
    options = _options(s_plus, s_minus, h, 0.5, 0.0, 0.0, 1.0)
    first, second = ctypes.c_double(), ctypes.c_double()
    _native.call(_native.lib.ae_payoff_break_even, ctypes.byref(options), ctypes.byref(first), ctypes.byref(second))
    return first.value, second.value


def break_even_p(*, s_plus=2.0, s_minus=1.0, h=2.0):
    """The p at which the expected surplus is 0: ``s_minus / (s_plus + s_minus)``."""
    return _break_even(s_plus, s_minus, h)[0]


def social_break_even_p(*, s_plus=2.0, s_minus=1.0, h=2.0):
    """The p at which the social surplus ``S - E`` is 0: ``(s_minus + h) / (s_plus + s_minus + h)``."""
    return _break_even(s_plus, s_minus, h)[1]


def soft_metrics(p, accepted, *, tau=0.0, c_a=0.0, c_b=0.0, r_a=0.0, r_b=0.0, s_plus=2.0, s_minus=1.0, h=2.0,
                 theta=0.5, rho_a=0.0, rho_b=0.0, w_rep=1.0, ground_truth=None, quality_threshold=0.5,
                 uncertainty_band=0.2, bins=10, log_loss_epsilon=1e-15):
    """SWARM's `SoftMetrics` of a set of interactions, keyed by its method names.

    Parameters
    ----------
    p : array_like of float
        P(beneficial) of each interaction, in [0, 1].
    accepted : array_like of bool
        Whether each interaction was accepted.
    tau, c_a, c_b, r_a, r_b, s_plus, s_minus, h, theta, rho_a, rho_b, w_rep
        The payoff terms and parameters, as in `soft_payoffs`.
    ground_truth : array_like of int, optional
        +1 (beneficial), -1 (harmful) or 0 (unknown) per interaction; adds the calibration
        metrics (`calibration_error`, `brier_score`, `expected_calibration_error`,
        `calibration_curve`, `log_loss`, `discrimination_auc`; None where SWARM gives None).
    quality_threshold, uncertainty_band, bins, log_loss_epsilon
        The options of `participation_by_quality`, `uncertain_fraction`,
        `quality_distribution` / `calibration_curve` and `log_loss` (SWARM's defaults).

    Returns
    -------
    dict
        ``toxicity_rate``, ``toxicity_rate_all``, ``conditional_loss_initiator``,
        ``conditional_loss_counterparty``, ``spread``, ``quality_gap``, ``uncertain_fraction``,
        ``average_quality``, ``quality_variance``, ``quality_std``, ``payoff_variance_initiator``,
        ``payoff_variance_counterparty`` (floats); ``average_quality_accepted``,
        ``quality_variance_accepted``, ``quality_std_accepted`` (the ``accepted_only=True``
        forms); ``participation_by_quality``, ``coefficient_of_variation``, ``welfare_metrics``
        (dicts with SWARM's keys); ``quality_distribution`` (a list of ``(start, end, count)``).

    Raises
    ------
    ValueError
        As `soft_payoffs`, and for columns of different lengths or a ground truth other than
        -1, 0 or +1.
    """
    options = _options(s_plus, s_minus, h, theta, rho_a, rho_b, w_rep)
    p_column = as_array(p, np.float64, "p", 1)
    n = p_column.shape[0]
    flags = as_flags("accepted", accepted, (n,), strict=False)
    struct, keep = _terms({"tau": tau, "c_a": c_a, "c_b": c_b, "r_a": r_a, "r_b": r_b}, n)
    truth = None
    if ground_truth is not None:
        truth = np.ascontiguousarray(np.asarray(ground_truth), dtype=np.int64)
        if truth.shape != (n,):
            raise ValueError(f"ground_truth: expected {n} values (one per interaction), got shape {truth.shape}")
        bad = np.flatnonzero((truth < -1) | (truth > 1))
        if bad.size:
            raise ValueError(f"ground_truth[{bad[0]}]: must be -1, 0 (unknown) or +1, got {truth[bad[0]]}")
        truth = truth.astype(np.int8)
    metric_options = _MetricsOptions()
    _native.lib.ae_soft_metrics_options_default(ctypes.byref(metric_options))
    metric_options.quality_threshold = check_float("quality_threshold", quality_threshold)
    metric_options.uncertainty_band = check_float("uncertainty_band", uncertainty_band)
    metric_options.bins = check_int("bins", bins, low=1, high=1 << 24)
    metric_options.log_loss_epsilon = check_float("log_loss_epsilon", log_loss_epsilon)
    bins = metric_options.bins
    record = _Metrics()
    distribution = np.zeros(bins, np.int64)
    mean_predicted, fraction_positive, counts = np.zeros(bins), np.zeros(bins), np.zeros(bins, np.int64)
    _native.call(_native.lib.ae_soft_metrics_compute, n, _native.pointer(p_column),
                 flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), ctypes.byref(struct), ctypes.byref(options),
                 None if truth is None else truth.ctypes.data_as(ctypes.POINTER(ctypes.c_int8)),
                 ctypes.byref(metric_options), ctypes.byref(record), _native.pointer(distribution),
                 _native.pointer(mean_predicted), _native.pointer(fraction_positive), _native.pointer(counts))
    del keep
    value = {name: getattr(record, name) for name in _METRIC_FIELDS}
    width = 1.0 / bins
    result = {name: value[name] for name in (
        "toxicity_rate", "toxicity_rate_all", "conditional_loss_initiator", "conditional_loss_counterparty", "spread",
        "quality_gap", "uncertain_fraction", "average_quality", "average_quality_accepted", "quality_variance",
        "quality_variance_accepted", "quality_std", "quality_std_accepted", "payoff_variance_initiator",
        "payoff_variance_counterparty")}
    result["participation_by_quality"] = {name: value[name] for name in (
        "high_quality_acceptance", "low_quality_acceptance", "high_quality_count", "low_quality_count")}
    result["coefficient_of_variation"] = {name: value[name] for name in (
        "cv_p", "cv_payoff_initiator", "cv_payoff_counterparty")}
    result["welfare_metrics"] = {name: value[name] for name in (
        "total_welfare", "total_social_surplus", "net_social_welfare", "avg_initiator_payoff",
        "avg_counterparty_payoff")}
    result["quality_distribution"] = [] if n == 0 else [
        (b * width, (b + 1) * width, int(distribution[b])) for b in range(bins)]
    if truth is not None:
        calibrated = bool(value["has_calibration"])
        result["calibration_error"] = value["calibration_error"] if calibrated else None
        result["brier_score"] = value["brier_score"] if calibrated else None
        result["expected_calibration_error"] = (value["expected_calibration_error"]
                                                if value["has_expected_calibration_error"] else None)
        result["calibration_curve"] = [] if not calibrated else [
            (float(mean_predicted[b]), float(fraction_positive[b]), int(counts[b])) for b in range(bins)]
        result["log_loss"] = value["log_loss"] if calibrated else None
        result["discrimination_auc"] = value["discrimination_auc"] if value["has_discrimination_auc"] else None
    return result
