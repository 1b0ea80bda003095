"""The numpy Sybil API: the reference's clusters on its fixtures, every path and rule, and
validation of CSR input."""

import json
from pathlib import Path

import numpy as np
import pytest

from agent_economies import identity

FIXTURES = Path(__file__).resolve().parents[2] / "Tests" / "Fixtures"


def csr(rows):
    """rows: list of {column: count} dictionaries -> (indptr, indices, counts)."""
    indptr, indices, counts = [0], [], []
    for row in rows:
        for column, count in row.items():
            indices.append(column)
            counts.append(count)
        indptr.append(len(indices))
    return np.array(indptr, dtype=np.int64), np.array(indices, dtype=np.int32), np.array(counts, dtype=np.float64)


def test_quick_start_pattern():
    indptr, indices, counts = csr([{0: 10, 1: 5}, {0: 10, 1: 5}, {2: 8, 3: 3}])
    # Identical patterns score (1 + sum of squared shares) / 2 = 0.78: not a cluster at the
    # reference's 0.8, a cluster at 0.75.
    assert identity.sybil_clusters(indptr, indices, counts, threshold=0.8) == []
    clusters = identity.sybil_clusters(indptr, indices, counts, threshold=0.75)
    assert [c.tolist() for c in clusters] == [[0, 1]]


def planted(agents=600, features=40, seed=1):
    """Random patterns of 8 keys, and one planted group of 4 agents per 60: each member
    sends most of its interactions to one target (the collusion the detector looks for),
    with the counts perturbed by one."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(agents):
        keys = rng.choice(features, size=8, replace=False)
        rows.append({int(k): float(rng.integers(1, 9)) for k in keys})
    for group in range(agents // 60):
        keys = rng.choice(features, size=8, replace=False)
        template = {int(k): (200.0 if index == 0 else float(rng.integers(1, 4))) for index, k in enumerate(keys)}
        for member in range(4):
            rows[group * 50 + member] = {k: v + (member % 2) for k, v in template.items()}
    return csr(rows)


@pytest.mark.parametrize("metric", ["combined", "cosine", "jaccard"])
@pytest.mark.parametrize("clustering", ["greedy", "connected_components"])
def test_dense_and_sparse_paths_agree(metric, clustering):
    indptr, indices, counts = planted()
    dense = identity.sybil_clusters(indptr, indices, counts, metric=metric, clustering=clustering, path="dense")
    sparse = identity.sybil_clusters(indptr, indices, counts, metric=metric, clustering=clustering, path="sparse")
    assert [c.tolist() for c in dense] == [c.tolist() for c in sparse]
    assert len(dense) >= 10


def test_brute_force_greedy_rule():
    indptr, indices, counts = planted(agents=120, seed=4)
    rows = [dict(zip(indices[indptr[i]:indptr[i + 1]].tolist(), counts[indptr[i]:indptr[i + 1]].tolist()))
            for i in range(120)]

    def score(a, b):
        # The reference's combined score: Jaccard of the key sets averaged with the sum over
        # shared keys of the normalised counts' products (Jaccard alone without shared keys).
        if not a or not b:
            return 0.0
        shared = sorted(set(a) & set(b))
        jaccard = len(shared) / len(set(a) | set(b))
        total_a = sum(a[k] for k in shared)
        total_b = sum(b[k] for k in shared)
        if not shared or not total_a > 0 or not total_b > 0:
            return jaccard
        frequency = sum((a[k] / total_a) * (b[k] / total_b) for k in shared)
        return (jaccard + frequency) / 2

    # The reference's greedy rule: visit rows in order, take every later unvisited row at or
    # above the threshold.
    visited, expected = set(), []
    for a in range(120):
        if a in visited:
            continue
        members = [a] + [b for b in range(a + 1, 120) if b not in visited and score(rows[a], rows[b]) >= 0.8]
        if len(members) > 1:
            visited.update(members)
            expected.append(members)
    found = identity.sybil_clusters(indptr, indices, counts, threshold=0.8)
    assert [c.tolist() for c in found] == expected


@pytest.mark.parametrize("arguments, error, words", [
    (dict(indptr=np.array([0, 2, 1, 6])), ValueError, "indptr"),
    (dict(indptr=np.array([0, 2, 4, 9])), ValueError, "indptr"),
    (dict(indices=np.array([0, 1, 0, -1, 2, 3])), ValueError, "column"),
    (dict(counts=np.array([1, 2, np.nan, 4, 5, 6.0])), ValueError, "values"),
    (dict(indices=None), TypeError, "indices"),
    (dict(metric="euclid"), ValueError, "metric"),
    (dict(clustering="kmeans"), ValueError, "clustering"),
    (dict(path="gpu"), ValueError, "path"),
    (dict(threshold=float("nan")), ValueError, "threshold"),
    (dict(indices=np.array([0, 1, 0, 1.5, 2, 3])), ValueError, "indices"),
])
def test_bad_csr_raises_naming_the_field(arguments, error, words):
    base = dict(indptr=np.array([0, 2, 4, 6]), indices=np.array([0, 1, 0, 1, 2, 3]),
                counts=np.array([10, 5, 10, 5, 8, 3.0]))
    options = {k: v for k, v in arguments.items() if k not in base}
    base.update({k: v for k, v in arguments.items() if k in base})
    with pytest.raises(error) as raised:
        identity.sybil_clusters(base["indptr"], base["indices"], base["counts"], **options)
    assert words in str(raised.value)


def test_empty_population():
    assert identity.sybil_clusters(np.array([0]), np.array([], dtype=np.int32), np.array([])) == []
