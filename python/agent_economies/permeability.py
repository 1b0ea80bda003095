"""Sandbox permeability over columns of interactions (numpy arrays in, numpy arrays out)."""

import ctypes
from dataclasses import dataclass

import numpy as np

from . import _native
from ._checks import UINT64_MAX, as_array, as_flags, check_float, check_int, check_int32


@dataclass(frozen=True)
class Spillovers:
    """Spillover events: the source interaction of each, its harm, and whether the boundary
    blocked it."""

    indices: np.ndarray
    harm: np.ndarray
    blocked: np.ndarray

    @property
    def external_harm(self):
        """Harm of the events that crossed."""
        return float(self.harm[~self.blocked].sum())


def _columns(p, accepted):
    quality = as_array(p, np.float64, "p", 1)
    return quality, as_flags("accepted", accepted, quality.shape, strict=True)


def spillover(p, accepted, *, permeability, contagion_rate=0.05, spillover_amplification=1.5, seed=0, threads=0):
    """Spillover events of the accepted interactions, drawn from seeded streams (chunk k of
    65,536 interactions uses stream k of `seed`): the events depend on the seed only, never
    on the thread count. Not CPython's stream; see the Swift PermeabilityModel for that."""
    quality, flags = _columns(p, accepted)
    arguments = (check_float("permeability", permeability), check_float("contagion_rate", contagion_rate),
                 check_float("spillover_amplification", spillover_amplification),
                 check_int("seed", seed, 0, UINT64_MAX), check_int32("threads", threads))
    n = quality.shape[0]
    indices = np.empty(n, dtype=np.int64)
    harm = np.empty(n, dtype=np.float64)
    blocked = np.empty(n, dtype=np.uint8)
    count = ctypes.c_int64(0)
    error = _native.error_buffer()
    status = _native.lib.ae_permeability_spillover(
        n, _native.pointer(quality), flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)) if n else None,
        *arguments, _native.pointer(indices), _native.pointer(harm),
        blocked.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)),
        ctypes.byref(count), error, len(error))
    _native.check(status, error)
    k = count.value
    return Spillovers(indices=indices[:k].copy(), harm=harm[:k].copy(), blocked=blocked[:k].astype(bool))


def optimal_permeability(p, accepted, *, contagion_rate=0.05, spillover_amplification=1.5, external_harm_weight=1.0,
                         samples=10, threads=0):
    """The reference's grid search for the permeability with the best benefit minus weighted
    external harm, exactly (the first best of k / samples, k = 0..samples)."""
    quality, flags = _columns(p, accepted)
    arguments = (check_float("contagion_rate", contagion_rate),
                 check_float("spillover_amplification", spillover_amplification),
                 check_float("external_harm_weight", external_harm_weight), check_int("samples", samples),
                 check_int32("threads", threads))
    optimal = ctypes.c_double(0)
    error = _native.error_buffer()
    status = _native.lib.ae_permeability_optimal(
        quality.shape[0], _native.pointer(quality),
        flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)) if quality.shape[0] else None, *arguments,
        ctypes.byref(optimal), error, len(error))
    _native.check(status, error)
    return optimal.value


class Model(_native.Handle):
    """A permeability model with state and CPython's random stream (seeded like
    `random.Random(seed)`), for draws call by call or in batches."""

    _destroy = "ae_permeability_model_destroy"

    def __init__(self, *, base_permeability=0.5, information_decay=0.1, contagion_rate=0.05,
                 spillover_amplification=1.5, adaptive=True, threat_sensitivity=1.0, seed=None):
        options = _native.PermeabilityOptions(
            ctypes.sizeof(_native.PermeabilityOptions), check_float("base_permeability", base_permeability), check_float("information_decay", information_decay),
            check_float("contagion_rate", contagion_rate),
            check_float("spillover_amplification", spillover_amplification), 1 if adaptive else 0,
            check_float("threat_sensitivity", threat_sensitivity))
        words, seeded = _native.seed_words(seed)
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_permeability_model_create, ctypes.byref(options), words,
                     len(words) if seeded else 0, seeded, ctypes.byref(pointer))
        super().__init__(pointer)

    def effective_permeability(self, threat_level=0.0, agent_trust=0.5):
        """The effective permeability (stored in the state when adaptive)."""
        value = ctypes.c_double()
        _native.call(_native.lib.ae_permeability_model_effective, self.pointer,
                     check_float("threat_level", threat_level), check_float("agent_trust", agent_trust),
                     ctypes.byref(value))
        return value.value

    def should_cross(self, permeability, p):
        """(allowed, degraded p) from one draw."""
        allowed, degraded = ctypes.c_int32(), ctypes.c_double()
        _native.call(_native.lib.ae_permeability_model_should_cross, self.pointer,
                     check_float("permeability", permeability), check_float("p", p), ctypes.byref(allowed),
                     ctypes.byref(degraded))
        return bool(allowed.value), degraded.value

    def spillover(self, p, accepted, permeability=None):
        """Spillover events of a batch in order, from the model's stream; totals grow."""
        quality, flags = _columns(p, accepted)
        value = 0.0 if permeability is None else check_float("permeability", permeability)
        n = quality.shape[0]
        indices, harm, blocked = np.empty(n, np.int64), np.empty(n, np.float64), np.empty(n, np.uint8)
        count = ctypes.c_int64()
        _native.call(_native.lib.ae_permeability_model_spillover, self.pointer, n, _native.pointer(quality),
                     flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)) if n else None,
                     1 if permeability is None else 0, value,
                     _native.pointer(indices), _native.pointer(harm),
                     blocked.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), ctypes.byref(count))
        k = count.value
        return Spillovers(indices=indices[:k].copy(), harm=harm[:k].copy(), blocked=blocked[:k].astype(bool))

    def state(self):
        """The state as a dict (effective_permeability, threat_level, totals, harm)."""
        record = _native.PermeabilityState()
        _native.call(_native.lib.ae_permeability_model_state, self.pointer, ctypes.byref(record))
        return {name: getattr(record, name) for name, _ in record._fields_}

    def reset(self):
        """State back to the base permeability (the random stream continues)."""
        _native.call(_native.lib.ae_permeability_model_reset, self.pointer)
