"""The engine handles from Python: HFN engine, crash detector, permeability model, missions,
similar pairs; errors, stale handles and threads."""

import random
import threading

import numpy as np
import pytest

from agent_economies import hfn, identity, missions, permeability
from agent_economies._native import AgentEconomiesError


def test_hfn_engine_trades_and_reports():
    engine = hfn.Engine(batch_interval_ticks=1, seed=42)
    engine.reserve(2, 1)
    assert engine.submit(0, 0, hfn.BID, 2.0, 1.1)[0] == hfn.ACCEPTED
    assert engine.submit(1, 0, hfn.ASK, 1.0, 0.9)[0] == hfn.ACCEPTED
    assert engine.submit(1, 0, hfn.ASK, 0.0, 0.9)[0] == hfn.REJECTED_QUANTITY
    tick = engine.process_tick()
    assert (tick.tick_number, tick.orders_executed, tick.orders_submitted) == (1, 1, 2)
    trades = engine.trades()
    assert trades.buyers.tolist() == [0] and trades.sellers.tolist() == [1] and trades.quantities.tolist() == [1.0]
    assert engine.state().resting_bids == 1
    assert engine.speed_gini() == 0.0


def test_hfn_latency_is_cpythons_stream():
    engine = hfn.Engine(seed=7)
    engine.reserve(1, 1)
    stream = random.Random(7)
    for _ in range(5):
        outcome, latency = engine.submit(0, 0, hfn.BID, 1.0, 1.0, 0.0, 2.0)
        assert latency == 2.0 + stream.uniform(0, 10.0)


def test_hfn_batch_matches_single_orders():
    rng = np.random.default_rng(3)
    n = 500
    agents = rng.integers(0, 20, n).astype(np.int32)
    kinds = rng.integers(0, 4, n).astype(np.int32)
    quantities, prices = rng.uniform(-0.5, 3, n), rng.uniform(0.5, 1.5, n)
    one, batch = hfn.Engine(seed=1), hfn.Engine(seed=1)
    for engine in (one, batch):
        engine.reserve(20, 1)
    singles = [one.submit(int(a), 0, int(k), float(q), float(p))[0] for a, k, q, p in zip(agents, kinds, quantities,
                                                                                            prices)]
    outcomes, _ = batch.submit_batch(agents, np.zeros(n, np.int64), kinds, quantities, prices)
    assert outcomes.tolist() == singles
    assert one.process_tick() == batch.process_tick()


def test_hfn_bad_calls_raise_naming_the_field():
    engine = hfn.Engine()
    engine.reserve(1, 1)
    with pytest.raises(AgentEconomiesError, match="agent"):
        engine.submit(5, 0, hfn.BID, 1.0, 1.0)
    with pytest.raises(AgentEconomiesError, match="order_type"):
        engine.submit(0, 0, 17, 1.0, 1.0)
    # Refused in Python with SWARM's bounds (a ValueError naming the argument), before the library.
    with pytest.raises(ValueError, match="max_orders_per_tick"):
        hfn.Engine(max_orders_per_tick=0)
    with pytest.raises(ValueError, match="price_drop_threshold"):
        hfn.CrashDetector(price_drop_threshold=2.0)
    engine.close()
    with pytest.raises(ValueError, match="closed"):
        engine.process_tick()


def test_hfn_engine_is_safe_from_several_threads():
    engine = hfn.Engine(max_orders_per_tick=10**6, batch_interval_ticks=1, seed=3)
    engine.reserve(8, 1)
    accepted = []

    def worker(agent):
        count = 0
        for k in range(2000):
            outcome, _ = engine.submit(agent, 0, hfn.BID if k % 2 else hfn.ASK, 1.0, 1.0 + 0.001 * (k % 7))
            count += outcome == hfn.ACCEPTED
        accepted.append(count)

    threads = [threading.Thread(target=worker, args=(a,)) for a in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(accepted) == 16000
    tick = engine.process_tick()
    assert tick.orders_submitted == 16000
    state = engine.state()
    assert state.resting_bids + state.resting_asks + 2 * tick.orders_executed >= 16000 - 2 * tick.orders_executed


def test_crash_detector():
    detector = hfn.CrashDetector()
    assert not detector.update(1.0, 5, 1)
    assert detector.update(0.8, 5, 2)
    assert detector.in_crash
    assert not detector.update(0.99, 5, 3)
    crash = detector.crashes()[0]
    assert (crash.start_tick, crash.end_tick, crash.recovery_time_ticks) == (2, 3, 1)
    with pytest.raises(AgentEconomiesError, match="price"):
        detector.update(float("nan"), 1, 4)


def test_permeability_model_draws_are_cpythons():
    model = permeability.Model(seed=11)
    stream = random.Random(11)
    for p in (0.1, 0.5, 0.9):
        allowed, degraded = model.should_cross(0.6, p)
        assert allowed == (stream.random() < 0.6 * (0.5 + 0.5 * p))
        assert degraded == (p * (1 - 0.1) if allowed else p)
    assert model.effective_permeability(0.2, 1.0) == pytest.approx(0.5 * 0.8)
    with pytest.raises(ValueError, match="base_permeability"):
        permeability.Model(base_permeability=1.5)


def test_mission_rewards_and_shapley():
    ledger = missions.ledger_from_ids([["i1", "i2"], ["i3"], []], ["i1", "i2", "i3", "i4"],
                                      [0.9, 0.7, 0.2, 0.5], np.array([True, True, False, True]))
    rows, amounts = missions.rewards(ledger, 100.0, "equal")
    assert rows.tolist() == [0, 1] and amounts.tolist() == [50.0, 50.0]
    rows, amounts = missions.rewards(ledger, 90.0, "proportional")
    assert rows.tolist() == [0, 1]
    assert amounts.tolist() == pytest.approx([90 * 1.6 / 1.8, 90 * 0.2 / 1.8])
    values = missions.shapley(ledger, ["total_count"], [10.0], [1.0], method="exact")
    assert values.players.tolist() == [0, 1]
    assert values.values.sum() == pytest.approx(values.grand_value)
    assert values.values.tolist() == pytest.approx([0.2, 0.1])
    with pytest.raises(ValueError, match="strategy"):
        missions.rewards(ledger, 1.0, "lottery")


def test_similar_pairs_agree_with_clusters():
    indptr = np.array([0, 2, 4, 5], dtype=np.int64)
    indices = np.array([0, 1, 0, 1, 2], dtype=np.int32)
    counts = np.array([1.0, 2.0, 1.0, 2.0, 1.0])
    # Identical patterns score (1 + sum of squared shares) / 2 = (1 + 5/9) / 2 under the combined metric.
    first, second, scores = identity.similar_pairs(indptr, indices, counts, threshold=0.7)
    assert list(zip(first.tolist(), second.tolist())) == [(0, 1)]
    assert scores[0] == pytest.approx(7 / 9)
    assert [c.tolist() for c in identity.sybil_clusters(indptr, indices, counts, threshold=0.7)] == [[0, 1]]
    assert identity.similar_pairs(indptr, indices, counts, threshold=0.8)[0].size == 0


def test_sybil_lever_matches_swarms_lever_rule():
    lever = identity.SybilLever(0.7)
    # Agents 0..2 trade with counterparties 10 and 11 in the same proportions (2:1): each pair
    # scores (1 + 4/9 + 1/9) / 2 = 0.78. Agents 10 and 11 score 0.67; 5 and 6 share no key.
    patterns = {}
    for agent in (0, 1, 2):
        lever.record([agent] * 3, [10, 10, 11])
        for other in (10, 10, 11):
            patterns.setdefault(agent, {}).setdefault(other, 0)
            patterns[agent][other] += 1
            patterns.setdefault(other, {}).setdefault(agent, 0)
            patterns[other][agent] += 1
    lever.record([5], [6])
    patterns[5], patterns[6] = {6: 1}, {5: 1}
    clusters = [c.tolist() for c in lever.detect()]
    assert clusters == [[0, 1, 2]]
    indptr, indices, counts, ids = identity.patterns_to_csr(patterns)
    assert [[ids[r] for r in c] for c in identity.sybil_clusters(indptr, indices, counts, threshold=0.7)] == clusters
    assert lever.is_flagged(1) == identity.FlagStatus(True, 3)
    assert tuple(lever.is_flagged(10)) == (False, 0)
    lever.clear()
    assert lever.detect() == []
    with pytest.raises(AgentEconomiesError, match="agent handles"):
        lever.record([-1], [2])


def test_identity_registry_rules_and_trust():
    registry = identity.Registry(proof_of_personhood_required=True, max_identities_per_entity=1)
    assert registry.create_identity(1, entity=7, proof_of_personhood=False) is None  # takes entity 7's place
    assert registry.create_identity(2, entity=7, proof_of_personhood=True) is None  # entity full
    assert registry.create_identity(3, proof_of_personhood=True) == pytest.approx(0.5)
    assert registry.create_identity(3, proof_of_personhood=True) is None
    credential = registry.add_credential(3, issued_epoch=0)
    agents, scores, rate = registry.trust_scores(epoch=10)
    assert agents.tolist() == [3] and scores.tolist() == pytest.approx([0.6]) and rate == 1.0
    assert registry.trust_scores(epoch=50)[1].tolist() == pytest.approx([0.5])  # expired at 0 + 50
    registry.revoke_credential(credential)
    assert registry.trust_scores(epoch=10)[1].tolist() == pytest.approx([0.5])
    with pytest.raises(AgentEconomiesError, match="no identity"):
        registry.add_credential(99, 0)
    with pytest.raises(ValueError, match="behavioral_similarity_threshold"):
        identity.Registry(behavioral_similarity_threshold=1.5)


def test_mission_economy_lifecycle():
    economy = missions.Economy(min_participants=2, reward_distribution="equal")
    mission = economy.propose(0, ["avg_p"], [0.5], [1.0], reward_pool=90.0, deadline_epoch=3)
    assert economy.info(mission).status == missions.MissionStatus.PROPOSED
    assert not economy.record(0, mission, 100)  # not active yet
    assert economy.join(1, mission)
    assert economy.info(mission).status == "active"
    assert economy.record(0, mission, 100) and economy.record(1, mission, 101) and economy.record(1, mission, 102)
    ids, p, accepted = np.array([100, 101, 102, 103]), np.array([0.9, 0.6, 0.3, 0.0]), np.ones(4, bool)
    result = economy.evaluate(mission, ids, p, accepted, epoch=1)
    assert result.status == "succeeded" and result.total_contributions == 3
    assert result.actuals.tolist() == pytest.approx([0.6])
    assert economy.distribute(mission, ids, p, accepted).to_dict() == {0: 45.0, 1: 45.0}
    assert economy.info(mission).free_rider_index == pytest.approx(1 / 6)
    assert economy.propose(0, [], [], [], reward_pool=0.0, deadline_epoch=3) is None
    other = economy.propose(0, ["min_p"], [0.5], [1.0], reward_pool=10.0, deadline_epoch=2)
    assert economy.expire(5) == [other]
    with pytest.raises(AgentEconomiesError, match="never proposed"):
        economy.info(99)
