"""Never crash the host: every public entry point refuses a bad argument with a Python
exception (TypeError, ValueError or AgentEconomiesError, a ValueError) whose message names
the argument. Each bad call runs in its own interpreter, so a crash of the native layer
(a signal) fails only its own case, and a call that does not raise fails too. The
interpreters run a few at a time (one per processor); each case checks its own."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from agent_economies import auction, hfn, identity, missions, permeability

PRELUDE = """
import numpy as np
import agent_economies
from agent_economies import auction, hfn, identity, missions, permeability


def attempt(function):
    try:
        function()
    except Exception as error:
        print("RAISED " + type(error).__name__ + ": " + str(error))
    else:
        print("NO EXCEPTION")


V, B, S = np.array([[1.0, 2.0], [2.0, 1.0]]), np.array([10.0, 10.0]), np.array([1.0, 1.0])
IP = np.array([0, 2, 4, 6])
IX = np.array([0, 1, 0, 1, 2, 3], dtype=np.int32)
CT = np.array([10, 5, 10, 5, 8, 3.0])


def market(**change):
    result = auction.run_market(V, B, S)
    fields = {name: getattr(result, name) for name in result.__dataclass_fields__}
    fields.update(change)
    return type("Result", (), fields)()


def ledger(**change):
    base = dict(offsets=np.array([0, 2, 3, 3]), recorded_items=np.array([0, 1, 2], np.int32), item_count=3,
                p=np.array([0.9, 0.7, 0.2, 0.5]), accepted=np.array([True, True, False, True]),
                interaction_items=np.array([0, 1, 2, -1], np.int32))
    base.update(change)
    return missions.Ledger(**base)


def economy():
    e = missions.Economy(min_participants=1)
    m = e.propose(0, ["avg_p"], [0.5], [1.0], reward_pool=10.0, deadline_epoch=3)
    return e, m


def engine():
    e = hfn.Engine(seed=1)
    e.reserve(2, 1)
    return e
"""

TYPE, VALUE = "TypeError", "ValueError"

# (case, expected exception, a word the message must contain, the bad call)
BAD_CALLS = [
    # auction.run_market
    ("run_market-valuations-None", TYPE, "valuations", "attempt(lambda: auction.run_market(None, B, S))"),
    ("run_market-valuations-1d", VALUE, "valuations", "attempt(lambda: auction.run_market(np.ones(2), B, S))"),
    ("run_market-valuations-3d", VALUE, "valuations", "attempt(lambda: auction.run_market(np.ones((2, 2, 1)), B, S))"),
    ("run_market-valuations-str", TYPE, "valuations", "attempt(lambda: auction.run_market([['a', 'b']], B[:1], S))"),
    ("run_market-valuations-ragged", VALUE, "valuations",
     "attempt(lambda: auction.run_market([[1.0], [1.0, 2.0]], B, S))"),
    ("run_market-valuations-complex", TYPE, "valuations", "attempt(lambda: auction.run_market(V * 1j, B, S))"),
    ("run_market-valuations-nan", VALUE, "valuations",
     "attempt(lambda: auction.run_market(np.array([[1.0, np.nan], [1, 1]]), B, S))"),
    ("run_market-valuations-inf", VALUE, "valuations",
     "attempt(lambda: auction.run_market(np.array([[1.0, np.inf], [1, 1]]), B, S))"),
    ("run_market-budgets-length", VALUE, "budgets", "attempt(lambda: auction.run_market(V, np.ones(3), S))"),
    ("run_market-budgets-negative", VALUE, "budgets",
     "attempt(lambda: auction.run_market(V, np.array([-1.0, 1.0]), S))"),
    ("run_market-supplies-2d", VALUE, "supplies", "attempt(lambda: auction.run_market(V, B, np.ones((2, 1))))"),
    ("run_market-solver-unknown", VALUE, "solver", "attempt(lambda: auction.run_market(V, B, S, solver='simplex'))"),
    ("run_market-solver-list", TYPE, "solver", "attempt(lambda: auction.run_market(V, B, S, solver=['tatonnement']))"),
    ("run_market-max_rounds-float", TYPE, "max_rounds", "attempt(lambda: auction.run_market(V, B, S, max_rounds=2.5))"),
    ("run_market-max_rounds-wide", VALUE, "max_rounds",
     "attempt(lambda: auction.run_market(V, B, S, max_rounds=2**40))"),
    ("run_market-threads-None", TYPE, "threads", "attempt(lambda: auction.run_market(V, B, S, threads=None))"),
    ("run_market-threads-negative", VALUE, "threads", "attempt(lambda: auction.run_market(V, B, S, threads=-1))"),
    ("run_market-rate-str", TYPE, "price_adjustment_rate",
     "attempt(lambda: auction.run_market(V, B, S, price_adjustment_rate='fast'))"),
    ("run_market-tolerance-None", TYPE, "convergence_tolerance",
     "attempt(lambda: auction.run_market(V, B, S, convergence_tolerance=None))"),
    ("run_market-envy_tolerance-nan", VALUE, "envy",
     "attempt(lambda: auction.run_market(V, B, S, envy_tolerance=float('nan')))"),
    ("run_market-valued-shape", VALUE, "valued", "attempt(lambda: auction.run_market(V, B, S, valued=np.ones(2)))"),
    ("run_market-valued-two", VALUE, "valued",
     "attempt(lambda: auction.run_market(V, B, S, valued=np.full((2, 2), 2)))"),
    ("run_market-valued-str", TYPE, "valued",
     "attempt(lambda: auction.run_market(V, B, S, valued=[['y', 'n'], ['y', 'n']]))"),
    ("run_market-tie_ranks-length", VALUE, "tie_ranks", "attempt(lambda: auction.run_market(V, B, S, tie_ranks=[0]))"),
    ("run_market-tie_ranks-wide", VALUE, "tie_ranks",
     "attempt(lambda: auction.run_market(V, B, S, tie_ranks=[0, 2**32]))"),
    ("run_market-tie_ranks-duplicate", VALUE, "tie_ranks",
     "attempt(lambda: auction.run_market(V, B, S, tie_ranks=[1, 1]))"),
    ("envy_violations-without-list", VALUE, "envy_list",
     "attempt(lambda: auction.run_market(V, B, S).envy_violations())"),
    # auction.envy_pairs
    ("envy_pairs-result-None", TYPE, "result", "attempt(lambda: auction.envy_pairs(V, B, None))"),
    ("envy_pairs-indptr-short", VALUE, "bundle_indptr",
     "attempt(lambda: auction.envy_pairs(V, B, market(bundle_indptr=np.array([0]))))"),
    ("envy_pairs-indptr-past-data", VALUE, "bundle_indptr",
     "attempt(lambda: auction.envy_pairs(V, B, market(bundle_indptr=np.array([0, 1, 10**6]))))"),
    ("envy_pairs-indptr-not-monotonic", VALUE, "bundle_indptr",
     "attempt(lambda: auction.envy_pairs(V, B, market(bundle_indptr=np.array([0, 2, 1]))))"),
    ("envy_pairs-budgets-short", VALUE, "budgets", "attempt(lambda: auction.envy_pairs(V, B[:1], market()))"),
    ("envy_pairs-utilities-short", VALUE, "utilities",
     "attempt(lambda: auction.envy_pairs(V, B, market(utilities=np.ones(1))))"),
    ("envy_pairs-indices-range", VALUE, "bundle_indices",
     "r = market()\nattempt(lambda: auction.envy_pairs(V, B, market(bundle_indices=r.bundle_indices + 7)))"),
    ("envy_pairs-quantities-short", VALUE, "bundle_quantities",
     "attempt(lambda: auction.envy_pairs(V, B, market(bundle_quantities=np.ones(1))))"),
    ("envy_pairs-result-object", TYPE, "result", "attempt(lambda: auction.envy_pairs(V, B, object()))"),
    ("envy_pairs-tolerance-str", TYPE, "envy_tolerance",
     "attempt(lambda: auction.envy_pairs(V, B, market(), envy_tolerance='x'))"),
    ("envy_pairs-threads-wide", VALUE, "threads", "attempt(lambda: auction.envy_pairs(V, B, market(), threads=2**40))"),
    # identity.sybil_clusters / similar_pairs / patterns_to_csr
    ("sybil-indptr-not-monotonic", VALUE, "indptr",
     "attempt(lambda: identity.sybil_clusters(np.array([0, 2, 1, 6]), IX, CT))"),
    ("sybil-indptr-past-data", VALUE, "indptr",
     "attempt(lambda: identity.sybil_clusters(np.array([0, 2, 4, 9]), IX, CT))"),
    ("sybil-indptr-start", VALUE, "indptr", "attempt(lambda: identity.sybil_clusters(np.array([1, 2, 4, 6]), IX, CT))"),
    ("sybil-indptr-empty", VALUE, "indptr",
     "attempt(lambda: identity.sybil_clusters(np.array([], np.int64), IX[:0], CT[:0]))"),
    ("sybil-indptr-2d", VALUE, "indptr", "attempt(lambda: identity.sybil_clusters(IP.reshape(2, 2), IX, CT))"),
    ("sybil-indices-negative", VALUE, "indices",
     "attempt(lambda: identity.sybil_clusters(IP, np.array([0, 1, 0, -1, 2, 3]), CT))"),
    ("sybil-indices-columns", VALUE, "indices", "attempt(lambda: identity.sybil_clusters(IP, IX, CT, columns=2))"),
    ("sybil-indices-wide", VALUE, "indices",
     "attempt(lambda: identity.sybil_clusters(IP, np.array([0, 1, 0, 2**33, 2, 3]), CT))"),
    ("sybil-indices-fraction", VALUE, "indices",
     "attempt(lambda: identity.sybil_clusters(IP, np.array([0, 1, 0, 1.5, 2, 3]), CT))"),
    ("sybil-indices-None", TYPE, "indices", "attempt(lambda: identity.sybil_clusters(IP, None, CT))"),
    ("sybil-indices-repeated", VALUE, "indices",
     "attempt(lambda: identity.sybil_clusters(IP, np.array([0, 1, 1, 1, 2, 3]), CT))"),
    ("sybil-counts-nan", VALUE, "counts",
     "attempt(lambda: identity.sybil_clusters(IP, IX, np.array([1, 2, np.nan, 4, 5, 6.0])))"),
    ("sybil-counts-length", VALUE, "counts", "attempt(lambda: identity.sybil_clusters(IP, IX, CT[:5]))"),
    ("sybil-metric-unknown", VALUE, "metric", "attempt(lambda: identity.sybil_clusters(IP, IX, CT, metric='foo'))"),
    ("sybil-metric-list", TYPE, "metric", "attempt(lambda: identity.sybil_clusters(IP, IX, CT, metric=['cosine']))"),
    ("sybil-clustering-None", TYPE, "clustering",
     "attempt(lambda: identity.sybil_clusters(IP, IX, CT, clustering=None))"),
    ("sybil-columns-negative", VALUE, "columns", "attempt(lambda: identity.sybil_clusters(IP, IX, CT, columns=-1))"),
    ("sybil-columns-str", TYPE, "columns", "attempt(lambda: identity.sybil_clusters(IP, IX, CT, columns='x'))"),
    ("sybil-threshold-None", TYPE, "threshold", "attempt(lambda: identity.sybil_clusters(IP, IX, CT, threshold=None))"),
    ("sybil-threshold-nan", VALUE, "threshold",
     "attempt(lambda: identity.sybil_clusters(IP, IX, CT, threshold=float('nan')))"),
    ("sybil-threads-negative", VALUE, "threads", "attempt(lambda: identity.sybil_clusters(IP, IX, CT, threads=-1))"),
    ("pairs-indptr-past-data", VALUE, "indptr",
     "attempt(lambda: identity.similar_pairs(np.array([0, 2, 4, 7]), IX, CT))"),
    ("pairs-path-unknown", VALUE, "path", "attempt(lambda: identity.similar_pairs(IP, IX, CT, path='gpu'))"),
    ("pairs-threshold-str", TYPE, "threshold", "attempt(lambda: identity.similar_pairs(IP, IX, CT, threshold='high'))"),
    ("patterns-None", TYPE, "patterns", "attempt(lambda: identity.patterns_to_csr(None))"),
    ("patterns-row-list", TYPE, "patterns", "attempt(lambda: identity.patterns_to_csr({'a': [1, 2]}))"),
    ("patterns-count-str", TYPE, "patterns", "attempt(lambda: identity.patterns_to_csr({'a': {'b': 'x'}}))"),
    # identity.SybilLever
    ("lever-metric-unknown", VALUE, "metric", "attempt(lambda: identity.SybilLever(metric='euclid'))"),
    ("lever-threshold-None", TYPE, "threshold", "attempt(lambda: identity.SybilLever(None))"),
    ("lever-threshold-nan", VALUE, "threshold", "attempt(lambda: identity.SybilLever(float('nan')))"),
    ("lever-record-length", VALUE, "counterparties", "attempt(lambda: identity.SybilLever().record([1, 2], [3]))"),
    ("lever-record-negative", VALUE, "agent", "attempt(lambda: identity.SybilLever().record([-1], [2]))"),
    ("lever-record-wide", VALUE, "initiators", "attempt(lambda: identity.SybilLever().record([2**40], [2]))"),
    ("lever-record-None", TYPE, "initiators", "attempt(lambda: identity.SybilLever().record(None, [2]))"),
    ("lever-detect-threads", VALUE, "threads", "attempt(lambda: identity.SybilLever().detect(threads=-3))"),
    ("lever-is_flagged-None", TYPE, "agent", "attempt(lambda: identity.SybilLever().is_flagged(None))"),
    ("lever-is_flagged-wide", VALUE, "agent", "attempt(lambda: identity.SybilLever().is_flagged(2**40))"),
    # identity.Registry
    ("registry-expiry-wide", VALUE, "credential_expiry_epochs",
     "attempt(lambda: identity.Registry(credential_expiry_epochs=2**40))"),
    ("registry-cost-None", TYPE, "identity_creation_cost",
     "attempt(lambda: identity.Registry(identity_creation_cost=None))"),
    ("registry-cost-negative", VALUE, "identity_creation_cost",
     "attempt(lambda: identity.Registry(identity_creation_cost=-1.0))"),
    ("registry-threshold-nan", VALUE, "behavioral_similarity_threshold",
     "attempt(lambda: identity.Registry(behavioral_similarity_threshold=float('nan')))"),
    ("registry-create-None", TYPE, "agent", "attempt(lambda: identity.Registry().create_identity(None))"),
    ("registry-create-wide", VALUE, "agent", "attempt(lambda: identity.Registry().create_identity(2**40))"),
    ("registry-create-epoch", VALUE, "epoch", "attempt(lambda: identity.Registry().create_identity(1, epoch=2**70))"),
    ("registry-credential-epoch-str", TYPE, "issued_epoch",
     "r = identity.Registry()\nr.create_identity(1)\nattempt(lambda: r.add_credential(1, 'x'))"),
    ("registry-credential-overflow", VALUE, "issued_epoch",
     "r = identity.Registry()\nr.create_identity(1)\nattempt(lambda: r.add_credential(1, 2**63 - 1))"),
    ("registry-revoke-unknown", VALUE, "credential", "attempt(lambda: identity.Registry().revoke_credential(-1))"),
    ("registry-trust-None", TYPE, "epoch", "attempt(lambda: identity.Registry().trust_scores(epoch=None))"),
    ("registry-closed", VALUE, "closed", "r = identity.Registry()\nr.close()\nattempt(lambda: r.trust_scores())"),
    ("lever-closed", VALUE, "closed", "l = identity.SybilLever()\nl.close()\nattempt(lambda: l.record([1], [2]))"),
    ("registry-detect-indptr", VALUE, "indptr",
     "attempt(lambda: identity.Registry().detect_sybils(np.array([0, 2, 9]), IX[:2], CT[:2]))"),
    # missions: ledgers, rewards, shapley
    ("ledger-contributions-None", TYPE, "contributions",
     "attempt(lambda: missions.ledger_from_ids(None, ['a'], [0.5], np.array([True])))"),
    ("ledger-p-length", VALUE, "p",
     "attempt(lambda: missions.ledger_from_ids([['a']], ['a', 'b'], [0.5], np.array([True, True])))"),
    ("ledger-accepted-int", TYPE, "accepted", "attempt(lambda: missions.ledger_from_ids([['a']], ['a'], [0.5], [1]))"),
    ("ledger-row-str", TYPE, "contributions[0]",
     "attempt(lambda: missions.ledger_from_ids(['ab'], ['a'], [0.5], np.array([True])))"),
    ("ledger-id-unhashable", TYPE, "interaction_ids",
     "attempt(lambda: missions.ledger_from_ids([['a']], [['a']], [0.5], np.array([True])))"),
    ("rewards-ledger-None", TYPE, "ledger", "attempt(lambda: missions.rewards(None, 1.0))"),
    ("rewards-offsets-not-monotonic", VALUE, "offsets",
     "attempt(lambda: missions.rewards(ledger(offsets=np.array([0, 3, 1, 3])), 1.0))"),
    ("rewards-offsets-past-data", VALUE, "offsets",
     "attempt(lambda: missions.rewards(ledger(offsets=np.array([0, 2, 3, 9])), 1.0))"),
    ("rewards-recorded-range", VALUE, "recorded_items",
     "attempt(lambda: missions.rewards(ledger(recorded_items=np.array([0, 1, 5], np.int32)), 1.0))"),
    ("rewards-items-range", VALUE, "interaction_items",
     "attempt(lambda: missions.rewards(ledger(interaction_items=np.array([0, 1, 2, -7], np.int32)), 1.0))"),
    ("rewards-accepted-fraction", VALUE, "accepted",
     "attempt(lambda: missions.rewards(ledger(accepted=np.array([0.5, 1, 1, 1])), 1.0))"),
    ("rewards-accepted-negative", VALUE, "accepted",
     "attempt(lambda: missions.rewards(ledger(accepted=np.array([-1, 1, 1, 1])), 1.0))"),
    ("rewards-accepted-0d", VALUE, "accepted", "attempt(lambda: missions.rewards(ledger(accepted=True), 1.0))"),
    ("rewards-p-range", VALUE, "p", "attempt(lambda: missions.rewards(ledger(p=np.array([0.9, 7.0, 0.2, 0.5])), 1.0))"),
    ("rewards-item_count-negative", VALUE, "item_count",
     "attempt(lambda: missions.rewards(ledger(item_count=-1), 1.0))"),
    ("rewards-item_count-huge", VALUE, "item_count",
     "attempt(lambda: missions.rewards(ledger(item_count=2**40), 1.0))"),
    ("rewards-item_count-None", TYPE, "item_count", "attempt(lambda: missions.rewards(ledger(item_count=None), 1.0))"),
    ("rewards-pool-nan", VALUE, "pool", "attempt(lambda: missions.rewards(ledger(), float('nan')))"),
    ("rewards-pool-str", TYPE, "pool", "attempt(lambda: missions.rewards(ledger(), 'lots'))"),
    ("rewards-strategy-unknown", VALUE, "strategy", "attempt(lambda: missions.rewards(ledger(), 1.0, 'lottery'))"),
    ("shapley-targets-short", VALUE, "targets",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p', 'min_p', 'total_count'], [1.0], [1.0, 1.0, 1.0]))"),
    ("shapley-weights-short", VALUE, "weights",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p', 'min_p'], [1.0, 1.0], []))"),
    ("shapley-metrics-None", TYPE, "metrics", "attempt(lambda: missions.shapley(ledger(), None, [1.0], [1.0]))"),
    ("shapley-metrics-str", TYPE, "metrics", "attempt(lambda: missions.shapley(ledger(), 'avg_p', [1.0], [1.0]))"),
    ("shapley-metrics-int", TYPE, "metrics[1]",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p', 3], [1.0, 1.0], [1.0, 1.0]))"),
    ("shapley-method-unknown", VALUE, "method",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p'], [1.0], [1.0], method='magic'))"),
    ("shapley-permutations-small", VALUE, "ermutations",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p'], [1.0], [1.0], method='permutation', max_permutations=1))"),
    ("shapley-seed-negative", VALUE, "seed",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p'], [1.0], [1.0], seed=-1))"),
    ("shapley-coalitions-None", TYPE, "coalitions",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p'], [1.0], [1.0], coalitions=None))"),
    ("shapley-targets-nan", VALUE, "targets",
     "attempt(lambda: missions.shapley(ledger(), ['avg_p'], [float('nan')], [1.0]))"),
    # missions.Economy
    ("economy-distribution-unknown", VALUE, "reward_distribution",
     "attempt(lambda: missions.Economy(reward_distribution='lottery'))"),
    ("economy-min-zero", VALUE, "min_participants", "attempt(lambda: missions.Economy(min_participants=0))"),
    ("economy-min-wide", VALUE, "min_participants", "attempt(lambda: missions.Economy(min_participants=2**40))"),
    ("propose-targets-short", VALUE, "targets",
     "e, m = economy()\nattempt(lambda: e.propose(0, ['avg_p', 'min_p'], [0.5], [1.0, 1.0], 10.0, 3))"),
    ("propose-metrics-None", TYPE, "metrics",
     "e, m = economy()\nattempt(lambda: e.propose(0, None, [0.5], [1.0], 10.0, 3))"),
    ("propose-pool-nan", VALUE, "reward_pool",
     "e, m = economy()\nattempt(lambda: e.propose(0, ['avg_p'], [0.5], [1.0], float('nan'), 3))"),
    ("propose-coordinator-None", TYPE, "coordinator",
     "e, m = economy()\nattempt(lambda: e.propose(None, ['avg_p'], [0.5], [1.0], 10.0, 3))"),
    ("join-agent-None", TYPE, "agent", "e, m = economy()\nattempt(lambda: e.join(None, m))"),
    ("record-interaction-wide", VALUE, "interaction", "e, m = economy()\nattempt(lambda: e.record(0, m, 2**70))"),
    ("evaluate-p-length", VALUE, "p",
     "e, m = economy()\nattempt(lambda: e.evaluate(m, [1, 2], [0.5], np.array([True, True])))"),
    ("evaluate-accepted-int", TYPE, "accepted", "e, m = economy()\nattempt(lambda: e.evaluate(m, [1], [0.5], [1]))"),
    ("evaluate-mission-None", TYPE, "mission",
     "e, m = economy()\nattempt(lambda: e.evaluate(None, [1], [0.5], np.array([True])))"),
    ("evaluate-mission-unknown", VALUE, "mission",
     "e, m = economy()\nattempt(lambda: e.evaluate(99, [1], [0.5], np.array([True])))"),
    ("distribute-ids-str", TYPE, "interaction_ids",
     "e, m = economy()\nattempt(lambda: e.distribute(m, ['a'], [0.5], np.array([True])))"),
    ("expire-epoch-None", TYPE, "epoch", "e, m = economy()\nattempt(lambda: e.expire(None))"),
    ("info-mission-negative", VALUE, "mission", "e, m = economy()\nattempt(lambda: e.info(-1))"),
    # hfn.CrashDetector
    ("crash_options-window-str", TYPE, "window_ticks", "attempt(lambda: hfn.crash_options(window_ticks='10'))"),
    ("detector-threshold-None", TYPE, "price_drop_threshold",
     "attempt(lambda: hfn.CrashDetector(price_drop_threshold=None))"),
    ("detector-window-wide", VALUE, "window_ticks", "attempt(lambda: hfn.CrashDetector(window_ticks=2**40))"),
    ("detector-window-zero", VALUE, "window_ticks", "attempt(lambda: hfn.CrashDetector(window_ticks=0))"),
    ("detector-update-nan", VALUE, "price", "attempt(lambda: hfn.CrashDetector().update(float('nan'), 1, 0))"),
    ("detector-update-volume", VALUE, "volume", "attempt(lambda: hfn.CrashDetector().update(1.0, -1, 0))"),
    ("detector-update-volume-wide", VALUE, "volume", "attempt(lambda: hfn.CrashDetector().update(1.0, 2**70, 0))"),
    ("detector-update-tick-None", TYPE, "tick", "attempt(lambda: hfn.CrashDetector().update(1.0, 1, None))"),
    ("detector-crashes-negative", VALUE, "start", "attempt(lambda: hfn.CrashDetector().crashes(start=-1))"),
    ("detector-crashes-None", TYPE, "start", "attempt(lambda: hfn.CrashDetector().crashes(start=None))"),
    # hfn.Engine
    ("engine-orders-wide", VALUE, "max_orders_per_tick", "attempt(lambda: hfn.Engine(max_orders_per_tick=2**40))"),
    ("engine-noise-str", TYPE, "latency_noise_ms", "attempt(lambda: hfn.Engine(latency_noise_ms='x'))"),
    ("engine-noise-negative", VALUE, "latency_noise_ms", "attempt(lambda: hfn.Engine(latency_noise_ms=-1.0))"),
    ("engine-seed-list", TYPE, "seed", "attempt(lambda: hfn.Engine(seed=[1]))"),
    ("engine-reserve-negative", VALUE, "agents", "attempt(lambda: engine().reserve(-1, 1))"),
    ("engine-reserve-None", TYPE, "books", "attempt(lambda: engine().reserve(1, None))"),
    ("engine-submit-agent-None", TYPE, "agent", "e = engine()\nattempt(lambda: e.submit(None, 0, hfn.BID, 1.0, 1.0))"),
    ("engine-submit-agent-wide", VALUE, "agent",
     "e = engine()\nattempt(lambda: e.submit(2**32, 0, hfn.BID, 1.0, 1.0))"),
    ("engine-submit-agent-range", VALUE, "agent", "e = engine()\nattempt(lambda: e.submit(5, 0, hfn.BID, 1.0, 1.0))"),
    ("engine-submit-kind-wide", VALUE, "kind", "e = engine()\nattempt(lambda: e.submit(0, 0, 2**32, 1.0, 1.0))"),
    ("engine-submit-book-float", TYPE, "book", "e = engine()\nattempt(lambda: e.submit(0, 0.5, hfn.BID, 1.0, 1.0))"),
    ("engine-submit-quantity-str", TYPE, "quantity",
     "e = engine()\nattempt(lambda: e.submit(0, 0, hfn.BID, '1', 1.0))"),
    ("engine-submit-latency-None", TYPE, "latency_ms",
     "e = engine()\nattempt(lambda: e.submit(0, 0, hfn.BID, 1.0, 1.0, 0.0, None))"),
    ("engine-batch-length", VALUE, "kinds",
     "e = engine()\nattempt(lambda: e.submit_batch([0, 1], [0, 0], [0], [1.0, 1.0], [1.0, 1.0]))"),
    ("engine-batch-agents-wide", VALUE, "agents",
     "e = engine()\nattempt(lambda: e.submit_batch([2**32], [0], [0], [1.0], [1.0]))"),
    ("engine-batch-kinds-None", TYPE, "kinds",
     "e = engine()\nattempt(lambda: e.submit_batch([0], [0], None, [1.0], [1.0]))"),
    ("engine-batch-books-2d", VALUE, "books",
     "e = engine()\nattempt(lambda: e.submit_batch([0], [[0]], [0], [1.0], [1.0]))"),
    ("engine-batch-books-range", VALUE, "book",
     "e = engine()\nattempt(lambda: e.submit_batch([0], [3], [0], [1.0], [1.0]))"),
    ("engine-batch-timestamps-length", VALUE, "timestamps_ms",
     "e = engine()\nattempt(lambda: e.submit_batch([0], [0], [0], [1.0], [1.0], timestamps_ms=[0.0, 1.0]))"),
    ("engine-halt-None", TYPE, "duration_ticks", "attempt(lambda: engine().halt(None))"),
    ("engine-halt-overflow", VALUE, "duration_ticks",
     "e = engine()\ne.process_tick()\nattempt(lambda: e.halt(2**63 - 1))"),
    ("engine-halt-negative", VALUE, "duration_ticks", "attempt(lambda: engine().halt(-5))"),
    ("engine-trades-negative", VALUE, "start", "attempt(lambda: engine().trades(start=-1))"),
    ("engine-trades-None", TYPE, "start", "attempt(lambda: engine().trades(start=None))"),
    ("engine-crashes-negative", VALUE, "start", "attempt(lambda: engine().crashes(start=-2))"),
    ("engine-closed", VALUE, "closed", "e = engine()\ne.close()\nattempt(lambda: e.submit(0, 0, hfn.BID, 1.0, 1.0))"),
    # permeability
    ("spillover-p-nan", VALUE, "p", "attempt(lambda: permeability.spillover([np.nan], [True], permeability=0.5))"),
    ("spillover-p-2d", VALUE, "p", "attempt(lambda: permeability.spillover([[0.5]], [True], permeability=0.5))"),
    ("spillover-accepted-int", TYPE, "accepted",
     "attempt(lambda: permeability.spillover([0.5], [1], permeability=0.5))"),
    ("spillover-accepted-length", VALUE, "accepted",
     "attempt(lambda: permeability.spillover([0.5, 0.2], [True], permeability=0.5))"),
    ("spillover-permeability-None", TYPE, "permeability",
     "attempt(lambda: permeability.spillover([0.5], [True], permeability=None))"),
    ("spillover-permeability-range", VALUE, "permeability",
     "attempt(lambda: permeability.spillover([0.5], [True], permeability=2.0))"),
    ("spillover-seed-negative", VALUE, "seed",
     "attempt(lambda: permeability.spillover([0.5], [True], permeability=0.5, seed=-1))"),
    ("spillover-seed-float", TYPE, "seed",
     "attempt(lambda: permeability.spillover([0.5], [True], permeability=0.5, seed=1.5))"),
    ("spillover-threads-wide", VALUE, "threads",
     "attempt(lambda: permeability.spillover([0.5], [True], permeability=0.5, threads=2**40))"),
    ("optimal-samples-None", TYPE, "samples",
     "attempt(lambda: permeability.optimal_permeability([0.5], [True], samples=None))"),
    ("optimal-samples-wide", VALUE, "samples",
     "attempt(lambda: permeability.optimal_permeability([0.5], [True], samples=2**70))"),
    ("optimal-weight-inf", VALUE, "external_harm_weight",
     "attempt(lambda: permeability.optimal_permeability([0.5], [True], external_harm_weight=float('inf')))"),
    ("model-base-nan", VALUE, "base_permeability",
     "attempt(lambda: permeability.Model(base_permeability=float('nan')))"),
    ("model-decay-str", TYPE, "information_decay", "attempt(lambda: permeability.Model(information_decay='x'))"),
    ("model-seed-object", TYPE, "seed", "attempt(lambda: permeability.Model(seed=object()))"),
    ("model-effective-None", TYPE, "threat_level",
     "attempt(lambda: permeability.Model().effective_permeability(None))"),
    ("model-effective-nan", VALUE, "agent_trust",
     "attempt(lambda: permeability.Model().effective_permeability(0.1, float('nan')))"),
    ("model-cross-nan", VALUE, "permeability", "attempt(lambda: permeability.Model().should_cross(float('nan'), 0.5))"),
    ("model-cross-p-str", TYPE, "p", "attempt(lambda: permeability.Model().should_cross(0.5, 'x'))"),
    ("model-spillover-permeability-str", TYPE, "permeability",
     "attempt(lambda: permeability.Model().spillover([0.5], np.array([True]), permeability='x'))"),
    ("model-closed", VALUE, "closed", "m = permeability.Model()\nm.close()\nattempt(lambda: m.should_cross(0.5, 0.5))"),
    ("model-spillover-accepted-length", VALUE, "accepted",
     "attempt(lambda: permeability.Model().spillover([0.5], np.array([True, False])))"),
]


def _environment():
    """The test's environment for the child (AGENT_ECONOMIES_LIBRARY and PYTHONPATH pass
    through), with the package's directory on PYTHONPATH when it is not installed. One BLAS
    thread (a faster start), and no Swift backtracer (a crash is reported at once)."""
    environment = dict(os.environ)
    package = os.path.dirname(os.path.dirname(os.path.abspath(auction.__file__)))
    paths = [p for p in environment.get("PYTHONPATH", "").split(os.pathsep) if p]
    if package not in paths:
        environment["PYTHONPATH"] = os.pathsep.join(paths + [package])
    environment.setdefault("OPENBLAS_NUM_THREADS", "1")
    environment.setdefault("SWIFT_BACKTRACE", "enable=no")
    return environment


def _run(snippet):
    return subprocess.run([sys.executable, "-c", PRELUDE + snippet], env=_environment(), capture_output=True,
                          text=True, timeout=120)


def test_the_table_covers_enough_calls():
    assert len(BAD_CALLS) >= 60
    assert len({case for case, *_ in BAD_CALLS}) == len(BAD_CALLS)


@pytest.fixture(scope="module")
def runs(request):
    """The selected bad calls, started at once on a pool of one thread per processor (each
    thread waits on its own interpreter): {case: future of its CompletedProcess}."""
    selected = {item.callspec.params["case"] for item in request.session.items
                if getattr(item, "originalname", None) == "test_bad_call_raises_and_never_crashes"}
    pool = ThreadPoolExecutor(max(os.cpu_count() or 1, 1))
    futures = {case: pool.submit(_run, snippet) for case, _, _, snippet in BAD_CALLS if case in selected}
    yield futures
    pool.shutdown(cancel_futures=True)


@pytest.mark.parametrize("case, expected, word, snippet", BAD_CALLS, ids=[row[0] for row in BAD_CALLS])
def test_bad_call_raises_and_never_crashes(case, expected, word, snippet, runs):
    run = runs[case].result() if case in runs else _run(snippet)
    assert run.returncode >= 0, f"{case}: the interpreter died by signal {-run.returncode}\n{run.stderr}"
    assert run.returncode == 0, f"{case}: the snippet failed outside the call\n{run.stderr}"
    lines = run.stdout.strip().splitlines()
    assert lines, f"{case}: no output\n{run.stderr}"
    outcome = lines[-1]
    assert outcome != "NO EXCEPTION", f"{case}: the bad call did not raise"
    name, _, message = outcome.removeprefix("RAISED ").partition(": ")
    allowed = {"TypeError"} if expected == TYPE else {"ValueError", "AgentEconomiesError"}
    assert name in allowed, f"{case}: expected {expected}, got {outcome}"
    assert word in message, f"{case}: the message does not name {word!r}: {outcome}"


# Valid calls that used to crash the interpreter (each in its own interpreter too).
FORMERLY_CRASHING = [
    # ae_mission_shapley wrote standard errors the regression method does not have.
    ("shapley-regression",
     "v = missions.shapley(ledger(), ['avg_p'], [0.5], [1.0], method='regression', coalitions=64)\n"
     "assert v.players.tolist() == [0, 1] and np.isnan(v.standard_errors).all()\n"
     "assert abs(v.values.sum() - v.grand_value) < 1e-9"),
    # A wide `columns` made the library allocate per column; empty columns change no score.
    ("sybil-wide-columns",
     "a = identity.sybil_clusters(IP, IX, CT, threshold=0.5, columns=2**31 - 1)\n"
     "b = identity.sybil_clusters(IP, IX, CT, threshold=0.5)\n"
     "assert [x.tolist() for x in a] == [x.tolist() for x in b]\n"
     "p = identity.similar_pairs(IP, IX, CT, threshold=0.0, path='dense', columns=2**31 - 1)\n"
     "q = identity.similar_pairs(IP, IX, CT, threshold=0.0, path='dense')\n"
     "assert all(np.array_equal(x, y) for x, y in zip(p, q))"),
    ("registry-last-epoch",
     "r = identity.Registry(credential_expiry_epochs=50)\nr.create_identity(1)\n"
     "r.add_credential(1, 2**63 - 51)\nassert r.trust_scores(2**63 - 1)[1].tolist() == [0.3]"),
]


@pytest.mark.parametrize("case, snippet", FORMERLY_CRASHING, ids=[row[0] for row in FORMERLY_CRASHING])
def test_valid_call_that_used_to_crash(case, snippet):
    run = _run(snippet + "\nprint('DONE')")
    assert run.returncode >= 0, f"{case}: the interpreter died by signal {-run.returncode}\n{run.stderr}"
    assert run.returncode == 0 and run.stdout.strip().endswith("DONE"), f"{case}: {run.stderr}"


def test_valid_calls_still_work():
    """The checks accept what the library accepts, in the forms callers use (lists, other
    dtypes, numpy scalars), with the same results."""
    valuations = np.array([[1.0, 2.0], [2.0, 1.0]])
    budgets, supplies = np.array([10.0, 10.0]), np.array([1.0, 1.0])
    result = auction.run_market(valuations, budgets, supplies)
    again = auction.run_market(valuations.tolist(), budgets.astype(np.float32), [1, 1], max_rounds=np.int64(50),
                               threads=np.int32(0), price_adjustment_rate=np.float64(0.1))
    assert np.array_equal(result.prices, again.prices)
    assert np.array_equal(result.bundle_quantities, again.bundle_quantities)
    extended = auction.run_market(valuations, budgets, supplies, valued=np.ones((2, 2), bool), tie_ranks=[1, 0],
                                  envy_list=True)
    assert extended.envy_violation_count == len(list(extended.envy_violations()))
    envy_indptr, envied, gaps = auction.envy_pairs(valuations, budgets, result)
    assert envy_indptr.shape == (3,) and envied.shape == gaps.shape

    indptr, indices, counts = np.array([0, 2, 4, 6]), np.array([0, 1, 0, 1, 2, 3]), np.array([10, 5, 10, 5, 8, 3])
    clusters = identity.sybil_clusters(indptr, indices, counts, threshold=0.7)
    assert [c.tolist() for c in clusters] == [[0, 1]]
    assert [c.tolist() for c in identity.sybil_clusters(indptr.tolist(), indices.astype(np.int64), counts.astype(float),
                                                        threshold=np.float64(0.7), columns=np.int64(4))] == [[0, 1]]
    first, second, scores = identity.similar_pairs(indptr, indices, counts, threshold=0.8, metric="cosine")
    assert (first.tolist(), second.tolist()) == ([0], [1]) and scores[0] == pytest.approx(1.0)
    assert identity.sybil_clusters(np.array([0]), np.array([], dtype=np.int32), np.array([])) == []
    csr = identity.patterns_to_csr({"a": {"x": 1, "y": 2.5}, "b": {"x": True}, "c": {}})
    assert csr[0].tolist() == [0, 2, 3, 3] and csr[2].tolist() == [1.0, 2.5, 1.0] and csr[3] == ["a", "b", "c"]
    lever = identity.SybilLever(0.5)
    lever.record(np.array([1, 2]), [3, 3])
    lever.record(4, 3)
    assert [c.tolist() for c in lever.detect()] == [[1, 2, 4]] and tuple(lever.is_flagged(np.int64(2))) == (True, 3)
    registry = identity.Registry()
    assert registry.create_identity(np.int32(1), entity=np.int64(3), epoch=0) == pytest.approx(0.3)
    assert registry.add_credential(1, np.int64(2)) == 0
    assert registry.trust_scores(epoch=np.int64(5))[1].tolist() == pytest.approx([0.4])

    ledger = missions.ledger_from_ids([["a", "b"], ["c"], []], ("a", "b", "c", "d"), [0.9, 0.7, 0.2, 0.5],
                                      np.array([True, True, False, True]))
    rows, amounts = missions.rewards(ledger, 100, "equal")
    assert rows.tolist() == [0, 1] and amounts.tolist() == [50.0, 50.0]
    as_ints = missions.Ledger(ledger.offsets, ledger.recorded_items, np.int64(ledger.item_count), ledger.p,
                              ledger.accepted.astype(np.int8), ledger.interaction_items)
    assert [x.tolist() for x in missions.rewards(as_ints, 100.0, "equal")] == [[0, 1], [50.0, 50.0]]
    values = missions.shapley(ledger, ("total_count", "unknown metric"), [10, 1], np.array([1.0, 0.0]),
                              method="exact", seed=2**64 - 1)
    assert values.values.tolist() == pytest.approx([0.2, 0.1]) and values.standard_errors.tolist() == [0.0, 0.0]
    economy = missions.Economy(min_participants=1, reward_distribution="shapley")
    mission = economy.propose(np.int64(0), ["avg_p"], [0.5], [1], reward_pool=90, deadline_epoch=np.int64(3))
    assert economy.join(1, mission) and economy.record(1, mission, np.int64(7))
    evaluation = economy.evaluate(mission, [7], [0.9], np.array([True]), epoch=1)
    assert evaluation.status == "succeeded"
    assert economy.distribute(mission, [7], [0.9], np.array([True])).to_dict() == {1: 90.0}
    assert economy.expire(10) == [] and economy.info(mission).status == "succeeded"

    detector = hfn.CrashDetector(window_ticks=np.int64(5))
    assert not detector.update(1, np.int64(3), 0) and detector.update(np.float32(0.5).item(), 3, 1)
    assert len(detector.crashes(start=0)) == 1 and detector.crashes(start=5) == []
    engine = hfn.Engine(seed=1, batch_interval_ticks=1)
    engine.reserve(np.int64(2), 1)
    assert engine.submit(np.int64(0), np.int32(0), hfn.BID, 1, 1.0)[0] == hfn.ACCEPTED
    assert engine.submit(1, 0, hfn.ASK, np.float32(1.0), 1.0, 0, 0)[0] == hfn.ACCEPTED
    assert engine.submit(1, 0, hfn.BID, float("nan"), 1.0)[0] == hfn.REJECTED_NOT_FINITE
    assert engine.submit(0, -1, hfn.CANCEL, 0.0, 0.0)[0] == hfn.CANCELLED
    outcomes, _ = engine.submit_batch([0, 1], [0, 0], [hfn.BID, hfn.ASK], [1.0, 1.0], [1.0, 1.0])
    assert outcomes.tolist() == [hfn.ACCEPTED, hfn.ACCEPTED]
    assert engine.process_tick().orders_executed >= 1
    engine.halt()
    engine.halt(np.int64(2))
    assert engine.trades(start=0).prices.size >= 1 and engine.trades(start=10**6).prices.size == 0
    assert engine.crashes(start=0) == []

    p, accepted = np.linspace(0, 1, 50), np.arange(50) % 3 != 0
    one = permeability.spillover(p, accepted, permeability=1, contagion_rate=1, seed=np.uint64(7))
    two = permeability.spillover(p.tolist(), accepted, permeability=1.0, contagion_rate=1.0, seed=7)
    assert np.array_equal(one.indices, two.indices) and np.array_equal(one.harm, two.harm)
    assert permeability.optimal_permeability(p, accepted, samples=np.int64(0)) == 0.0
    model = permeability.Model(seed=11)
    assert model.effective_permeability(0, 1) == pytest.approx(0.5)
    assert model.should_cross(1, 0)[0] in (True, False)
    assert model.spillover(p, accepted, permeability=np.float64(0.5)).indices.size >= 0


def test_check_messages_name_the_argument_and_value():
    from agent_economies import _checks

    indptr = np.array([0, 2, 4, 7, 5, 9], dtype=np.int64)
    with pytest.raises(ValueError, match=r"^indptr: not monotonic at 4 \(7 > 5\)$"):
        _checks.check_csr("indptr", indptr, "indices", np.zeros(9, np.int32))
    with pytest.raises(ValueError, match=r"^valuations: expected a 2-D array, got shape \(3,\)$"):
        _checks.as_float_array("valuations", [1.0, 2.0, 3.0], 2)
    with pytest.raises(ValueError, match=r"^metric: 'foo' is not one of 'combined', 'cosine', 'jaccard'$"):
        _checks.check_option("metric", "foo", {"combined": 0, "cosine": 1, "jaccard": 2})
    with pytest.raises(ValueError, match=r"^counts\[1\]: values must be finite, got nan$"):
        _checks.as_float_array("counts", [1.0, np.nan], 1, allow_nan=False)
    with pytest.raises(TypeError, match=r"^agent: expected an int, got True \(bool\)$"):
        _checks.check_int("agent", True)
    assert _checks.check_int("agent", np.int16(4)) == 4 and _checks.check_float("p", np.float32(0.5)) == 0.5
    array = np.arange(3.0)
    assert _checks.as_array(array, np.float64, "p", 1) is array
