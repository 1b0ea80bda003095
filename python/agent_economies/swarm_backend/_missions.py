"""SWARM's MissionEconomy with the reward rules computed natively over a columnar ledger."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import missions as _missions


def mission_economy(mission: Any) -> type:
    """SWARM's MissionEconomy, subclassed with its reward rules native.

    Parameters
    ----------
    mission : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = mission.MissionEconomy

    class MissionEconomy(base):
        """SWARM's MissionEconomy with the reward rules computed natively over a ledger."""

        def _reward(self, mission_record: Any, interactions: Any, strategy: str) -> dict[str, float]:
            agent_ids = list(mission_record.contributions.keys())
            ledger = _missions.ledger_from_ids(
                list(mission_record.contributions.values()), [ix.interaction_id for ix in interactions],
                np.fromiter((ix.p for ix in interactions), dtype=np.float64, count=len(interactions)),
                np.fromiter((bool(ix.accepted) for ix in interactions), dtype=bool, count=len(interactions)))
            paid = _missions.rewards(ledger, mission_record.reward_pool, strategy)
            return {agent_ids[row]: amount for row, amount in zip(paid.rows.tolist(), paid.amounts.tolist())}

        def _distribute_proportional(self, mission: Any, interactions: Any) -> dict[str, float]:
            return self._reward(mission, interactions, "proportional")

        def _distribute_shapley(self, mission: Any, interactions: Any) -> dict[str, float]:
            return self._reward(mission, interactions, "leave_one_out")

    return MissionEconomy
