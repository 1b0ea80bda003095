"""One-line native backend for SWARM (swarm-safety 1.9.0).

    import agent_economies.swarm_backend as backend
    backend.install()      # SWARM's engine classes now run on Agent Economies
    backend.uninstall()    # SWARM's own classes again

`install()` replaces DworkinAuction, MissionEconomy, HFNEngine, FlashCrashDetector,
PermeabilityModel, IdentityRegistry, CredentialIssuer and SybilDetectionLever in every loaded
module that bound them (SWARM's own modules, its governance engine, and any module of yours
that imported them), and in the modules that define them, so later imports get them too.

The replacements subclass SWARM's classes: same constructors, attributes, methods and value
objects (AuctionBid, HFNOrder, SoftInteraction, MissionObjective, the configs), with the
work done by the native library:

- DworkinAuction.run_auction: the whole tatonnement, normalisation and envy check in one
  native call (the reference's numbers, bit for bit, on Python 3.11's float sums).
- HFNEngine and FlashCrashDetector: the native engine and detector handles (heap order books,
  CPython's `random.Random(seed)` latency stream). One book per resource type: with a single
  resource type the trades are the reference's exactly; with several, a bid only meets asks
  of its own resource type (the reference lets a compute bid fill a bandwidth ask).
- PermeabilityModel: the draws (CPython's stream, seeded as the reference), spillover and
  the optimal-permeability grid search natively; the state object stays a Python dataclass.
- MissionEconomy: the proportional and "shapley" (leave-one-out) rewards in linear time over
  a columnar ledger instead of one pass over all contributions per contributor.
- IdentityRegistry.detect_sybil_clusters and SybilDetectionLever: the similarity join and
  greedy clustering natively, clusters in the reference's discovery order.
- CredentialIssuer: credential issuance is dictionary bookkeeping with no numeric kernel; the
  class is swapped with the others so that type checks see one backend, and behaves as
  SWARM's.

Differences from SWARM are refusals, never silent changes: bad numbers (NaN valuations,
negative budgets, out-of-range detector thresholds) raise ValueError naming the field.

Examples
--------
>>> import agent_economies.swarm_backend as backend
>>> backend.install()  # doctest: +SKIP
8
>>> backend.is_installed()  # doctest: +SKIP
True
>>> backend.uninstall()
>>> backend.is_installed()
False
"""
from __future__ import annotations

import sys
from typing import Any, Tuple

from ._auction import EnvyViolationList, dworkin_auction
from ._hfn import flash_crash_detector, hfn_engine
from ._identity import credential_issuer, identity_registry, sybil_detection_lever
from ._missions import mission_economy
from ._permeability import permeability_model

__all__ = ["install", "uninstall", "is_installed", "native_classes", "EnvyViolationList"]

_installed: dict[type, type] = {}
_patches: list[Tuple[dict[str, Any], str, type]] = []


def _swarm() -> Tuple[Any, Any, Any, Any, Any, Any]:
    import swarm.boundaries.permeability as permeability
    import swarm.env.auction as auction
    import swarm.env.hfn as hfn
    import swarm.env.mission as mission
    import swarm.governance.engine  # noqa: F401  (binds SybilDetectionLever)
    import swarm.governance.identity_lever as lever
    import swarm.models.identity as identity

    return auction, hfn, mission, permeability, identity, lever


def _build_classes() -> dict[type, type]:
    """Each replaced SWARM class and its native-backed subclass (one module each), named as
    SWARM names it."""
    auction, hfn, mission, permeability, identity, lever = _swarm()
    pairs = [
        (auction.DworkinAuction, dworkin_auction(auction)), (hfn.FlashCrashDetector, flash_crash_detector(hfn)),
        (hfn.HFNEngine, hfn_engine(hfn)), (permeability.PermeabilityModel, permeability_model(permeability)),
        (mission.MissionEconomy, mission_economy(mission)), (identity.IdentityRegistry, identity_registry(identity)),
        (identity.CredentialIssuer, credential_issuer(identity)),
        (lever.SybilDetectionLever, sybil_detection_lever(lever)),
    ]
    for original, native in pairs:
        native.__name__ = original.__name__
        native.__qualname__ = original.__qualname__
        native.__module__ = original.__module__
    return dict(pairs)


def native_classes() -> dict[type, type]:
    """The native-backed replacement of each SWARM class, built once (imports SWARM).

    Returns
    -------
    dict
        ``{SWARM class: native-backed subclass}`` for the eight replaced classes.

    Raises
    ------
    ImportError
        Without swarm-safety installed.

    Examples
    --------
    >>> from agent_economies import swarm_backend
    >>> import swarm.env.auction  # doctest: +SKIP
    >>> swarm_backend.native_classes()[swarm.env.auction.DworkinAuction].__name__  # doctest: +SKIP
    'DworkinAuction'
    """
    if not _installed:
        _installed.update(_build_classes())
    return dict(_installed)


def install() -> int:
    """Replaces SWARM's engine classes with native-backed ones in every loaded module that
    bound them. Idempotent.

    Returns
    -------
    int
        The number of bindings replaced.

    Raises
    ------
    ImportError
        Without swarm-safety installed.

    Examples
    --------
    >>> import agent_economies.swarm_backend as backend
    >>> backend.install() > 0  # doctest: +SKIP
    True
    >>> backend.uninstall()
    """
    replacements = native_classes()
    count = 0
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for name, value in list(namespace.items()):
            if isinstance(value, type) and value in replacements:
                namespace[name] = replacements[value]
                _patches.append((namespace, name, value))
                count += 1
    return count


def uninstall() -> None:
    """Puts SWARM's own classes back where `install` replaced them (nothing when not installed).

    Examples
    --------
    >>> import agent_economies.swarm_backend as backend
    >>> backend.uninstall()
    >>> backend.is_installed()
    False
    """
    while _patches:
        namespace, name, original = _patches.pop()
        if namespace.get(name) is _installed.get(original):
            namespace[name] = original


def is_installed() -> bool:
    """Whether the native classes are in place.

    Returns
    -------
    bool
        True between `install` and `uninstall`.

    Examples
    --------
    >>> import agent_economies.swarm_backend as backend
    >>> backend.is_installed()
    False
    """
    return bool(_patches)
