"""Sybil detection on interaction patterns in CSR form (rows are agents, columns
counterparties, values interaction counts).

The functions that take patterns accept the CSR arrays ``(indptr, indices, counts)``, a
scipy sparse matrix or array of any format (converted with ``tocsr()``; duplicates summed as
scipy sums them), or the `Patterns` that `patterns_to_csr` makes from a SWARM-style dict.
scipy is optional: it is never imported here.

Examples
--------
>>> from agent_economies import identity
>>> patterns = identity.patterns_to_csr({"a": {"x": 3, "y": 1}, "b": {"x": 3, "y": 1}, "c": {"z": 5}})
>>> [[patterns.ids[row] for row in cluster] for cluster in identity.sybil_clusters(patterns)]
[['a', 'b']]
"""

from __future__ import annotations

import ctypes
import numbers
import threading
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Optional, Tuple, Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _native
from ._checks import (INT32_MAX, INT64_MAX, as_array, as_float_array, check_count, check_csr, check_fraction,
                      check_int, check_int32, check_length, check_mapping, check_nonnegative, check_option,
                      check_unique_in_rows, describe)
from ._types import OptionEnum, SparseMatrix, Unpackable, is_sparse

__all__ = [
    "Metric", "Clustering", "JoinPath", "Patterns", "SimilarPairs", "FlagStatus", "TrustScores", "patterns_to_csr",
    "similar_pairs", "sybil_clusters", "SybilLever", "Registry",
]


class Metric(OptionEnum):
    """How two agents' patterns are scored (the strings are accepted too).

    Examples
    --------
    >>> from agent_economies.identity import Metric
    >>> Metric("cosine") is Metric.COSINE
    True
    """

    COMBINED = "combined"
    """The reference's score: the mean of the key sets' Jaccard index and the overlap of the
    normalised counts on shared keys (the Jaccard index alone without shared keys)."""
    COSINE = "cosine"
    """Cosine similarity of the count vectors."""
    JACCARD = "jaccard"
    """Jaccard index of the counterparty sets."""


class Clustering(OptionEnum):
    """How similar pairs become clusters (the strings are accepted too).

    Examples
    --------
    >>> from agent_economies.identity import Clustering
    >>> str(Clustering.GREEDY)
    'greedy'
    """

    GREEDY = "greedy"
    """The reference's rule: visit rows in order; each unvisited row takes every later
    unvisited row at or above the threshold (its seed listed first)."""
    CONNECTED_COMPONENTS = "connected_components"
    """Connected components of the graph of pairs at or above the threshold (ascending)."""


class JoinPath(OptionEnum):
    """Which similarity join decides the pairs; every path is exact (the strings are
    accepted too).

    Examples
    --------
    >>> from agent_economies.identity import JoinPath
    >>> JoinPath.SPARSE == "sparse"
    True
    """

    AUTOMATIC = "automatic"
    """The library picks by density."""
    DENSE = "dense"
    """Dense GEMM tiles."""
    SPARSE = "sparse"
    """The prefix-filtered sparse join."""


_METRICS = {Metric.COMBINED.value: 0, Metric.COSINE.value: 1, Metric.JACCARD.value: 2}
_CLUSTERINGS = {Clustering.GREEDY.value: 0, Clustering.CONNECTED_COMPONENTS.value: 1}
_PATHS = {JoinPath.AUTOMATIC.value: 0, JoinPath.DENSE.value: 1, JoinPath.SPARSE.value: 2}

_option = check_option


@dataclass(frozen=True)
class Patterns(Unpackable):
    """Interaction patterns in CSR form with their row IDs (what `patterns_to_csr` returns).

    Unpacks as ``(indptr, indices, counts, ids)`` (the tuple of earlier versions), and is
    accepted by `sybil_clusters`, `similar_pairs` and `Registry.detect_sybils` in place of
    the three arrays.

    Attributes
    ----------
    indptr : numpy.ndarray of int64, shape (rows + 1,)
        Row offsets.
    indices : numpy.ndarray of int32
        Counterparty columns, numbered in order of first sight.
    counts : numpy.ndarray of float64
        Interaction counts, one per index.
    ids : list
        The agent ID of each row, in the dict's order.

    Examples
    --------
    >>> from agent_economies import identity
    >>> indptr, indices, counts, ids = identity.patterns_to_csr({"a": {"x": 2}, "b": {"x": 1, "y": 4}})
    >>> indptr.tolist(), indices.tolist(), counts.tolist(), ids
    ([0, 1, 3], [0, 0, 1], [2.0, 1.0, 4.0], ['a', 'b'])
    """

    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    counts: NDArray[np.float64]
    ids: list[Hashable]


@dataclass(frozen=True)
class SimilarPairs(Unpackable):
    """What `similar_pairs` returns: pairs of rows (first < second) and their scores, in order
    of first then second. Unpacks as ``(first, second, scores)``.

    Attributes
    ----------
    first, second : numpy.ndarray of int64
        Row indices of each pair.
    scores : numpy.ndarray of float64
        Each pair's score.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies.identity import SimilarPairs
    >>> pairs = SimilarPairs(np.array([0]), np.array([1]), np.array([0.9]))
    >>> first, second, scores = pairs
    >>> int(second[0]), len(pairs.scores)
    (1, 1)
    """

    first: NDArray[np.int64]
    second: NDArray[np.int64]
    scores: NDArray[np.float64]


@dataclass(frozen=True)
class FlagStatus(Unpackable):
    """What `SybilLever.is_flagged` returns; unpacks as ``(flagged, cluster_size)``.

    Attributes
    ----------
    flagged : bool
        Whether the agent is in a cluster of the last detection.
    cluster_size : int
        The size of its cluster (0 when not flagged).

    Examples
    --------
    >>> from agent_economies.identity import FlagStatus
    >>> flagged, size = FlagStatus(True, 3)
    >>> flagged, size
    (True, 3)
    """

    flagged: bool
    cluster_size: int


@dataclass(frozen=True)
class TrustScores(Unpackable):
    """What `Registry.trust_scores` returns; unpacks as
    ``(agents, scores, proof_of_personhood_rate)``.

    Attributes
    ----------
    agents : numpy.ndarray of int32
        Agent handles, in creation order.
    scores : numpy.ndarray of float64
        Each agent's trust score at the epoch asked for.
    proof_of_personhood_rate : float
        The fraction of identities with proof of personhood.

    Examples
    --------
    >>> from agent_economies import identity
    >>> registry = identity.Registry()
    >>> registry.create_identity(1)
    0.3
    >>> registry.trust_scores().scores.tolist()
    [0.3]
    """

    agents: NDArray[np.int32]
    scores: NDArray[np.float64]
    proof_of_personhood_rate: float


CSRInput = Union[ArrayLike, SparseMatrix, Patterns]
"""The first argument of the functions that take patterns: CSR offsets (with `indices` and
`counts`), or a scipy sparse matrix or `Patterns` alone."""


def _handles(name: str, value: ArrayLike) -> NDArray[np.int32]:
    """A column of agent handles (int32) from an array or one int."""
    if value is None:
        raise TypeError(f"{name}: expected agent handles (ints), got None")
    return as_array(np.atleast_1d(value), np.int32, name, 1)


def _matrix(indptr: Any, indices: Any, counts: Any) -> Tuple[Any, Any, Any]:
    """The CSR arrays of the patterns argument(s): the three arrays as given, or those of a
    scipy sparse matrix (any format; duplicates summed) or a `Patterns` given alone."""
    sparse = is_sparse(indptr)
    if not sparse and not isinstance(indptr, Patterns):
        return indptr, indices, counts
    what = "a scipy sparse matrix" if sparse else "Patterns"
    for name, value in (("indices", indices), ("counts", counts)):
        if value is not None:
            raise TypeError(f"{name}: must be omitted when the first argument is {what}, got {describe(value)}")
    if isinstance(indptr, Patterns):
        return indptr.indptr, indptr.indices, indptr.counts
    if len(indptr.shape) != 2:
        raise ValueError(f"indptr: expected a 2-D sparse matrix (agents x counterparties), got shape {indptr.shape}")
    matrix = indptr.tocsr()
    if not matrix.has_canonical_format:
        matrix = matrix.copy()
        matrix.sum_duplicates()
    return matrix.indptr, matrix.indices, matrix.data


def _csr(indptr: Any, indices: Any, counts: Any, columns: Optional[int]
         ) -> Tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.float64], int, int]:
    """Checked CSR arrays, the row count and the column count to pass to the library: the
    width the data spans (largest index + 1), since columns past it hold no entries and change
    no score, and the library's memory grows with the width it is given."""
    indptr, indices, counts = _matrix(indptr, indices, counts)
    offsets = as_array(indptr, np.int64, "indptr", 1)
    keys = as_array(indices, np.int32, "indices", 1)
    values = as_float_array("counts", counts, 1, allow_nan=False)
    width = None if columns is None else check_count("columns", columns, INT32_MAX)
    check_csr("indptr", offsets, "indices", keys, n_cols=width)
    check_length("counts", values, keys.shape[0], "one per index")
    spanned = int(keys.max()) + 1 if keys.size else 0
    check_unique_in_rows(offsets, keys, spanned)
    return offsets, keys, values, offsets.shape[0] - 1, spanned


def patterns_to_csr(patterns: Mapping[Hashable, Mapping[Hashable, float]]) -> Patterns:
    """CSR arrays and row IDs of a reference-style pattern dict.

    Parameters
    ----------
    patterns : mapping
        ``{agent_id: {counterparty_id: count}}``, as SWARM's identity registry and Sybil
        lever keep them.

    Returns
    -------
    Patterns
        ``indptr``, ``indices``, ``counts`` and ``ids`` (unpacks as that tuple). Rows keep
        the dict's order; counterparties are numbered in order of first sight.

    Raises
    ------
    TypeError
        For a value that is not a dict of dicts, or a count that is not a number.

    Examples
    --------
    >>> from agent_economies import identity
    >>> patterns = identity.patterns_to_csr({"a": {"x": 3, "y": 1}, "b": {"y": 2}})
    >>> patterns.indptr.tolist(), patterns.indices.tolist(), patterns.counts.tolist(), patterns.ids
    ([0, 2, 3], [0, 1, 1], [3.0, 1.0, 2.0], ['a', 'b'])
    """
    check_mapping("patterns", patterns, "a dict {agent: {counterparty: count}}")
    column_of: dict[Hashable, int] = {}
    indptr = np.zeros(len(patterns) + 1, dtype=np.int64)
    indices: list[int] = []
    counts: list[Any] = []
    for row, (agent, pattern) in enumerate(patterns.items()):
        if not isinstance(pattern, Mapping):
            check_mapping(f"patterns[{agent!r}]", pattern, "a dict {counterparty: count}")
        for key, count in pattern.items():
            column = column_of.get(key)
            if column is None:
                column = column_of[key] = len(column_of)
            indices.append(column)
            counts.append(count)
        indptr[row + 1] = len(indices)
    column_values = np.asarray(counts)
    if column_values.dtype.kind in "biuf":
        column_values = column_values.astype(np.float64)
    else:
        for agent, pattern in patterns.items():
            for key, count in pattern.items():
                if not isinstance(count, (numbers.Real, np.number)):
                    raise TypeError(f"patterns[{agent!r}][{key!r}]: expected a count (a number), got {describe(count)}")
        column_values = np.asarray(counts, dtype=np.float64)
    return Patterns(indptr, np.asarray(indices, dtype=np.int32), column_values, list(patterns.keys()))


def similar_pairs(indptr: CSRInput, indices: Optional[ArrayLike] = None, counts: Optional[ArrayLike] = None, *,
                  threshold: float = 0.8, metric: Union[Metric, str] = Metric.COMBINED,
                  path: Union[JoinPath, str] = JoinPath.AUTOMATIC, columns: Optional[int] = None,
                  threads: int = 0) -> SimilarPairs:
    """Every pair of rows (a < b) scoring at least `threshold`.

    Parameters
    ----------
    indptr : array_like of int, scipy sparse matrix, or Patterns
        CSR row offsets (rows + 1), or the whole matrix (then `indices` and `counts` are
        omitted).
    indices : array_like of int, optional
        Counterparty columns, unique within a row.
    counts : array_like of float, optional
        Interaction counts (finite), one per index.
    threshold : float, default 0.8
        Lowest score reported, in [0, 1] (SWARM's bound on its similarity thresholds).
    metric : Metric or str, default "combined"
        The score: "combined" (the reference's), "cosine" or "jaccard".
    path : JoinPath or str, default "automatic"
        The join: "automatic", "dense" or "sparse" (all exact).
    columns : int, optional
        The column count (default: largest index + 1); a larger value only widens the range
        the indices are checked against.
    threads : int, default 0
        Worker threads (0: the library's pool size).

    Returns
    -------
    SimilarPairs
        ``first``, ``second`` and ``scores``, in order of first then second (unpacks as that
        tuple).

    Raises
    ------
    TypeError, ValueError
        As `sybil_clusters`.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import identity
    >>> pairs = identity.similar_pairs(np.array([0, 2, 4, 5]), np.array([0, 1, 0, 1, 2]),
    ...                                np.array([3.0, 1.0, 3.0, 1.0, 5.0]), threshold=0.5, metric="cosine")
    >>> pairs.first.tolist(), pairs.second.tolist(), pairs.scores.round(6).tolist()
    ([0], [1], [1.0])
    """
    offsets, keys, values, rows, width = _csr(indptr, indices, counts, columns)
    level = check_fraction("threshold", threshold)
    metric_code, path_code = _option("metric", metric, _METRICS), _option("path", path, _PATHS)
    threads = check_int32("threads", threads)
    capacity = max(rows, 1024)
    while True:
        first, second = np.empty(capacity, np.int64), np.empty(capacity, np.int64)
        scores = np.empty(capacity, np.float64)
        count = ctypes.c_int64(0)
        error = _native.error_buffer()
        status = _native.lib.ae_similar_pairs(
            rows, width, _native.pointer(offsets), _native.pointer(keys), _native.pointer(values), level,
            metric_code, path_code, threads, capacity, _native.pointer(first), _native.pointer(second),
            _native.pointer(scores), ctypes.byref(count), error, len(error))
        if status == _native.ERROR_CAPACITY:
            capacity = count.value
            continue
        _native.check(status, error)
        k = count.value
        return SimilarPairs(first[:k].copy(), second[:k].copy(), scores[:k].copy())


def sybil_clusters(indptr: CSRInput, indices: Optional[ArrayLike] = None, counts: Optional[ArrayLike] = None, *,
                   threshold: float = 0.8, metric: Union[Metric, str] = Metric.COMBINED,
                   clustering: Union[Clustering, str] = Clustering.GREEDY,
                   path: Union[JoinPath, str] = JoinPath.AUTOMATIC, columns: Optional[int] = None,
                   threads: int = 0) -> list[NDArray[np.int64]]:
    """Clusters of agents whose patterns are at least `threshold` similar.

    Exact for every path (dense GEMM tiles or the prefix-filtered sparse join): both decide
    every pair with the canonical score.

    Parameters
    ----------
    indptr : array_like of int, scipy sparse matrix, or Patterns
        CSR row offsets (rows + 1, int64), or the whole matrix (then `indices` and `counts`
        are omitted): a scipy ``csr_array`` / ``csr_matrix`` or any sparse format, converted
        with ``tocsr()`` (its stored entries are the pattern's keys, explicit zeros included).
    indices : array_like of int, optional
        Counterparty columns (int32), unique within a row.
    counts : array_like of float, optional
        Interaction counts (finite), one per index.
    threshold : float, default 0.8
        Lowest score that links two agents, in [0, 1] (SWARM's bound).
    metric : Metric or str, default "combined"
        The score: "combined" (the reference's), "cosine" or "jaccard".
    clustering : Clustering or str, default "greedy"
        "greedy" (the reference's rule: each cluster lists its seed row first, clusters in
        the reference's discovery order) or "connected_components" (each cluster ascending).
    path : JoinPath or str, default "automatic"
        The join: "automatic", "dense" or "sparse".
    columns : int, optional
        The column count (default: largest index + 1); a larger value only widens the range
        the indices are checked against (empty columns change no score).
    threads : int, default 0
        Worker threads (0: the library's pool size).

    Returns
    -------
    list of numpy.ndarray of int64
        The clusters, as row indices.

    Raises
    ------
    TypeError
        For wrong types (None for an array, a string for a number), or `indices` / `counts`
        given with a sparse matrix.
    ValueError
        Naming the field, for an indptr that is not monotonic or points past the data,
        out-of-range or repeated columns in a row, NaN counts, unknown options, or a
        threshold outside [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies import identity
    >>> indptr, indices = np.array([0, 2, 4, 5]), np.array([0, 1, 0, 1, 2])
    >>> counts = np.array([3.0, 1.0, 3.0, 1.0, 5.0])
    >>> [cluster.tolist() for cluster in identity.sybil_clusters(indptr, indices, counts, threshold=0.8)]
    [[0, 1]]

    A scipy sparse matrix gives the same clusters:

    >>> import scipy.sparse
    >>> matrix = scipy.sparse.csr_array((counts, indices, indptr))
    >>> [cluster.tolist() for cluster in identity.sybil_clusters(matrix, metric=identity.Metric.COSINE)]
    [[0, 1]]
    >>> identity.sybil_clusters(matrix, threshold=1.5)
    Traceback (most recent call last):
    ...
    ValueError: threshold: must be in [0, 1], got 1.5
    """
    offsets, keys, values, rows, width = _csr(indptr, indices, counts, columns)
    level = check_fraction("threshold", threshold)
    options = (_option("metric", metric, _METRICS), _option("clustering", clustering, _CLUSTERINGS),
               _option("path", path, _PATHS), check_int32("threads", threads))
    members = np.empty(rows, dtype=np.int64)
    cluster_offsets = np.empty(rows + 1, dtype=np.int64)
    count = ctypes.c_int64(0)
    pairs = ctypes.c_int64(0)
    error = _native.error_buffer()
    status = _native.lib.ae_sybil_clusters(
        rows, width, _native.pointer(offsets), _native.pointer(keys), _native.pointer(values), level,
        *options, _native.pointer(members), _native.pointer(cluster_offsets),
        ctypes.byref(count), ctypes.byref(pairs), error, len(error),
    )
    _native.check(status, error)
    return [members[cluster_offsets[k]:cluster_offsets[k + 1]].copy() for k in range(count.value)]


class SybilLever(_native.Handle):
    """The Sybil lever on agent handles: record interactions as they happen (each adds to both
    parties' counts), detect clusters on demand.

    Rows are visited in order of first appearance, as the reference's lever does.

    Parameters
    ----------
    threshold : float, default 0.8
        Lowest score that links two agents, in [0, 1] (SWARM's ``sybil_similarity_threshold``
        bound).
    metric : Metric or str, default "combined"
        The score.
    clustering : Clustering or str, default "greedy"
        The clustering rule.
    path : JoinPath or str, default "automatic"
        The join.

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a threshold outside [0, 1] or an unknown option.

    Examples
    --------
    >>> from agent_economies import identity
    >>> lever = identity.SybilLever(0.5)
    >>> lever.record([1, 2], [3, 3])
    >>> lever.record(4, 3)
    >>> [cluster.tolist() for cluster in lever.detect()]
    [[1, 2, 4]]
    >>> lever.is_flagged(2)
    FlagStatus(flagged=True, cluster_size=3)
    """

    _destroy = "ae_sybil_lever_destroy"

    def __init__(self, threshold: float = 0.8, *, metric: Union[Metric, str] = Metric.COMBINED,
                 clustering: Union[Clustering, str] = Clustering.GREEDY,
                 path: Union[JoinPath, str] = JoinPath.AUTOMATIC) -> None:
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_sybil_lever_create, check_fraction("threshold", threshold),
                     _option("metric", metric, _METRICS),
                     _option("clustering", clustering, _CLUSTERINGS), _option("path", path, _PATHS),
                     ctypes.byref(pointer))
        super().__init__(pointer)
        self._lock = threading.Lock()
        self._sizes = (0, 0)

    def record(self, initiators: ArrayLike, counterparties: ArrayLike) -> None:
        """Records interactions from two columns of agent handles (or two ints).

        Parameters
        ----------
        initiators, counterparties : array_like of int or int
            Agent handles (>= 0), one counterparty per initiator.
        """
        first = _handles("initiators", initiators)
        second = _handles("counterparties", counterparties)
        check_length("counterparties", second, first.shape[0], "one per initiator")
        _native.call(_native.lib.ae_sybil_lever_record, self.pointer, first.shape[0], _native.pointer(first),
                     _native.pointer(second))

    def detect(self, threads: int = 0) -> list[NDArray[np.int32]]:
        """Detects clusters over every recorded pattern.

        Parameters
        ----------
        threads : int, default 0
            Worker threads (0: the library's pool size).

        Returns
        -------
        list of numpy.ndarray of int32
            The clusters, as agent handles.
        """
        clusters, flagged = ctypes.c_int64(), ctypes.c_int64()
        threads = check_int32("threads", threads)
        # Detection and the read of its clusters as one step: another thread's detection in
        # between would change the sizes this read is made for.
        with self._lock:
            _native.call(_native.lib.ae_sybil_lever_detect, self.pointer, threads, ctypes.byref(clusters),
                         ctypes.byref(flagged))
            self._sizes = (clusters.value, flagged.value)
            return self._read_clusters()

    def clusters(self) -> list[NDArray[np.int32]]:
        """The last detection's clusters.

        Returns
        -------
        list of numpy.ndarray of int32
            The clusters, as agent handles (each agent is in at most one).
        """
        with self._lock:
            return self._read_clusters()

    def _read_clusters(self) -> list[NDArray[np.int32]]:
        cluster_count, member_count = self._sizes
        members, offsets = np.empty(member_count, np.int32), np.empty(cluster_count + 1, np.int64)
        count = ctypes.c_int64()
        _native.call(_native.lib.ae_sybil_lever_clusters, self.pointer, _native.pointer(members), member_count,
                     _native.pointer(offsets), offsets.shape[0], ctypes.byref(count))
        return [members[offsets[k]:offsets[k + 1]].copy() for k in range(count.value)]

    def is_flagged(self, agent: int) -> FlagStatus:
        """Whether an agent is in a cluster of the last detection.

        Parameters
        ----------
        agent : int
            The agent's handle.

        Returns
        -------
        FlagStatus
            Whether it is flagged, and its cluster's size (unpacks as ``(flagged, size)``).
        """
        flagged, size = ctypes.c_int32(), ctypes.c_int64()
        _native.call(_native.lib.ae_sybil_lever_is_flagged, self.pointer, check_int32("agent", agent),
                     ctypes.byref(flagged), ctypes.byref(size))
        return FlagStatus(bool(flagged.value), int(size.value))

    def clear(self) -> None:
        """Forgets the patterns and the last detection."""
        with self._lock:
            _native.call(_native.lib.ae_sybil_lever_clear, self.pointer)
            self._sizes = (0, 0)


class Registry(_native.Handle):
    """Identities on agent handles with the reference's creation rules, credentials with
    expiry, trust scores and Sybil detection at the registry's threshold.

    Parameters
    ----------
    identity_creation_cost : float, default 10.0
        Cost of an identity, >= 0 (SWARM's ``IdentityConfig`` bound).
    proof_of_personhood_required : bool, default False
        Refuse identities without proof of personhood.
    credential_expiry_epochs : int, default 50
        Epochs a credential lasts, >= 1 (SWARM's bound).
    sybil_detection_enabled : bool, default True
        Whether `detect_sybils` finds clusters.
    max_identities_per_entity : int, default 1
        Identities one entity may create, >= 1 (SWARM's bound).
    behavioral_similarity_threshold : float, default 0.8
        The Sybil threshold, in [0, 1] (SWARM's bound).

    Raises
    ------
    TypeError, ValueError
        Naming the field, for a value of the wrong kind or outside SWARM's range.

    Examples
    --------
    >>> from agent_economies import identity
    >>> registry = identity.Registry(max_identities_per_entity=1)
    >>> registry.create_identity(1, entity=7), registry.create_identity(2, entity=7)
    (0.3, None)
    >>> registry.add_credential(1, issued_epoch=0)
    0
    >>> registry.trust_scores(epoch=5).scores.tolist()
    [0.4]
    >>> identity.Registry(behavioral_similarity_threshold=1.5)
    Traceback (most recent call last):
    ...
    ValueError: behavioral_similarity_threshold: must be in [0, 1], got 1.5
    """

    _destroy = "ae_identity_registry_destroy"

    def __init__(self, *, identity_creation_cost: float = 10.0, proof_of_personhood_required: bool = False,
                 credential_expiry_epochs: int = 50, sybil_detection_enabled: bool = True,
                 max_identities_per_entity: int = 1, behavioral_similarity_threshold: float = 0.8) -> None:
        self._expiry = check_int32("credential_expiry_epochs", credential_expiry_epochs, low=1)
        options = _native.IdentityOptions(
            ctypes.sizeof(_native.IdentityOptions), check_nonnegative("identity_creation_cost", identity_creation_cost),
            1 if proof_of_personhood_required else 0, self._expiry, 1 if sybil_detection_enabled else 0,
            check_int32("max_identities_per_entity", max_identities_per_entity, low=1),
            check_fraction("behavioral_similarity_threshold", behavioral_similarity_threshold))
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_identity_registry_create, ctypes.byref(options), ctypes.byref(pointer))
        super().__init__(pointer)

    def create_identity(self, agent: int, entity: Optional[int] = None, proof_of_personhood: bool = False,
                        epoch: int = 0) -> Optional[float]:
        """Creates an agent's identity.

        Parameters
        ----------
        agent : int
            The agent's handle.
        entity : int, optional
            The entity behind the agent (identities per entity are limited).
        proof_of_personhood : bool, default False
            Whether the identity has proof of personhood.
        epoch : int, default 0
            The creation epoch.

        Returns
        -------
        float or None
            The new identity's trust score, or None when refused.
        """
        created, trust = ctypes.c_int32(), ctypes.c_double()
        _native.call(_native.lib.ae_identity_registry_create_identity, self.pointer, check_int32("agent", agent),
                     -1 if entity is None else check_int("entity", entity), 1 if proof_of_personhood else 0,
                     check_int("epoch", epoch), ctypes.byref(created), ctypes.byref(trust))
        return float(trust.value) if created.value else None

    def add_credential(self, agent: int, issued_epoch: int) -> int:
        """Attaches a credential to an agent's identity.

        Parameters
        ----------
        agent : int
            The agent's handle (it must have an identity).
        issued_epoch : int
            The epoch of issue; the credential expires `credential_expiry_epochs` later.

        Returns
        -------
        int
            The credential's handle.
        """
        handle = ctypes.c_int64()
        agent = check_int32("agent", agent)
        # The credential expires at issued + credential_expiry_epochs, which must fit in 64 bits.
        issued_epoch = check_int("issued_epoch", issued_epoch, high=INT64_MAX - max(self._expiry, 0))
        _native.call(_native.lib.ae_identity_registry_add_credential, self.pointer, agent, issued_epoch,
                     ctypes.byref(handle))
        return int(handle.value)

    def revoke_credential(self, credential: int) -> None:
        """Revokes a credential.

        Parameters
        ----------
        credential : int
            The credential's handle.
        """
        _native.call(_native.lib.ae_identity_registry_revoke_credential, self.pointer,
                     check_int("credential", credential))

    def trust_scores(self, epoch: int = 0) -> TrustScores:
        """Every identity's trust score.

        Parameters
        ----------
        epoch : int, default 0
            The epoch at which credentials are checked for expiry.

        Returns
        -------
        TrustScores
            Agents and scores in creation order, and the proof-of-personhood rate.
        """
        epoch = check_int("epoch", epoch)
        count, rate = ctypes.c_int64(), ctypes.c_double()
        error = _native.error_buffer()
        status = _native.lib.ae_identity_registry_trust_scores(self.pointer, epoch, 0, None, None,
                                                                ctypes.byref(count), ctypes.byref(rate), error,
                                                                len(error))
        if status not in (_native.OK, _native.ERROR_CAPACITY):
            _native.check(status, error)
        agents, scores = np.empty(count.value, np.int32), np.empty(count.value, np.float64)
        _native.call(_native.lib.ae_identity_registry_trust_scores, self.pointer, epoch, count.value,
                     _native.pointer(agents), _native.pointer(scores), ctypes.byref(count), ctypes.byref(rate))
        return TrustScores(agents, scores, float(rate.value))

    def detect_sybils(self, indptr: CSRInput, indices: Optional[ArrayLike] = None,
                      counts: Optional[ArrayLike] = None, *, columns: Optional[int] = None,
                      threads: int = 0) -> list[NDArray[np.int64]]:
        """Clusters of patterns at the registry's threshold (none when detection is disabled).

        Parameters
        ----------
        indptr : array_like of int, scipy sparse matrix, or Patterns
            The patterns' row offsets, or the whole matrix (as in `sybil_clusters`).
        indices : array_like of int, optional
            Counterparty columns.
        counts : array_like of float, optional
            Interaction counts.
        columns : int, optional
            The column count (default: largest index + 1).
        threads : int, default 0
            Worker threads (0: the library's pool size).

        Returns
        -------
        list of numpy.ndarray of int64
            The clusters, as row indices.
        """
        offsets, keys, values, rows, width = _csr(indptr, indices, counts, columns)
        members, cluster_offsets = np.empty(rows, np.int64), np.empty(rows + 1, np.int64)
        count = ctypes.c_int64()
        threads = check_int32("threads", threads)
        _native.call(_native.lib.ae_identity_registry_detect_sybils, self.pointer, rows, width,
                     _native.pointer(offsets), _native.pointer(keys), _native.pointer(values), threads,
                     _native.pointer(members), _native.pointer(cluster_offsets), ctypes.byref(count))
        return [members[cluster_offsets[k]:cluster_offsets[k + 1]].copy() for k in range(count.value)]
