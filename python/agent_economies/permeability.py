"""Sandbox permeability over columns of interactions (numpy arrays in, numpy arrays out)."""

import ctypes
from dataclasses import dataclass

import numpy as np

from . import _native


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
    quality = _native.as_array(p, np.float64, "p", 1)
    flags = np.asarray(accepted)
    if flags.dtype != np.bool_:
        raise TypeError(f"accepted must be a boolean array, got dtype {flags.dtype}")
    if flags.ndim != 1 or flags.shape[0] != quality.shape[0]:
        raise ValueError(f"accepted must have {quality.shape[0]} entries (one per p), got shape {flags.shape}")
    return quality, np.ascontiguousarray(flags).view(np.uint8)


def spillover(p, accepted, *, permeability, contagion_rate=0.05, spillover_amplification=1.5, seed=0, threads=0):
    """Spillover events of the accepted interactions, drawn from seeded streams (chunk k of
    65,536 interactions uses stream k of `seed`): the events depend on the seed only, never
    on the thread count. Not CPython's stream; see the Swift PermeabilityModel for that."""
    quality, flags = _columns(p, accepted)
    n = quality.shape[0]
    indices = np.empty(n, dtype=np.int64)
    harm = np.empty(n, dtype=np.float64)
    blocked = np.empty(n, dtype=np.uint8)
    count = ctypes.c_int64(0)
    error = _native.error_buffer()
    status = _native.lib.ae_permeability_spillover(
        n, _native.pointer(quality), flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)) if n else None,
        float(permeability), float(contagion_rate), float(spillover_amplification), int(seed), int(threads),
        _native.pointer(indices), _native.pointer(harm), blocked.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)),
        ctypes.byref(count), error, len(error))
    _native.check(status, error)
    k = count.value
    return Spillovers(indices=indices[:k].copy(), harm=harm[:k].copy(), blocked=blocked[:k].astype(bool))


def optimal_permeability(p, accepted, *, contagion_rate=0.05, spillover_amplification=1.5, external_harm_weight=1.0,
                         samples=10, threads=0):
    """The reference's grid search for the permeability with the best benefit minus weighted
    external harm, exactly (the first best of k / samples, k = 0..samples)."""
    quality, flags = _columns(p, accepted)
    optimal = ctypes.c_double(0)
    error = _native.error_buffer()
    status = _native.lib.ae_permeability_optimal(
        quality.shape[0], _native.pointer(quality),
        flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)) if quality.shape[0] else None, float(contagion_rate),
        float(spillover_amplification), float(external_harm_weight), int(samples), int(threads),
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
            float(base_permeability), float(information_decay), float(contagion_rate),
            float(spillover_amplification), 1 if adaptive else 0, float(threat_sensitivity))
        words, seeded = _native.seed_words(seed)
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_permeability_model_create, ctypes.byref(options), words,
                     len(words) if seeded else 0, seeded, ctypes.byref(pointer))
        super().__init__(pointer)

    def effective_permeability(self, threat_level=0.0, agent_trust=0.5):
        """The effective permeability (stored in the state when adaptive)."""
        value = ctypes.c_double()
        _native.call(_native.lib.ae_permeability_model_effective, self.pointer, float(threat_level),
                     float(agent_trust), ctypes.byref(value))
        return value.value

    def should_cross(self, permeability, p):
        """(allowed, degraded p) from one draw."""
        allowed, degraded = ctypes.c_int32(), ctypes.c_double()
        _native.call(_native.lib.ae_permeability_model_should_cross, self.pointer, float(permeability), float(p),
                     ctypes.byref(allowed), ctypes.byref(degraded))
        return bool(allowed.value), degraded.value

    def spillover(self, p, accepted, permeability=None):
        """Spillover events of a batch in order, from the model's stream; totals grow."""
        quality, flags = _columns(p, accepted)
        n = quality.shape[0]
        indices, harm, blocked = np.empty(n, np.int64), np.empty(n, np.float64), np.empty(n, np.uint8)
        count = ctypes.c_int64()
        _native.call(_native.lib.ae_permeability_model_spillover, self.pointer, n, _native.pointer(quality),
                     flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)) if n else None,
                     1 if permeability is None else 0, 0.0 if permeability is None else float(permeability),
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
