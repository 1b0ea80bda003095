"""AE_ERROR_OUT_OF_MEMORY: work sized by a count, not by arrays the caller holds, is refused
before the library allocates it (an allocation failure would stop the interpreter)."""

import numpy as np
import pytest

from agent_economies import AgentEconomiesError, identity, simulation

ERROR_OUT_OF_MEMORY = 11


def test_dense_similarity_path_too_large_for_memory():
    # Three rows, each with one counterparty numbered 2^31 - 2: the dense path's matrix would
    # hold 3 x (2^31 - 1) doubles (48 GiB); the sparse path needs a few bytes.
    indptr = np.array([0, 1, 2, 3], dtype=np.int64)
    indices = np.full(3, 2**31 - 2, dtype=np.int32)
    counts = np.ones(3)
    with pytest.raises(AgentEconomiesError, match=r"dense path's 3 x 2147483647 pattern matrix: about [0-9.]+ GiB") as caught:
        identity.sybil_clusters(indptr, indices, counts, path="dense")
    assert caught.value.status == ERROR_OUT_OF_MEMORY
    sparse = identity.sybil_clusters(indptr, indices, counts, path="sparse")
    assert sparse is not None


def test_simulation_too_large_for_memory():
    with pytest.raises(AgentEconomiesError, match=r"the scenario's 1000000000000 agents: about") as caught:
        simulation.Simulation({"agents": 10**12})
    assert caught.value.status == ERROR_OUT_OF_MEMORY
    with pytest.raises(AgentEconomiesError) as caught:
        simulation.sweep({"agents": 300}, vary={"agents": [300, 10**12]})
    assert caught.value.status == ERROR_OUT_OF_MEMORY


def test_sparse_path_memory_does_not_grow_with_the_column_number():
    # The same three rows on the sparse path: validating the CSR kept a marker per column
    # (16 GiB and 43 s for this input); it now sorts each row's columns when the columns
    # outnumber the entries.
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    indptr = np.array([0, 2, 3, 4], dtype=np.int64)
    indices = np.array([2**31 - 2, 7, 2**31 - 2, 2**31 - 2], dtype=np.int32)
    result = identity.sybil_clusters(indptr, indices, np.ones(4), path="sparse", threshold=0.5)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 1024 * 1024, f"peak RSS grew by {grown_kib} KiB"
    assert result is not None
