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
>>> round(soft_metrics([0.9, 0.2], [True, False]).quality_gap, 6)
0.7
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any, Optional, Tuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._checks import as_array, as_flags, check_float, check_int
from ._types import Unpackable

__all__ = ["Payoffs", "SoftMetrics", "soft_payoffs", "soft_metrics", "break_even_p", "social_break_even_p"]


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


def _options(s_plus: float, s_minus: float, h: float, theta: float, rho_a: float, rho_b: float,
             w_rep: float) -> _PayoffOptions:
    options = _PayoffOptions()
    _native.lib.ae_payoff_options_default(ctypes.byref(options))
    for name, value in (("s_plus", s_plus), ("s_minus", s_minus), ("h", h), ("theta", theta), ("rho_a", rho_a),
                        ("rho_b", rho_b), ("w_rep", w_rep)):
        setattr(options, name, check_float(name, value))
    return options


def _column(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """A float64 column of a scalar (one entry) or an array."""
    if np.ndim(value) == 0:
        return np.array([check_float(name, value)], dtype=np.float64)
    return as_array(value, np.float64, name, 1)


def _terms(terms: dict[str, ArrayLike], n: int) -> Tuple[_PayoffTerms, dict[str, NDArray[np.float64]]]:
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


@dataclass(frozen=True)
class Payoffs(Unpackable):
    """What `soft_payoffs` returns; unpacks as ``(initiator, counterparty)``.

    Attributes
    ----------
    initiator, counterparty : numpy.ndarray of float64
        Each party's payoff, one per interaction.

    Examples
    --------
    >>> from agent_economies.payoffs import soft_payoffs
    >>> payoffs = soft_payoffs([0.9, 0.2], tau=0.1)
    >>> payoffs.initiator.round(6).tolist(), payoffs.counterparty.round(6).tolist()
    ([0.75, -0.3], [0.95, -0.1])
    """

    initiator: NDArray[np.float64]
    counterparty: NDArray[np.float64]


@dataclass(frozen=True)
class SoftMetrics:
    """SWARM's ``SoftMetrics`` of a set of interactions (what `soft_metrics` returns).

    The fields are the values of SWARM's methods of the same names (``*_accepted`` are the
    ``accepted_only=True`` forms; the fields of ``participation_by_quality``,
    ``coefficient_of_variation`` and ``welfare_metrics`` are flattened). `to_dict` gives
    them keyed and nested as SWARM's method names and results are, and ``metrics[name]``
    reads that dict (the form of earlier versions).

    Attributes
    ----------
    interactions : int
        Number of interactions.
    toxicity_rate, toxicity_rate_all, conditional_loss_initiator, conditional_loss_counterparty : float
    spread, quality_gap, uncertain_fraction, average_quality, average_quality_accepted : float
    quality_variance, quality_variance_accepted, quality_std, quality_std_accepted : float
    payoff_variance_initiator, payoff_variance_counterparty : float
        The metrics of SWARM's methods of these names.
    high_quality_acceptance, low_quality_acceptance : float
    high_quality_count, low_quality_count : int
        ``participation_by_quality``.
    cv_p, cv_payoff_initiator, cv_payoff_counterparty : float
        ``coefficient_of_variation``.
    total_welfare, total_social_surplus, net_social_welfare : float
    avg_initiator_payoff, avg_counterparty_payoff : float
        ``welfare_metrics``.
    quality_counts : numpy.ndarray of int64, shape (bins,)
        Interactions per p bin (``quality_distribution``; bin b is [b / bins, (b + 1) / bins)).
    has_ground_truth : bool
        Whether a ground truth was given (the calibration fields below are None without one).
    calibration_error, brier_score, expected_calibration_error, log_loss, discrimination_auc : float or None
        The calibration metrics (None where SWARM gives None).
    calibration_mean_predicted, calibration_fraction_positive : numpy.ndarray of float64 or None
    calibration_counts : numpy.ndarray of int64 or None
        ``calibration_curve`` by bin (None when SWARM's curve is empty).

    Examples
    --------
    >>> from agent_economies.payoffs import soft_metrics
    >>> metrics = soft_metrics([0.9, 0.5, 0.2], [True, True, False], ground_truth=[1, 1, -1])
    >>> round(metrics.average_quality_accepted, 6), metrics.high_quality_count
    (0.7, 2)
    >>> round(metrics.to_dict()["participation_by_quality"]["high_quality_acceptance"], 6)
    1.0
    >>> round(metrics.brier_score, 6)
    0.1
    """

    interactions: int
    toxicity_rate: float
    toxicity_rate_all: float
    conditional_loss_initiator: float
    conditional_loss_counterparty: float
    spread: float
    quality_gap: float
    uncertain_fraction: float
    average_quality: float
    average_quality_accepted: float
    quality_variance: float
    quality_variance_accepted: float
    quality_std: float
    quality_std_accepted: float
    payoff_variance_initiator: float
    payoff_variance_counterparty: float
    high_quality_acceptance: float
    low_quality_acceptance: float
    high_quality_count: int
    low_quality_count: int
    cv_p: float
    cv_payoff_initiator: float
    cv_payoff_counterparty: float
    total_welfare: float
    total_social_surplus: float
    net_social_welfare: float
    avg_initiator_payoff: float
    avg_counterparty_payoff: float
    quality_counts: NDArray[np.int64]
    has_ground_truth: bool = False
    calibration_error: Optional[float] = None
    brier_score: Optional[float] = None
    expected_calibration_error: Optional[float] = None
    log_loss: Optional[float] = None
    discrimination_auc: Optional[float] = None
    calibration_mean_predicted: Optional[NDArray[np.float64]] = None
    calibration_fraction_positive: Optional[NDArray[np.float64]] = None
    calibration_counts: Optional[NDArray[np.int64]] = None

    def __getitem__(self, name: str) -> Any:
        return self.to_dict()[name]

    def to_dict(self) -> dict[str, Any]:
        """The metrics keyed by SWARM's method names, each value in the form SWARM's method
        returns (floats, dicts with SWARM's keys, lists of ``(start, end, count)`` or
        ``(mean predicted, fraction positive, count)`` tuples); the calibration keys only
        with a ground truth.

        Returns
        -------
        dict
            SWARM's method names to their values.

        Examples
        --------
        >>> from agent_economies.payoffs import soft_metrics
        >>> sorted(soft_metrics([0.9], [True]).to_dict())[:3]
        ['average_quality', 'average_quality_accepted', 'coefficient_of_variation']
        """
        result: dict[str, Any] = {name: getattr(self, name) for name in _FLAT_METRICS}
        result["participation_by_quality"] = {name: getattr(self, name) for name in _PARTICIPATION}
        result["coefficient_of_variation"] = {name: getattr(self, name) for name in _VARIATION}
        result["welfare_metrics"] = {name: getattr(self, name) for name in _WELFARE}
        bins = self.quality_counts.shape[0]
        width = 1.0 / bins if bins else 0.0
        result["quality_distribution"] = [] if self.interactions == 0 else [
            (b * width, (b + 1) * width, int(self.quality_counts[b])) for b in range(bins)]
        if self.has_ground_truth:
            for name in ("calibration_error", "brier_score", "expected_calibration_error"):
                result[name] = getattr(self, name)
            curve = (self.calibration_mean_predicted, self.calibration_fraction_positive, self.calibration_counts)
            result["calibration_curve"] = [] if curve[0] is None or curve[1] is None or curve[2] is None else [
                (float(curve[0][b]), float(curve[1][b]), int(curve[2][b])) for b in range(curve[0].shape[0])]
            result["log_loss"] = self.log_loss
            result["discrimination_auc"] = self.discrimination_auc
        return result


_FLAT_METRICS = (
    "toxicity_rate", "toxicity_rate_all", "conditional_loss_initiator", "conditional_loss_counterparty", "spread",
    "quality_gap", "uncertain_fraction", "average_quality", "average_quality_accepted", "quality_variance",
    "quality_variance_accepted", "quality_std", "quality_std_accepted", "payoff_variance_initiator",
    "payoff_variance_counterparty")
_PARTICIPATION = ("high_quality_acceptance", "low_quality_acceptance", "high_quality_count", "low_quality_count")
_VARIATION = ("cv_p", "cv_payoff_initiator", "cv_payoff_counterparty")
_WELFARE = ("total_welfare", "total_social_surplus", "net_social_welfare", "avg_initiator_payoff",
            "avg_counterparty_payoff")


def soft_payoffs(p: ArrayLike, *, tau: ArrayLike = 0.0, c_a: ArrayLike = 0.0, c_b: ArrayLike = 0.0,
                 r_a: ArrayLike = 0.0, r_b: ArrayLike = 0.0, s_plus: float = 2.0, s_minus: float = 1.0,
                 h: float = 2.0, theta: float = 0.5, rho_a: float = 0.0, rho_b: float = 0.0,
                 w_rep: float = 1.0) -> Payoffs:
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
    Payoffs
        ``initiator`` and ``counterparty`` payoffs, float64, one per interaction (unpacks as
        that tuple).

    Raises
    ------
    ValueError
        A p outside [0, 1], a NaN, a parameter out of SWARM's range, or columns that do not
        broadcast, naming the field.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies.payoffs import soft_payoffs
    >>> initiator, counterparty = soft_payoffs(np.array([1.0, 0.0]), c_a=0.5)
    >>> initiator.tolist(), counterparty.tolist()
    ([0.5, -1.0], [1.0, -0.5])
    >>> soft_payoffs([0.5], theta=1.5)
    Traceback (most recent call last):
    ...
    agent_economies._native.AgentEconomiesError: theta must be in [0.0, 1.0], got 1.5
    """
    options = _options(s_plus, s_minus, h, theta, rho_a, rho_b, w_rep)
    terms = {"tau": tau, "c_a": c_a, "c_b": c_b, "r_a": r_a, "r_b": r_b}
    p_column = _column("p", p)
    n = max([p_column.shape[0]] + [int(np.size(value)) for value in terms.values()])
    if p_column.shape[0] != n:
        if p_column.shape[0] != 1:
            raise ValueError(f"p: {p_column.shape[0]} values for {n} interactions (give a scalar or {n} values)")
        p_column = np.full(n, p_column[0])
    struct, keep = _terms(terms, n)
    initiator, counterparty = np.empty(n), np.empty(n)
    _native.call(_native.lib.ae_soft_payoffs, n, _native.pointer(p_column), ctypes.byref(struct),
                 ctypes.byref(options), _native.pointer(initiator), _native.pointer(counterparty))
    del keep
    return Payoffs(initiator, counterparty)


def _break_even(s_plus: float, s_minus: float, h: float) -> Tuple[float, float]:
    options = _options(s_plus, s_minus, h, 0.5, 0.0, 0.0, 1.0)
    first, second = ctypes.c_double(), ctypes.c_double()
    _native.call(_native.lib.ae_payoff_break_even, ctypes.byref(options), ctypes.byref(first), ctypes.byref(second))
    return float(first.value), float(second.value)


def break_even_p(*, s_plus: float = 2.0, s_minus: float = 1.0, h: float = 2.0) -> float:
    """The p at which the expected surplus is 0: ``s_minus / (s_plus + s_minus)``.

    Parameters
    ----------
    s_plus, s_minus, h : float
        Surplus if beneficial, loss if harmful, harm to third parties (each >= 0).

    Returns
    -------
    float
        The private break-even p.

    Raises
    ------
    ValueError
        For a parameter out of SWARM's range, naming it.

    Examples
    --------
    >>> from agent_economies.payoffs import break_even_p
    >>> round(break_even_p(s_plus=2.0, s_minus=1.0), 6)
    0.333333
    """
    return _break_even(s_plus, s_minus, h)[0]


def social_break_even_p(*, s_plus: float = 2.0, s_minus: float = 1.0, h: float = 2.0) -> float:
    """The p at which the social surplus ``S - E`` is 0: ``(s_minus + h) / (s_plus + s_minus + h)``.

    Parameters
    ----------
    s_plus, s_minus, h : float
        Surplus if beneficial, loss if harmful, harm to third parties (each >= 0).

    Returns
    -------
    float
        The social break-even p.

    Raises
    ------
    ValueError
        For a parameter out of SWARM's range, naming it.

    Examples
    --------
    >>> from agent_economies.payoffs import social_break_even_p
    >>> social_break_even_p(s_plus=2.0, s_minus=1.0, h=2.0)
    0.6
    """
    return _break_even(s_plus, s_minus, h)[1]


def soft_metrics(p: ArrayLike, accepted: ArrayLike, *, tau: ArrayLike = 0.0, c_a: ArrayLike = 0.0,
                 c_b: ArrayLike = 0.0, r_a: ArrayLike = 0.0, r_b: ArrayLike = 0.0, s_plus: float = 2.0,
                 s_minus: float = 1.0, h: float = 2.0, theta: float = 0.5, rho_a: float = 0.0, rho_b: float = 0.0,
                 w_rep: float = 1.0, ground_truth: Optional[ArrayLike] = None, quality_threshold: float = 0.5,
                 uncertainty_band: float = 0.2, bins: int = 10, log_loss_epsilon: float = 1e-15) -> SoftMetrics:
    """SWARM's `SoftMetrics` of a set of interactions.

    Parameters
    ----------
    p : array_like of float
        P(beneficial) of each interaction, in [0, 1].
    accepted : array_like of bool
        Whether each interaction was accepted.
    tau, c_a, c_b, r_a, r_b : float or array_like of float
        The payoff terms, as in `soft_payoffs`.
    s_plus, s_minus, h, theta, rho_a, rho_b, w_rep : float
        The payoff parameters, as in `soft_payoffs`.
    ground_truth : array_like of int, optional
        +1 (beneficial), -1 (harmful) or 0 (unknown) per interaction; adds the calibration
        metrics (`calibration_error`, `brier_score`, `expected_calibration_error`, the
        calibration curve, `log_loss`, `discrimination_auc`; None where SWARM gives None).
    quality_threshold : float, default 0.5
        The p that splits high from low quality (``participation_by_quality``).
    uncertainty_band : float, default 0.2
        Half-width of the band around 0.5 that counts as uncertain (>= 0).
    bins : int, default 10
        Bins of ``quality_distribution`` and ``calibration_curve`` (>= 1).
    log_loss_epsilon : float, default 1e-15
        Clipping of p in ``log_loss``.

    Returns
    -------
    SoftMetrics
        The metrics as fields; ``to_dict()`` keys them by SWARM's method names.

    Raises
    ------
    ValueError
        As `soft_payoffs`, and for columns of different lengths or a ground truth other than
        -1, 0 or +1.

    Examples
    --------
    >>> from agent_economies.payoffs import soft_metrics
    >>> metrics = soft_metrics([0.9, 0.5, 0.2, 0.2], [True, True, False, True])
    >>> round(metrics.toxicity_rate, 6), metrics.quality_counts.tolist()
    (0.466667, [0, 0, 2, 0, 0, 1, 0, 0, 0, 1])
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
    calibrated = truth is not None and bool(value["has_calibration"])
    return SoftMetrics(
        interactions=n, **{name: value[name] for name in _FLAT_METRICS + _PARTICIPATION + _VARIATION + _WELFARE},
        quality_counts=distribution, has_ground_truth=truth is not None,
        calibration_error=value["calibration_error"] if calibrated else None,
        brier_score=value["brier_score"] if calibrated else None,
        expected_calibration_error=(value["expected_calibration_error"]
                                    if truth is not None and value["has_expected_calibration_error"] else None),
        log_loss=value["log_loss"] if calibrated else None,
        discrimination_auc=value["discrimination_auc"] if truth is not None and value["has_discrimination_auc"]
        else None,
        calibration_mean_predicted=mean_predicted if calibrated else None,
        calibration_fraction_positive=fraction_positive if calibrated else None,
        calibration_counts=counts if calibrated else None,
    )
