"""Sybil detection on interaction patterns in CSR form (rows are agents, columns
counterparties, values interaction counts)."""

import ctypes
import threading
import numbers
from collections.abc import Mapping

import numpy as np

from . import _native
from ._checks import (INT32_MAX, INT64_MAX, as_array, as_float_array, check_count, check_csr, check_float, check_int,
                      check_int32, check_length, check_mapping, check_option, check_unique_in_rows, describe)

_METRICS = {"combined": 0, "cosine": 1, "jaccard": 2}
_CLUSTERINGS = {"greedy": 0, "connected_components": 1}
_PATHS = {"automatic": 0, "dense": 1, "sparse": 2}


_option = check_option


def _handles(name, value):
    """A column of agent handles (int32) from an array or one int."""
    if value is None:
        raise TypeError(f"{name}: expected agent handles (ints), got None")
    return as_array(np.atleast_1d(value), np.int32, name, 1)


def _csr(indptr, indices, counts, columns):
    """Checked CSR arrays, the row count and the column count to pass to the library: the
    width the data spans (largest index + 1), since columns past it hold no entries and change
    no score, and the library's memory grows with the width it is given."""
    offsets = as_array(indptr, np.int64, "indptr", 1)
    keys = as_array(indices, np.int32, "indices", 1)
    values = as_float_array("counts", counts, 1, allow_nan=False)
    columns = None if columns is None else check_count("columns", columns, INT32_MAX)
    check_csr("indptr", offsets, "indices", keys, n_cols=columns)
    check_length("counts", values, keys.shape[0], "one per index")
    spanned = int(keys.max()) + 1 if keys.size else 0
    check_unique_in_rows(offsets, keys, spanned)
    return offsets, keys, values, offsets.shape[0] - 1, spanned


def patterns_to_csr(patterns):
    """CSR arrays (indptr, indices, counts) and the row IDs of a reference-style pattern
    dict `{agent_id: {counterparty_id: count}}`; rows keep the dict's order, counterparties
    are numbered in order of first sight."""
    check_mapping("patterns", patterns, "a dict {agent: {counterparty: count}}")
    column_of = {}
    indptr = np.zeros(len(patterns) + 1, dtype=np.int64)
    indices, counts = [], []
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
    column = np.asarray(counts)
    if column.dtype.kind in "biuf":
        column = column.astype(np.float64)
    else:
        for agent, pattern in patterns.items():
            for key, count in pattern.items():
                if not isinstance(count, (numbers.Real, np.number)):
                    raise TypeError(f"patterns[{agent!r}][{key!r}]: expected a count (a number), got {describe(count)}")
        column = np.asarray(counts, dtype=np.float64)
    return indptr, np.asarray(indices, dtype=np.int32), column, list(patterns.keys())



def similar_pairs(indptr, indices, counts, *, threshold=0.8, metric="combined", path="automatic", columns=None,
                  threads=0):
    """Every pair (a < b) of rows scoring at least `threshold`, in order of a then b:
    (first, second, scores) arrays. Same input rules as `sybil_clusters`."""
    offsets, keys, values, rows, columns = _csr(indptr, indices, counts, columns)
    threshold = check_float("threshold", threshold)
    metric, path = _option("metric", metric, _METRICS), _option("path", path, _PATHS)
    threads = check_int32("threads", threads)
    capacity = max(rows, 1024)
    while True:
        first, second = np.empty(capacity, np.int64), np.empty(capacity, np.int64)
        scores = np.empty(capacity, np.float64)
        count = ctypes.c_int64(0)
        error = _native.error_buffer()
        status = _native.lib.ae_similar_pairs(
            rows, columns, _native.pointer(offsets), _native.pointer(keys), _native.pointer(values), threshold,
            metric, path, threads, capacity, _native.pointer(first), _native.pointer(second), _native.pointer(scores),
            ctypes.byref(count),
            error, len(error))
        if status == _native.ERROR_CAPACITY:
            capacity = count.value
            continue
        _native.check(status, error)
        k = count.value
        return first[:k].copy(), second[:k].copy(), scores[:k].copy()


def sybil_clusters(indptr, indices, counts, *, threshold=0.8, metric="combined", clustering="greedy",
                   path="automatic", columns=None, threads=0):
    """Clusters of agents whose patterns are at least `threshold` similar.

    `indptr` (rows + 1 offsets, int64), `indices` (counterparty columns, int32, unique
    within a row) and `counts` (finite) are a CSR matrix; `columns` defaults to the largest
    index + 1 (a larger value only widens the range the indices are checked against: empty
    columns change no score). With the greedy rule (the reference's) each cluster lists its seed row first
    and the clusters come in the reference's discovery order; with connected components each
    cluster is ascending. Returns a list of int64 arrays of row indices.

    Exact for every path (dense GEMM tiles or the prefix-filtered sparse join): both decide
    every pair with the canonical score. Raises TypeError or ValueError naming the field for
    bad input (an indptr that is not monotonic or points past the data, out-of-range
    columns, repeated columns in a row, NaN counts, unknown options, wrong types).
    """
    offsets, keys, values, rows, columns = _csr(indptr, indices, counts, columns)
    threshold = check_float("threshold", threshold)
    options = (_option("metric", metric, _METRICS), _option("clustering", clustering, _CLUSTERINGS),
               _option("path", path, _PATHS), check_int32("threads", threads))
    members = np.empty(rows, dtype=np.int64)
    cluster_offsets = np.empty(rows + 1, dtype=np.int64)
    count = ctypes.c_int64(0)
    pairs = ctypes.c_int64(0)
    error = _native.error_buffer()
    status = _native.lib.ae_sybil_clusters(
        rows, columns, _native.pointer(offsets), _native.pointer(keys), _native.pointer(values), threshold,
        *options, _native.pointer(members), _native.pointer(cluster_offsets),
        ctypes.byref(count), ctypes.byref(pairs), error, len(error),
    )
    _native.check(status, error)
    return [members[cluster_offsets[k]:cluster_offsets[k + 1]].copy() for k in range(count.value)]


class SybilLever(_native.Handle):
    """The Sybil lever on agent handles: record interactions as they happen (each adds to both
    parties' counts), detect clusters on demand. Rows are visited in order of first
    appearance, as the reference's lever does."""

    _destroy = "ae_sybil_lever_destroy"

    def __init__(self, threshold=0.8, *, metric="combined", clustering="greedy", path="automatic"):
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_sybil_lever_create, check_float("threshold", threshold),
                     _option("metric", metric, _METRICS),
                     _option("clustering", clustering, _CLUSTERINGS), _option("path", path, _PATHS),
                     ctypes.byref(pointer))
        super().__init__(pointer)
        self._lock = threading.Lock()
        self._sizes = (0, 0)

    def record(self, initiators, counterparties):
        """Records interactions from two columns of agent handles (or two ints)."""
        first = _handles("initiators", initiators)
        second = _handles("counterparties", counterparties)
        check_length("counterparties", second, first.shape[0], "one per initiator")
        _native.call(_native.lib.ae_sybil_lever_record, self.pointer, first.shape[0], _native.pointer(first),
                     _native.pointer(second))

    def detect(self, threads=0):
        """Detects clusters over every recorded pattern; returns them as int32 arrays of agent handles."""
        clusters, flagged = ctypes.c_int64(), ctypes.c_int64()
        threads = check_int32("threads", threads)
        # Detection and the read of its clusters as one step: another thread's detection in
        # between would change the sizes this read is made for.
        with self._lock:
            _native.call(_native.lib.ae_sybil_lever_detect, self.pointer, threads, ctypes.byref(clusters),
                         ctypes.byref(flagged))
            self._sizes = (clusters.value, flagged.value)
            return self._read_clusters()

    def clusters(self):
        """The last detection's clusters (each agent is in at most one)."""
        with self._lock:
            return self._read_clusters()

    def _read_clusters(self):
        cluster_count, member_count = self._sizes
        members, offsets = np.empty(member_count, np.int32), np.empty(cluster_count + 1, np.int64)
        count = ctypes.c_int64()
        _native.call(_native.lib.ae_sybil_lever_clusters, self.pointer, _native.pointer(members), member_count,
                     _native.pointer(offsets), offsets.shape[0], ctypes.byref(count))
        return [members[offsets[k]:offsets[k + 1]].copy() for k in range(count.value)]

    def is_flagged(self, agent):
        """(flagged, cluster size) of an agent handle after the last detection."""
        flagged, size = ctypes.c_int32(), ctypes.c_int64()
        _native.call(_native.lib.ae_sybil_lever_is_flagged, self.pointer, check_int32("agent", agent),
                     ctypes.byref(flagged),
                     ctypes.byref(size))
        return bool(flagged.value), size.value

    def clear(self):
        """Forgets the patterns and the last detection."""
        with self._lock:
            _native.call(_native.lib.ae_sybil_lever_clear, self.pointer)
            self._sizes = (0, 0)


class Registry(_native.Handle):
    """Identities on agent handles with the reference's creation rules, credentials with
    expiry, trust scores and Sybil detection at the registry's threshold."""

    _destroy = "ae_identity_registry_destroy"

    def __init__(self, *, identity_creation_cost=10.0, proof_of_personhood_required=False,
                 credential_expiry_epochs=50, sybil_detection_enabled=True, max_identities_per_entity=1,
                 behavioral_similarity_threshold=0.8):
        self._expiry = check_int32("credential_expiry_epochs", credential_expiry_epochs)
        options = _native.IdentityOptions(
            ctypes.sizeof(_native.IdentityOptions), check_float("identity_creation_cost", identity_creation_cost), 1 if proof_of_personhood_required else 0,
            self._expiry, 1 if sybil_detection_enabled else 0,
            check_int32("max_identities_per_entity", max_identities_per_entity),
            check_float("behavioral_similarity_threshold", behavioral_similarity_threshold))
        pointer = ctypes.c_void_p()
        _native.call(_native.lib.ae_identity_registry_create, ctypes.byref(options), ctypes.byref(pointer))
        super().__init__(pointer)

    def create_identity(self, agent, entity=None, proof_of_personhood=False, epoch=0):
        """The new identity's trust score, or None when refused."""
        created, trust = ctypes.c_int32(), ctypes.c_double()
        _native.call(_native.lib.ae_identity_registry_create_identity, self.pointer, check_int32("agent", agent),
                     -1 if entity is None else check_int("entity", entity), 1 if proof_of_personhood else 0,
                     check_int("epoch", epoch),
                     ctypes.byref(created), ctypes.byref(trust))
        return trust.value if created.value else None

    def add_credential(self, agent, issued_epoch):
        """Attaches a credential to an agent's identity; returns its handle."""
        handle = ctypes.c_int64()
        agent = check_int32("agent", agent)
        # The credential expires at issued + credential_expiry_epochs, which must fit in 64 bits.
        issued_epoch = check_int("issued_epoch", issued_epoch, high=INT64_MAX - max(self._expiry, 0))
        _native.call(_native.lib.ae_identity_registry_add_credential, self.pointer, agent, issued_epoch,
                     ctypes.byref(handle))
        return handle.value

    def revoke_credential(self, credential):
        """Revokes a credential by handle."""
        _native.call(_native.lib.ae_identity_registry_revoke_credential, self.pointer,
                     check_int("credential", credential))

    def trust_scores(self, epoch=0):
        """(agents, trust scores at `epoch`, proof-of-personhood rate), in creation order."""
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
        return agents, scores, rate.value

    def detect_sybils(self, indptr, indices, counts, *, columns=None, threads=0):
        """Clusters of CSR patterns at the registry's threshold (none when detection is disabled)."""
        offsets, keys, values, rows, columns = _csr(indptr, indices, counts, columns)
        members, cluster_offsets = np.empty(rows, np.int64), np.empty(rows + 1, np.int64)
        count = ctypes.c_int64()
        threads = check_int32("threads", threads)
        _native.call(_native.lib.ae_identity_registry_detect_sybils, self.pointer, rows, columns,
                     _native.pointer(offsets), _native.pointer(keys), _native.pointer(values), threads,
                     _native.pointer(members), _native.pointer(cluster_offsets), ctypes.byref(count))
        return [members[cluster_offsets[k]:cluster_offsets[k + 1]].copy() for k in range(count.value)]
