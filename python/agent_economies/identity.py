"""Sybil detection on interaction patterns in CSR form (rows are agents, columns
counterparties, values interaction counts)."""

import ctypes

import numpy as np

from . import _native

_METRICS = {"combined": 0, "cosine": 1, "jaccard": 2}
_CLUSTERINGS = {"greedy": 0, "connected_components": 1}
_PATHS = {"automatic": 0, "dense": 1, "sparse": 2}


def _option(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return choices[value]


def _csr(indptr, indices, counts, columns):
    offsets = _native.as_array(indptr, np.int64, "indptr", 1)
    keys = _native.as_array(indices, np.int32, "indices", 1)
    values = _native.as_array(counts, np.float64, "counts", 1)
    if offsets.shape[0] < 1:
        raise ValueError("indptr must have at least one entry (rows + 1), got 0")
    if offsets[-1] != keys.shape[0] or keys.shape[0] != values.shape[0]:
        raise ValueError(
            f"indptr[-1] ({offsets[-1]}), len(indices) ({keys.shape[0]}) and len(counts) ({values.shape[0]}) "
            "must be equal"
        )
    if columns is None:
        columns = int(keys.max()) + 1 if keys.size else 0
    return offsets, keys, values, offsets.shape[0] - 1, columns


def patterns_to_csr(patterns):
    """CSR arrays (indptr, indices, counts) and the row IDs of a reference-style pattern
    dict `{agent_id: {counterparty_id: count}}`; rows keep the dict's order, counterparties
    are numbered in order of first sight."""
    column_of = {}
    indptr = np.zeros(len(patterns) + 1, dtype=np.int64)
    indices, counts = [], []
    for row, pattern in enumerate(patterns.values()):
        for key, count in pattern.items():
            column = column_of.get(key)
            if column is None:
                column = column_of[key] = len(column_of)
            indices.append(column)
            counts.append(count)
        indptr[row + 1] = len(indices)
    return (indptr, np.asarray(indices, dtype=np.int32), np.asarray(counts, dtype=np.float64),
            list(patterns.keys()))


def similar_pairs(indptr, indices, counts, *, threshold=0.8, metric="combined", path="automatic", columns=None,
                  threads=0):
    """Every pair (a < b) of rows scoring at least `threshold`, in order of a then b:
    (first, second, scores) arrays. Same input rules as `sybil_clusters`."""
    offsets, keys, values, rows, columns = _csr(indptr, indices, counts, columns)
    capacity = max(rows, 1024)
    while True:
        first, second = np.empty(capacity, np.int64), np.empty(capacity, np.int64)
        scores = np.empty(capacity, np.float64)
        count = ctypes.c_int64(0)
        error = _native.error_buffer()
        status = _native.lib.ae_similar_pairs(
            rows, int(columns), _native.pointer(offsets), _native.pointer(keys), _native.pointer(values),
            float(threshold), _option("metric", metric, _METRICS), _option("path", path, _PATHS), int(threads),
            capacity, _native.pointer(first), _native.pointer(second), _native.pointer(scores), ctypes.byref(count),
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
    index + 1. With the greedy rule (the reference's) each cluster lists its seed row first
    and the clusters come in the reference's discovery order; with connected components each
    cluster is ascending. Returns a list of int64 arrays of row indices.

    Exact for every path (dense GEMM tiles or the prefix-filtered sparse join): both decide
    every pair with the canonical score. Raises TypeError or ValueError naming the field for
    bad input (an indptr that is not monotonic or points past the data, out-of-range
    columns, NaN counts, unknown options).
    """
    offsets, keys, values, rows, columns = _csr(indptr, indices, counts, columns)
    threshold = float(threshold)
    members = np.empty(rows, dtype=np.int64)
    cluster_offsets = np.empty(rows + 1, dtype=np.int64)
    count = ctypes.c_int64(0)
    pairs = ctypes.c_int64(0)
    error = _native.error_buffer()
    status = _native.lib.ae_sybil_clusters(
        rows, int(columns), _native.pointer(offsets), _native.pointer(keys), _native.pointer(values), threshold,
        _option("metric", metric, _METRICS), _option("clustering", clustering, _CLUSTERINGS),
        _option("path", path, _PATHS), int(threads), _native.pointer(members), _native.pointer(cluster_offsets),
        ctypes.byref(count), ctypes.byref(pairs), error, len(error),
    )
    _native.check(status, error)
    return [members[cluster_offsets[k]:cluster_offsets[k + 1]].copy() for k in range(count.value)]
