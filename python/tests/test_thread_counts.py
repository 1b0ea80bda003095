"""Thread counts from Python: set_num_threads / get_num_threads for the library's pool and its
OpenBLAS, threadpoolctl's limits, and results that do not depend on either."""

import numpy as np
import pytest

import agent_economies
from agent_economies import _native, auction


def market(seed):
    rng = np.random.default_rng(seed)
    return rng.random((400, 12)) * 10, rng.random(400) * 100, rng.random(12) * 50 + 10


def test_set_and_get_cover_both_pools_and_reset():
    before = agent_economies.get_num_threads()
    try:
        agent_economies.set_num_threads(3)
        assert agent_economies.get_num_threads() == 3
        assert _native.lib.ae_blas_get_num_threads() == 3
        agent_economies.set_num_threads(None)
        assert agent_economies.get_num_threads() == before
    finally:
        agent_economies.set_num_threads(None)
    for bad in (0, -2):
        with pytest.raises(ValueError, match="threads"):
            agent_economies.set_num_threads(bad)
    with pytest.raises(TypeError, match="threads"):
        agent_economies.set_num_threads(1.5)


def test_results_do_not_depend_on_the_thread_count():
    valuations, budgets, supplies = market(4)
    answers = []
    for threads in (1, 2, 5):
        agent_economies.set_num_threads(threads)
        answers.append(auction.run_market(valuations, budgets, supplies))
    agent_economies.set_num_threads(None)
    first = answers[0]
    for other in answers[1:]:
        assert np.array_equal(first.prices, other.prices) and np.array_equal(first.utilities, other.utilities)


def test_threadpoolctl_limits_the_library_pool():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    if not hasattr(threadpoolctl, "register"):
        pytest.skip("threadpoolctl without register()")
    info = [entry for entry in threadpoolctl.threadpool_info() if entry["user_api"] == "agent_economies"]
    assert len(info) == 1 and info[0]["version"] == agent_economies.__version__
    before = agent_economies.get_num_threads()
    with threadpoolctl.threadpool_limits(limits=1):
        assert agent_economies.get_num_threads() == 1
    assert agent_economies.get_num_threads() == before
    with threadpoolctl.threadpool_limits(limits=2, user_api="agent_economies"):
        assert agent_economies.get_num_threads() == 2
    assert agent_economies.get_num_threads() == before


def test_one_version_for_the_package_and_the_library():
    from importlib import metadata

    try:
        installed = metadata.version("agent-economies")
    except metadata.PackageNotFoundError:
        pytest.skip("the package is not installed (run from a source tree)")
    assert installed == agent_economies.__version__
