"""Sandbox permeability over columns of interactions (numpy arrays in, numpy arrays out).

`spillover` and `optimal_permeability` work on whole columns with seeded streams; `Model`
keeps SWARM's permeability state and CPython's random stream, for draws call by call or in
batches. Rates and permeabilities are checked against SWARM's ``PermeabilityConfig`` bounds.

Examples
--------
>>> import numpy as np
>>> from agent_economies import permeability
>>> p, accepted = np.linspace(0, 1, 8), np.arange(8) % 3 != 0
>>> events = permeability.spillover(p, accepted, permeability=0.5, contagion_rate=0.9, seed=7)
>>> events.indices.tolist(), events.blocked.tolist()
([2], [True])
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Optional, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._checks import (UINT64_MAX, as_array, as_flags, check_float, check_fraction, check_int, check_int32,
                      check_nonnegative)
from ._types import Keyed, Unpackable

__all__ = ["Spillovers", "Crossing", "ModelState", "spillover", "optimal_permeability", "Model"]


@dataclass(frozen=True)
class Spillovers:
    """Spillover events: the source interaction of each, its harm, and whether the boundary
    blocked it.

    Attributes
    ----------
    indices : numpy.ndarray of int64
        The source interaction of each event (an index into the columns given).
    harm : numpy.ndarray of float64
        Each event's harm.
    blocked : numpy.ndarray of bool
        Whether the boundary blocked it.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies.permeability import Spillovers
    >>> events = Spillovers(np.array([0, 3]), np.array([0.5, 1.5]), np.array([True, False]))
    >>> events.external_harm
    1.5
    """

    indices: NDArray[np.int64]
    harm: NDArray[np.float64]
    blocked: NDArray[np.bool_]

    @property
    def external_harm(self) -> float:
        """Harm of the events that crossed."""
        return float(self.harm[~self.blocked].sum())


@dataclass(frozen=True)
class Crossing(Unpackable):
    """What `Model.should_cross` returns; unpacks as ``(allowed, p)``.

    Attributes
    ----------
    allowed : bool
        Whether the interaction crosses the boundary.
    p : float
        Its p after the boundary's degradation.

    Examples
    --------
    >>> from agent_economies import permeability
    >>> allowed, degraded = permeability.Model(seed=11).should_cross(0.6, 0.8)
    >>> allowed, round(degraded, 6)
    (True, 0.72)
    """

    allowed: bool
    p: float


@dataclass(frozen=True)
class ModelState(Keyed):
    """What `Model.state` returns (SWARM's ``PermeabilityState``); ``state["name"]`` reads
    field ``name`` (the dict of earlier versions).

    Attributes
    ----------
    effective_permeability, threat_level : float
        The last effective permeability and the threat level it was computed for.
    total_spillovers, total_blocked : int
        Events that crossed and that were blocked.
    cumulative_external_harm : float
        Harm of the events that crossed.

    Examples
    --------
    >>> from agent_economies import permeability
    >>> permeability.Model().state().effective_permeability
    0.5
    """

    effective_permeability: float
    threat_level: float
    total_spillovers: int
    total_blocked: int
    cumulative_external_harm: float


def _columns(p: ArrayLike, accepted: ArrayLike) -> Tuple[NDArray[np.float64], NDArray[np.uint8]]:
    quality = as_array(p, np.float64, "p", 1)
    return quality, as_flags("accepted", accepted, quality.shape, strict=True)


def spillover(p: ArrayLike, accepted: ArrayLike, *, permeability: float, contagion_rate: float = 0.05,
              spillover_amplification: float = 1.5, seed: int = 0, threads: int = 0) -> Spillovers:
    """Spillover events of the accepted interactions, drawn from seeded streams.

    Chunk k of 65,536 interactions uses stream k of `seed`: the events depend on the seed
    only, never on the thread count. Not CPython's stream (see `Model` for that).

    Parameters
    ----------
    p : array_like of float
        P(beneficial) of each interaction, in [0, 1].
    accepted : array_like of bool
        Whether each was accepted (booleans).
    permeability : float
        The boundary's permeability, in [0, 1].
    contagion_rate : float, default 0.05
        Chance that a harmful accepted interaction spills over, in [0, 1] (SWARM's bound).
    spillover_amplification : float, default 1.5
        Harm multiplier of a spillover, >= 0 (SWARM's bound).
    seed : int, default 0
        The stream seed (0 .. 2**64 - 1).
    threads : int, default 0
        Worker threads (0: the library's pool size).

    Returns
    -------
    Spillovers
        The events, in order of their source interactions.

    Raises
    ------
    TypeError, ValueError
        Naming the field, for NaN or out-of-range p, non-boolean flags, columns of different
        lengths, or a rate outside SWARM's range.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import permeability
    >>> p, accepted = np.linspace(0, 1, 8), np.arange(8) % 3 != 0
    >>> permeability.spillover(p, accepted, permeability=0.5, contagion_rate=0.9, seed=7).harm.round(4).tolist()
    [1.0714]
    >>> permeability.spillover(p, accepted, permeability=0.5, contagion_rate=1.5)
    Traceback (most recent call last):
    ...
    ValueError: contagion_rate: must be in [0, 1], got 1.5
    """
    quality, flags = _columns(p, accepted)
    arguments = (check_fraction("permeability", permeability), check_fraction("contagion_rate", contagion_rate),
                 check_nonnegative("spillover_amplification", spillover_amplification),
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


def optimal_permeability(p: ArrayLike, accepted: ArrayLike, *, contagion_rate: float = 0.05,
                         spillover_amplification: float = 1.5, external_harm_weight: float = 1.0, samples: int = 10,
                         threads: int = 0) -> float:
    """The reference's grid search for the permeability with the best benefit minus weighted
    external harm, exactly (the first best of k / samples, k = 0..samples).

    Parameters
    ----------
    p : array_like of float
        P(beneficial) of each interaction, in [0, 1].
    accepted : array_like of bool
        Whether each was accepted (booleans).
    contagion_rate : float, default 0.05
        In [0, 1] (SWARM's bound).
    spillover_amplification : float, default 1.5
        >= 0 (SWARM's bound).
    external_harm_weight : float, default 1.0
        Weight of the external harm (finite).
    samples : int, default 10
        Grid steps.
    threads : int, default 0
        Worker threads (0: the library's pool size).

    Returns
    -------
    float
        The best permeability on the grid.

    Raises
    ------
    TypeError, ValueError
        Naming the field, as `spillover`.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import permeability
    >>> p, accepted = np.linspace(0, 1, 8), np.arange(8) % 3 != 0
    >>> permeability.optimal_permeability(p, accepted, contagion_rate=0.3)
    1.0
    """
    quality, flags = _columns(p, accepted)
    arguments = (check_fraction("contagion_rate", contagion_rate),
                 check_nonnegative("spillover_amplification", spillover_amplification),
                 check_float("external_harm_weight", external_harm_weight), check_int("samples", samples),
                 check_int32("threads", threads))
    optimal = ctypes.c_double(0)
    error = _native.error_buffer()
    status = _native.lib.ae_permeability_optimal(
        quality.shape[0], _native.pointer(quality),
        flags.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)) if quality.shape[0] else None, *arguments,
        ctypes.byref(optimal), error, len(error))
    _native.check(status, error)
    return float(optimal.value)


class Model(_native.Handle):
    """A permeability model with state and CPython's random stream (seeded like
    ``random.Random(seed)``), for draws call by call or in batches.

    Parameters
    ----------
    base_permeability : float, default 0.5
        In [0, 1] (SWARM's ``PermeabilityConfig`` bound).
    information_decay : float, default 0.1
        In [0, 1] (SWARM's bound).
    contagion_rate : float, default 0.05
        In [0, 1] (SWARM's bound).
    spillover_amplification : float, default 1.5
        >= 0 (SWARM's bound).
    adaptive : bool, default True
        Whether the effective permeability follows the threat level (and is kept in the state).
    threat_sensitivity : float, default 1.0
        >= 0 (SWARM's bound).
    seed : int, float, str, bytes or None, default None
        The stream's seed, as ``random.Random(seed)``; None: system-seeded.

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a value of the wrong kind or outside SWARM's range.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import permeability
    >>> model = permeability.Model(seed=11)
    >>> round(model.effective_permeability(threat_level=0.2, agent_trust=0.5), 6)
    0.3
    >>> model.spillover(np.linspace(0, 1, 8), np.arange(8) % 3 != 0).indices.size
    0
    >>> permeability.Model(base_permeability=2.0)
    Traceback (most recent call last):
    ...
    ValueError: base_permeability: must be in [0, 1], got 2.0
    """

    _destroy = "ae_permeability_model_destroy"

    def __init__(self, *, base_permeability: float = 0.5, information_decay: float = 0.1, contagion_rate: float = 0.05,
                 spillover_amplification: float = 1.5, adaptive: bool = True, threat_sensitivity: float = 1.0,
                 seed: Union[int, float, str, bytes, None] = None) -> None:
        options = _native.PermeabilityOptions(
            ctypes.sizeof(_native.PermeabilityOptions), check_fraction("base_permeability", base_permeability),
            check_fraction("information_decay", information_decay), check_fraction("contagion_rate", contagion_rate),
            check_nonnegative("spillover_amplification", spillover_amplification), 1 if adaptive else 0,
            check_nonnegative("threat_sensitivity", threat_sensitivity))
        words, seeded = _native.seed_words(seed)
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_permeability_model_create, ctypes.byref(options), words,
                     len(words) if seeded else 0, seeded, ctypes.byref(pointer))
        super().__init__(pointer)

    def effective_permeability(self, threat_level: float = 0.0, agent_trust: float = 0.5) -> float:
        """The effective permeability for a threat level and an agent's trust.

        Parameters
        ----------
        threat_level : float, default 0.0
            The current threat level.
        agent_trust : float, default 0.5
            The agent's trust.

        Returns
        -------
        float
            The permeability (stored in the state when the model is adaptive).
        """
        value = ctypes.c_double()
        _native.call(_native.lib.ae_permeability_model_effective, self.pointer,
                     check_float("threat_level", threat_level), check_float("agent_trust", agent_trust),
                     ctypes.byref(value))
        return float(value.value)

    def should_cross(self, permeability: float, p: float) -> Crossing:
        """Whether one interaction crosses the boundary (one draw from the model's stream).

        Parameters
        ----------
        permeability : float
            The boundary's permeability.
        p : float
            The interaction's p.

        Returns
        -------
        Crossing
            Whether it crosses, and its degraded p (unpacks as ``(allowed, p)``).
        """
        allowed, degraded = self._should_cross(permeability, p)
        return Crossing(allowed, degraded)

    def _should_cross(self, permeability: float, p: float) -> Tuple[bool, float]:
        """`should_cross` as a plain tuple, for callers that draw one by one (the SWARM backend)."""
        allowed, degraded = ctypes.c_int32(), ctypes.c_double()
        _native.call(_native.lib.ae_permeability_model_should_cross, self.pointer,
                     check_float("permeability", permeability), check_float("p", p), ctypes.byref(allowed),
                     ctypes.byref(degraded))
        return bool(allowed.value), float(degraded.value)

    def spillover(self, p: ArrayLike, accepted: ArrayLike, permeability: Optional[float] = None) -> Spillovers:
        """Spillover events of a batch in order, from the model's stream; the state's totals grow.

        Parameters
        ----------
        p : array_like of float
            P(beneficial) of each interaction.
        accepted : array_like of bool
            Whether each was accepted (booleans).
        permeability : float, optional
            The boundary's permeability (default: the state's effective permeability).

        Returns
        -------
        Spillovers
            The events, in order of their source interactions.
        """
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

    def state(self) -> ModelState:
        """The model's state.

        Returns
        -------
        ModelState
            Effective permeability, threat level, totals and harm.
        """
        record = _native.PermeabilityState()
        _native.call(_native.lib.ae_permeability_model_state, self.pointer, ctypes.byref(record))
        return ModelState(float(record.effective_permeability), float(record.threat_level),
                          int(record.total_spillovers), int(record.total_blocked),
                          float(record.cumulative_external_harm))

    def reset(self) -> None:
        """Returns the state to the base permeability (the random stream continues)."""
        _native.call(_native.lib.ae_permeability_model_reset, self.pointer)
