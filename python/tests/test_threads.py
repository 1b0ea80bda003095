"""One engine shared by 8 threads whose calls get different answers, each thread checking its
own. These are the regression tests of two races: `missions.Economy` sized `evaluate`'s output
from a Python list that concurrent proposals appended to out of order (a heap overflow), and
`hfn.Engine.submit` kept its out-parameters on the instance (threads read each other's
outcome and latency)."""

import copy
import math
import pickle
import threading

import numpy as np
import pytest

from agent_economies import hfn, identity, missions

THREADS = 8


def run_threads(worker, count=THREADS):
    """Runs worker(t) on `count` threads started together; re-raises the first failure."""
    barrier = threading.Barrier(count)
    failures = []

    def body(t):
        try:
            barrier.wait()
            worker(t)
        except BaseException as error:  # noqa: BLE001 (reported to the main thread)
            failures.append((t, error))

    threads = [threading.Thread(target=body, args=(t,)) for t in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        t, error = failures[0]
        raise AssertionError(f"thread {t}: {error!r}") from error


METRIC_NAMES = ["avg_p", "min_p", "total_count", "acceptance_rate", "total_welfare"]


def test_mission_economy_proposals_during_evaluations():
    # Thread t's missions have t % 5 + 1 objectives, so a buffer sized for another thread's
    # mission is too short; every thread proposes while the others evaluate.
    economy = missions.Economy(min_participants=1, max_active_missions=10**6)
    rounds = 60

    def worker(t):
        objectives = t % 5 + 1
        metrics = METRIC_NAMES[:objectives]
        targets = [-1e9] * objectives  # always met: every mission succeeds
        weights = [1.0 / objectives] * objectives
        agent = 100 + t
        rng = np.random.default_rng(t)
        for k in range(rounds):
            mission = economy.propose(t, metrics, targets, weights, 10.0, 1000)
            assert mission is not None
            assert economy.join(agent, mission)
            ids = np.arange(3) + 1000 * (t * rounds + k)
            for interaction in ids:
                assert economy.record(agent, mission, int(interaction))
            p = rng.uniform(0.05, 0.95, size=3)
            accepted = np.array([True, True, False])
            result = economy.evaluate(mission, ids, p, accepted, epoch=1)
            actuals = result.actuals
            assert actuals.shape == (objectives,)
            expected = [p.mean(), p.min(), 3.0, 2.0 / 3.0][:objectives]
            assert np.allclose(actuals[:len(expected)], expected, rtol=0, atol=1e-12), (actuals, expected)
            assert result.status == "succeeded"
            assert result.total_contributions == 3
            paid = economy.distribute(mission, ids, p, accepted).to_dict()
            assert list(paid) == [agent] and math.isclose(paid[agent], 10.0)

    run_threads(worker)
    assert len(economy.expire(10**6)) == 0  # every mission succeeded


def test_mission_economy_expire_reports_every_mission_while_others_propose():
    economy = missions.Economy(min_participants=5, max_active_missions=10**6)
    per_thread = 40
    expired = [[] for _ in range(THREADS)]
    proposed = [[] for _ in range(THREADS)]

    def worker(t):
        for k in range(per_thread):
            mission = economy.propose(t, ["avg_p"], [0.5], [1.0], 1.0, deadline_epoch=t)
            proposed[t].append(mission)
            if k % 10 == 9:
                expired[t].extend(economy.expire(THREADS))

    run_threads(worker)
    last = economy.expire(THREADS)
    reported = sorted(m for handles in expired for m in handles) + sorted(last)
    assert sorted(reported) == sorted(m for handles in proposed for m in handles)
    assert len(set(reported)) == len(reported)  # each reported once


def test_hfn_engine_threads_get_their_own_outcomes_and_latencies():
    # Thread t's orders: every third one NaN-priced (refused, not counted), the rest valid;
    # the first `limit` valid ones rest, the later ones are rate-limited. Latencies are
    # t * 1000 + noise in [0, 10), so a latency read from another thread's call shows.
    limit = 40
    engine = hfn.Engine(max_orders_per_tick=limit, batch_interval_ticks=10**6, latency_noise_ms=10.0, seed=5)
    engine.reserve(THREADS, 1)
    orders = 150

    def worker(t):
        valid = 0
        for k in range(orders):
            bad = (k + t) % 3 == 0
            price = float("nan") if bad else 1.0 + 0.01 * t
            kind = hfn.BID if t % 2 else hfn.ASK
            outcome, latency = engine.submit(t, 0, kind, 1.0, price, timestamp_ms=k, latency_ms=1000.0 * t)
            if bad:
                # The per-tick limit is checked before the values: past it, NaN is rate-limited.
                expected = hfn.REJECTED_NOT_FINITE if valid < limit else hfn.REJECTED_RATE_LIMITED
                assert outcome == expected and latency is None, (k, outcome, latency)
                continue
            valid += 1
            if valid <= limit:
                assert outcome == hfn.ACCEPTED, (k, outcome)
                assert 1000.0 * t <= latency < 1000.0 * t + 10.0, (k, latency)
            else:
                assert outcome == hfn.REJECTED_RATE_LIMITED and latency is None, (k, outcome, latency)

    run_threads(worker)
    assert engine.process_tick().orders_submitted == THREADS * limit


def test_hfn_engine_error_messages_stay_with_their_thread():
    engine = hfn.Engine(seed=1)
    engine.reserve(THREADS, 1)

    def worker(t):
        for _ in range(200):
            with pytest.raises(ValueError, match=f"agent.*{THREADS + t}|{THREADS + t}.*agent"):
                engine.submit(THREADS + t, 0, hfn.BID, 1.0, 1.0)

    run_threads(worker)


def test_sybil_lever_detections_from_threads_read_whole_answers():
    # Threads record their own rings of 3 identical patterns and detect concurrently; every
    # detection is read whole (one consistent set of clusters) and holds the thread's ring
    # once it is recorded.
    lever = identity.SybilLever(threshold=0.9)

    def worker(t):
        ring = [10 * t + 1, 10 * t + 2, 10 * t + 3]
        target = 10 * THREADS + 100 + t
        for member in ring:
            lever.record([member] * 5, [target] * 5)
        for _ in range(20):
            clusters = lever.detect(threads=1)
            found = [sorted(c.tolist()) for c in clusters]
            assert ring in found, (ring, found)
            members = [a for c in found for a in c]
            assert len(members) == len(set(members))

    run_threads(worker)


@pytest.mark.parametrize("make", [
    lambda: hfn.Engine(seed=1),
    lambda: missions.Economy(),
    lambda: identity.SybilLever(),
])
def test_handles_refuse_copies_and_close_as_context_managers(make):
    engine = make()
    for attempt in (copy.copy, copy.deepcopy, pickle.dumps):
        with pytest.raises(TypeError, match="cannot be copied"):
            attempt(engine)
    assert "handle 0x" in repr(engine)
    with engine as same:
        assert same is engine
    assert "closed" in repr(engine)
    engine.close()  # idempotent
