"""SWARM's IdentityRegistry, CredentialIssuer and SybilDetectionLever with the similarity join and clustering done natively."""

from __future__ import annotations

from typing import Any

from .. import identity as _identity


def native_clusters(patterns: Any, threshold: float) -> list[set[Any]]:
    """Sybil clusters of a reference-style pattern dict, in the reference's discovery order."""
    if not patterns:
        return []
    matrix = _identity.patterns_to_csr(patterns)
    clusters = _identity.sybil_clusters(matrix, threshold=threshold)
    return [{matrix.ids[row] for row in cluster.tolist()} for cluster in clusters]


def identity_registry(identity: Any) -> type:
    """SWARM's IdentityRegistry, subclassed with Sybil detection native.

    Parameters
    ----------
    identity : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = identity.IdentityRegistry

    class IdentityRegistry(base):
        """SWARM's IdentityRegistry with Sybil detection done natively."""

        def detect_sybil_clusters(self, interaction_patterns: Any) -> list[set[Any]]:
            if not self.config.sybil_detection_enabled:
                return []
            clusters = native_clusters(interaction_patterns, self.config.behavioral_similarity_threshold)
            self._sybil_clusters = clusters
            return clusters

    return IdentityRegistry


def credential_issuer(identity: Any) -> type:
    """SWARM's CredentialIssuer (bookkeeping only; swapped so that one backend serves all).

    Parameters
    ----------
    identity : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = identity.CredentialIssuer

    class CredentialIssuer(base):
        """SWARM's CredentialIssuer (bookkeeping only; swapped so one backend serves all)."""

    return CredentialIssuer


def sybil_detection_lever(lever: Any) -> type:
    """SWARM's SybilDetectionLever, subclassed with the clustering native.

    Parameters
    ----------
    lever : module
        SWARM's module that defines the class.

    Returns
    -------
    type
        The native-backed subclass.
    """
    base: Any = lever.SybilDetectionLever

    class SybilDetectionLever(base):
        """SWARM's SybilDetectionLever with the clustering done natively."""

        def _detect_clusters(self) -> list[set[Any]]:
            return native_clusters(self._interaction_patterns, self.config.sybil_similarity_threshold)

    return SybilDetectionLever
