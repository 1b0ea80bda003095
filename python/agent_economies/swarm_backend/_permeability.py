"""SWARM's PermeabilityModel with its draws, spillover and grid search done natively."""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from .. import permeability as _permeability


def permeability_model(permeability: Any) -> type:
    """SWARM's PermeabilityModel, subclassed with its draws, spillover and grid search native.

    Parameters
    ----------
    permeability : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = permeability.PermeabilityModel

    class PermeabilityModel(base):
        """SWARM's PermeabilityModel with its draws, spillover and grid search done natively."""

        def __init__(self, config: Any = None, seed: Any = None) -> None:
            self.config = config or permeability.PermeabilityConfig()
            self.config.validate()
            c = self.config
            self._model = _permeability.Model(
                base_permeability=c.base_permeability, information_decay=c.information_decay,
                contagion_rate=c.contagion_rate, spillover_amplification=c.spillover_amplification,
                adaptive=bool(c.adaptive), threat_sensitivity=c.threat_sensitivity, seed=seed)
            self._state = permeability.PermeabilityState(effective_permeability=c.base_permeability)
            self._spillover_history: list[Any] = []

        def compute_effective_permeability(self, threat_level: float = 0.0, agent_trust: float = 0.5) -> float:
            effective = self._model.effective_permeability(threat_level, agent_trust)
            if self.config.adaptive:
                self._state.effective_permeability = effective
                self._state.threat_level = threat_level
            return effective

        def should_cross(self, permeability_value: float, interaction_p: float,
                         direction: str = "outbound") -> Tuple[bool, float]:
            return self._model._should_cross(permeability_value, interaction_p)

        def simulate_spillover(self, interactions: Any, permeability: Optional[float] = None) -> list[Any]:
            perm = permeability if permeability is not None else self._state.effective_permeability
            p = np.fromiter((ix.p for ix in interactions), dtype=np.float64, count=len(interactions))
            accepted = np.fromiter((bool(ix.accepted) for ix in interactions), dtype=bool, count=len(interactions))
            events = self._model.spillover(p, accepted, permeability=perm)
            spillovers = []
            state = self._state
            for index, harm, blocked in zip(events.indices.tolist(), events.harm.tolist(), events.blocked.tolist()):
                source = interactions[index]
                event = _spillover_event(
                    source_interaction_id=source.interaction_id, source_p=source.p, direction="outbound",
                    harm_magnitude=harm, blocked=blocked)
                spillovers.append(event)
                if blocked:
                    state.total_blocked += 1
                else:
                    state.total_spillovers += 1
                    state.cumulative_external_harm += harm
            self._spillover_history.extend(spillovers)
            return spillovers

        def optimal_permeability(self, interactions: Any, external_harm_weight: float = 1.0,
                                 n_samples: int = 10) -> float:
            if n_samples == 0:
                raise ZeroDivisionError("n_samples must not be 0 (the grid is k / n_samples)")
            p = np.fromiter((ix.p for ix in interactions), dtype=np.float64, count=len(interactions))
            accepted = np.fromiter((bool(ix.accepted) for ix in interactions), dtype=bool, count=len(interactions))
            return _permeability.optimal_permeability(
                p, accepted, contagion_rate=self.config.contagion_rate,
                spillover_amplification=self.config.spillover_amplification,
                external_harm_weight=external_harm_weight, samples=n_samples)

    _spillover_event = permeability.SpilloverEvent

    return PermeabilityModel
