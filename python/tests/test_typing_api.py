"""The typed API (issue 27 item 3): `__all__` and numpydoc docstrings with examples in every
module, option enums that accept their strings and refuse anything else naming the argument,
frozen result dataclasses (tuple-compatible where they replaced tuples), scipy sparse input
wherever CSR triples are taken, and SWARM's config bounds on thresholds and rates."""

import dataclasses
import enum
import importlib
import inspect
from pathlib import Path

import numpy as np
import pytest

from agent_economies import auction, hfn, identity, missions, payoffs, permeability

PACKAGE = Path(__file__).resolve().parents[1] / "agent_economies"
PUBLIC = ["auction", "hfn", "identity", "missions", "payoffs", "permeability", "report", "swarm_backend", "bench",
          "simulation", "sweep_report", "driver_bench"]
PRIVATE = ["_checks", "_native", "_threads", "_types"]


# --- __all__, docstrings, py.typed -------------------------------------------------------

@pytest.mark.parametrize("name", PUBLIC + PRIVATE + [""])
def test_every_module_has_an_all_of_names_that_exist(name):
    module = importlib.import_module("agent_economies" + (f".{name}" if name else ""))
    assert isinstance(module.__all__, list) and module.__all__, name
    assert len(set(module.__all__)) == len(module.__all__), f"{name}: __all__ repeats a name"
    for exported in module.__all__:
        assert getattr(module, exported, None) is not None, f"{name}.{exported} is in __all__ but missing"
    assert module.__doc__, f"{name} has no module docstring"


def _exported(name):
    module = importlib.import_module(f"agent_economies.{name}")
    for exported in module.__all__:
        value = getattr(module, exported)
        if inspect.isfunction(value) or inspect.isclass(value):
            yield exported, value


@pytest.mark.parametrize("name", PUBLIC + ["_threads", "_types"])
def test_every_exported_function_and_class_has_a_numpydoc_docstring_with_examples(name):
    for exported, value in _exported(name):
        doc = inspect.getdoc(value) or ""
        assert doc, f"{name}.{exported} has no docstring"
        assert "Examples\n--------\n>>> " in doc, f"{name}.{exported} has no Examples section"
        if inspect.isfunction(value) and inspect.signature(value).parameters:
            assert "Parameters\n----------\n" in doc, f"{name}.{exported} has no Parameters section"
        if inspect.isfunction(value) and inspect.signature(value).return_annotation not in ("None", None):
            assert "Returns\n-------\n" in doc, f"{name}.{exported} has no Returns section"


@pytest.mark.parametrize("name", PUBLIC)
def test_docstrings_match_the_signatures(name):
    """numpydoc's own checks: every parameter documented (and none invented), a Returns
    section where something is returned, an Examples section; methods included."""
    validate = pytest.importorskip("numpydoc.validate").validate
    checked = {"PR01", "PR02", "PR04", "RT01", "EX01", "GL08"}
    problems = []
    for exported, value in _exported(name):
        skip = {"PR01"} if inspect.isclass(value) and (dataclasses.is_dataclass(value)
                                                       or issubclass(value, enum.Enum)) else set()
        targets = [(f"agent_economies.{name}.{exported}", skip)]
        if inspect.isclass(value) and not issubclass(value, enum.Enum):
            targets += [(f"agent_economies.{name}.{exported}.{method}", {"EX01"})
                        for method, member in vars(value).items()
                        if not method.startswith("_") and inspect.isfunction(member)]
        for target, ignored in targets:
            problems += [f"{target}: {code} {message}" for code, message in validate(target)["errors"]
                         if code in checked - ignored]
    assert not problems, "\n".join(problems)


def test_every_public_function_is_annotated():
    for name in PUBLIC + PRIVATE:
        module = importlib.import_module(f"agent_economies.{name}")
        for attribute, value in vars(module).items():
            if not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            signature = inspect.signature(value)
            for parameter in signature.parameters.values():
                assert parameter.annotation is not inspect.Parameter.empty, f"{name}.{attribute}({parameter.name})"
            assert signature.return_annotation is not inspect.Signature.empty, f"{name}.{attribute} return"


def test_the_package_is_marked_typed_and_ships_the_marker():
    assert (PACKAGE / "py.typed").is_file()
    pyproject = (PACKAGE.parent / "pyproject.toml").read_text()
    assert '"py.typed"' in pyproject and "[tool.mypy]" in pyproject and "strict = true" in pyproject


# --- option enums --------------------------------------------------------------------------

V, B, S = np.array([[3.0, 1.0], [1.0, 3.0]]), np.array([5.0, 5.0]), np.array([2.0, 2.0])
IP, IX, CT = np.array([0, 2, 4, 5]), np.array([0, 1, 0, 1, 2]), np.array([3.0, 1.0, 3.0, 1.0, 5.0])


def _ledger():
    return missions.ledger_from_ids([["a", "b"], ["c"]], ["a", "b", "c"], [0.9, 0.7, 0.2],
                                    np.array([True, True, False]))


OPTIONS = [
    # (argument, enum, call taking the option)
    ("solver", auction.Solver, lambda o: auction.run_market(V, B, S, solver=o).prices),
    ("metric", identity.Metric, lambda o: [c.tolist() for c in identity.sybil_clusters(IP, IX, CT, metric=o)]),
    ("clustering", identity.Clustering,
     lambda o: [c.tolist() for c in identity.sybil_clusters(IP, IX, CT, threshold=0.5, clustering=o)]),
    ("path", identity.JoinPath, lambda o: identity.similar_pairs(IP, IX, CT, threshold=0.5, path=o).scores),
    ("metric", identity.Metric, lambda o: identity.SybilLever(0.5, metric=o).detect()),
    ("strategy", missions.Strategy, lambda o: missions.rewards(_ledger(), 10.0, o).amounts),
    ("method", missions.ShapleyMethod,
     lambda o: missions.shapley(_ledger(), ["avg_p"], [0.5], [1.0], method=o, coalitions=64).players),
    ("reward_distribution", missions.Strategy, lambda o: missions.Economy(reward_distribution=o).info),
]


@pytest.mark.parametrize("argument, kind, call", OPTIONS, ids=[f"{row[1].__name__}-{row[0]}" for row in OPTIONS])
def test_enum_members_and_their_strings_give_the_same_answer(argument, kind, call):
    assert issubclass(kind, str) and issubclass(kind, enum.Enum)
    for member in kind:
        by_member, by_string = call(member), call(member.value)
        if isinstance(by_member, np.ndarray):
            assert np.array_equal(by_member, by_string, equal_nan=by_member.dtype.kind == "f")
        elif not callable(by_member):
            assert by_member == by_string
        assert str(member) == member.value and f"{member}" == member.value and member == member.value


@pytest.mark.parametrize("argument, kind, call", OPTIONS, ids=[f"{row[1].__name__}-{row[0]}" for row in OPTIONS])
def test_unknown_options_are_refused_naming_the_argument_and_value(argument, kind, call):
    with pytest.raises(ValueError, match=rf"^{argument}: 'bogus' is not one of '"):
        call("bogus")
    with pytest.raises(TypeError, match=rf"^{argument}: expected one of "):
        call(3)


def test_hfn_order_kinds_and_outcomes_are_int_enums():
    assert issubclass(hfn.OrderKind, enum.IntEnum) and issubclass(hfn.Outcome, enum.IntEnum)
    assert (hfn.BID, hfn.ASK, hfn.CANCEL, hfn.OTHER) == (0, 1, 2, 3)
    assert hfn.ACCEPTED is hfn.Outcome.ACCEPTED and hfn.REJECTED_UNKNOWN_TYPE == 7
    results = []
    for kind in (hfn.OrderKind.BID, 0, "bid", "BID"):
        engine = hfn.Engine(seed=1)
        engine.reserve(1, 1)
        results.append(engine.submit(0, 0, kind, 1.0, 1.0))
    assert all(result == results[0] for result in results)
    assert results[0].outcome is hfn.Outcome.ACCEPTED and isinstance(results[0].latency_ms, float)
    engine = hfn.Engine(seed=1)
    engine.reserve(2, 1)
    batch = engine.submit_batch([0, 1, 0], [0, 0, 0], ["bid", hfn.ASK, "other"], [1.0, 1.0, 1.0], [1.0, 2.0, 1.0])
    assert [hfn.Outcome(code) for code in batch.outcomes] == [hfn.ACCEPTED, hfn.ACCEPTED,
                                                               hfn.REJECTED_UNKNOWN_TYPE]
    with pytest.raises(ValueError, match=r"^kind: 'buy' is not one of 'ask', 'bid', 'cancel', 'other'$"):
        engine.submit(0, 0, "buy", 1.0, 1.0)
    with pytest.raises(ValueError, match=r"^kinds\[1\]: 'sell' is not one of"):
        engine.submit_batch([0, 1], [0, 0], ["bid", "sell"], [1.0, 1.0], [1.0, 1.0])


def test_mission_statuses_are_enum_members_equal_to_their_strings():
    economy = missions.Economy(min_participants=1)
    mission = economy.propose(0, [missions.MissionMetric.AVG_P], [0.5], [1.0], reward_pool=10.0, deadline_epoch=3)
    info = economy.info(mission)
    assert info.status is missions.MissionStatus.ACTIVE and info.status == "active"
    assert missions.STATUSES[2] == "succeeded"


# --- frozen results ------------------------------------------------------------------------

def _results():
    market = auction.run_market(V, B, S)
    engine = hfn.Engine(seed=1, batch_interval_ticks=1)
    engine.reserve(2, 1)
    submission = engine.submit(0, 0, hfn.BID, 1.0, 1.0)
    batch = engine.submit_batch([1], [0], [hfn.ASK], [1.0], [1.0])
    tick = engine.process_tick()
    detector = hfn.CrashDetector(window_ticks=5)
    for t, price in enumerate([100.0, 100.0, 80.0]):
        detector.update(price, 5, t)
    lever = identity.SybilLever(0.5)
    lever.record([1, 2], [3, 3])
    lever.detect()
    registry = identity.Registry()
    registry.create_identity(1)
    economy = missions.Economy(min_participants=1)
    mission = economy.propose(0, ["avg_p"], [0.5], [1.0], reward_pool=10.0, deadline_epoch=3)
    economy.record(0, mission, 7)
    model = permeability.Model(seed=1)
    return [
        market, auction.envy_pairs(V, B, market), submission, batch, tick, engine.state(), engine.trades(),
        detector.crashes()[0], identity.patterns_to_csr({"a": {"x": 1}}), identity.similar_pairs(IP, IX, CT),
        lever.is_flagged(1), registry.trust_scores(), missions.rewards(_ledger(), 10.0),
        missions.shapley(_ledger(), ["avg_p"], [0.5], [1.0]), _ledger(),
        economy.evaluate(mission, [7], [0.9], [True], epoch=1), economy.info(mission),
        economy.distribute(mission, [7], [0.9], [True]), payoffs.soft_payoffs([0.5]),
        payoffs.soft_metrics([0.5], [True]), permeability.spillover([0.5], [True], permeability=0.5),
        model.should_cross(0.5, 0.5), model.state(),
    ]


def test_every_result_is_a_frozen_dataclass():
    results = _results()
    assert len({type(result) for result in results}) == len(results)
    for result in results:
        assert dataclasses.is_dataclass(result), type(result).__name__
        first = dataclasses.fields(result)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(result, first, None)


def test_array_fields_are_numpy_arrays():
    for result in _results():
        for field in dataclasses.fields(result):
            value = getattr(result, field.name)
            if "NDArray" in str(field.type) and value is not None:
                assert isinstance(value, np.ndarray), f"{type(result).__name__}.{field.name}"


def test_results_that_were_tuples_still_unpack_and_index():
    pairs = identity.similar_pairs(IP, IX, CT, threshold=0.5)
    first, second, scores = pairs
    assert first is pairs.first and pairs[2] is pairs.scores and len(pairs) == 3 and pairs[-1] is scores
    indptr, indices, counts, ids = identity.patterns_to_csr({"a": {"x": 3}, "b": {"x": 1}})
    assert ids == ["a", "b"] and indptr.tolist() == [0, 1, 2]
    initiator, counterparty = payoffs.soft_payoffs([0.9])
    assert initiator.shape == counterparty.shape == (1,)
    engine = hfn.Engine(seed=1)
    engine.reserve(1, 1)
    outcome, latency = engine.submit(0, -1, hfn.CANCEL, 0.0, 0.0)
    assert outcome == hfn.CANCELLED and latency is None
    assert tuple(identity.FlagStatus(True, 3)) == (True, 3)


def test_results_that_were_dicts_still_read_by_key():
    engine = hfn.Engine(seed=1)
    engine.reserve(2, 1)
    state = engine.state()
    assert state["agents"] == state.agents == 2 and state["halted"] is False
    economy = missions.Economy()
    mission = economy.propose(0, ["avg_p"], [0.5], [1.0], reward_pool=10.0, deadline_epoch=3)
    assert economy.info(mission)["status"] == "proposed"
    assert economy.evaluate(mission, [1], [0.5], [True])["participants"] == 1
    assert permeability.Model().state()["total_blocked"] == 0
    metrics = payoffs.soft_metrics([0.9, 0.2], [True, False])
    assert metrics["quality_gap"] == metrics.quality_gap
    assert metrics["participation_by_quality"]["high_quality_count"] == 1
    with pytest.raises(KeyError):
        state["volume"]


def test_soft_metrics_dict_keeps_swarms_names():
    metrics = payoffs.soft_metrics([0.9, 0.2], [True, False], ground_truth=[1, -1])
    as_dict = metrics.to_dict()
    assert as_dict["quality_gap"] == metrics.quality_gap
    assert as_dict["welfare_metrics"]["total_welfare"] == metrics.total_welfare
    assert as_dict["calibration_curve"] and as_dict["brier_score"] == metrics.brier_score
    assert len(as_dict["quality_distribution"]) == metrics.quality_counts.shape[0] == 10


# --- scipy sparse input --------------------------------------------------------------------

def _planted(agents=120, features=30, seed=3):
    rng = np.random.default_rng(seed)
    dense = np.zeros((agents, features))
    for row in range(agents):
        dense[row, rng.choice(features, size=6, replace=False)] = rng.integers(1, 9, size=6)
    for group in range(agents // 20):  # rings of 3 agents with one pattern
        dense[group * 20 + 1:group * 20 + 3] = dense[group * 20]
    return dense


def _triples(dense):
    rows, columns = np.nonzero(dense)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=dense.shape[0]))])
    return indptr, columns.astype(np.int32), dense[rows, columns]


@pytest.mark.parametrize("form", ["csr_array", "csr_matrix", "coo_array", "csc_matrix"])
def test_scipy_sparse_matrices_give_the_triples_answers(form):
    sparse = pytest.importorskip("scipy.sparse")
    dense = _planted()
    matrix = getattr(sparse, form)(dense)
    indptr, indices, counts = _triples(dense)
    for clustering in ("greedy", "connected_components"):
        expected = identity.sybil_clusters(indptr, indices, counts, threshold=0.55, clustering=clustering)
        got = identity.sybil_clusters(matrix, threshold=0.55, clustering=clustering)
        assert [c.tolist() for c in got] == [c.tolist() for c in expected] and len(expected) >= 6
    expected_pairs = identity.similar_pairs(indptr, indices, counts, threshold=0.5)
    got_pairs = identity.similar_pairs(matrix, threshold=0.5)
    for name in ("first", "second", "scores"):
        assert np.array_equal(getattr(got_pairs, name), getattr(expected_pairs, name))
    registry = identity.Registry(behavioral_similarity_threshold=0.55)
    assert [c.tolist() for c in registry.detect_sybils(matrix)] == [
        c.tolist() for c in registry.detect_sybils(indptr, indices, counts)]


def test_sparse_duplicates_are_summed_as_scipy_sums_them():
    sparse = pytest.importorskip("scipy.sparse")
    rows, columns, values = np.array([0, 0, 0, 1, 1]), np.array([1, 0, 1, 0, 1]), np.array([1.0, 3, 1, 3, 2])
    matrix = sparse.coo_array((values, (rows, columns)), shape=(2, 3))
    summed = sparse.csr_array(matrix.toarray())
    assert np.array_equal(identity.similar_pairs(matrix, threshold=0.0).scores,
                          identity.similar_pairs(summed, threshold=0.0).scores)


def test_patterns_and_sparse_input_refuse_extra_arrays():
    sparse = pytest.importorskip("scipy.sparse")
    patterns = identity.patterns_to_csr({"a": {"x": 3, "y": 1}, "b": {"x": 3, "y": 1}})
    assert [c.tolist() for c in identity.sybil_clusters(patterns, threshold=0.7)] == [[0, 1]]
    with pytest.raises(TypeError, match=r"^indices: must be omitted when the first argument is Patterns"):
        identity.sybil_clusters(patterns, IX, CT)
    with pytest.raises(TypeError, match=r"^counts: must be omitted when the first argument is a scipy sparse"):
        identity.similar_pairs(sparse.csr_array(np.eye(2)), None, CT)
    with pytest.raises(TypeError, match=r"^indices: expected an array, got None$"):
        identity.sybil_clusters(IP)


def test_scipy_is_not_imported_by_the_package():
    import subprocess
    import sys

    code = ("import sys, numpy as np\nfrom agent_economies import identity\n"
            "identity.sybil_clusters(np.array([0, 1, 2]), np.array([0, 0]), np.array([1.0, 1.0]))\n"
            "print('scipy' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


# --- SWARM's bounds on thresholds and rates -------------------------------------------------

BOUNDS = [
    # (argument, bad value, call with it); the message must be "argument: must be ..., got value"
    ("threshold", 1.5, lambda x: identity.sybil_clusters(IP, IX, CT, threshold=x)),
    ("threshold", -0.1, lambda x: identity.similar_pairs(IP, IX, CT, threshold=x)),
    ("threshold", 1.01, lambda x: identity.SybilLever(x)),
    ("behavioral_similarity_threshold", 2.0, lambda x: identity.Registry(behavioral_similarity_threshold=x)),
    ("identity_creation_cost", -1.0, lambda x: identity.Registry(identity_creation_cost=x)),
    ("credential_expiry_epochs", 0, lambda x: identity.Registry(credential_expiry_epochs=x)),
    ("max_identities_per_entity", 0, lambda x: identity.Registry(max_identities_per_entity=x)),
    ("price_adjustment_rate", 0.0, lambda x: auction.run_market(V, B, S, price_adjustment_rate=x)),
    ("price_adjustment_rate", 1.5, lambda x: auction.run_market(V, B, S, price_adjustment_rate=x)),
    ("convergence_tolerance", 0.0, lambda x: auction.run_market(V, B, S, convergence_tolerance=x)),
    ("envy_tolerance", -0.5, lambda x: auction.run_market(V, B, S, envy_tolerance=x)),
    ("envy_tolerance", -0.5, lambda x: auction.envy_pairs(V, B, auction.run_market(V, B, S), envy_tolerance=x)),
    ("max_rounds", 0, lambda x: auction.run_market(V, B, S, max_rounds=x)),
    ("contagion_rate", 1.5, lambda x: permeability.spillover([0.5], [True], permeability=0.5, contagion_rate=x)),
    ("permeability", -0.2, lambda x: permeability.spillover([0.5], [True], permeability=x)),
    ("spillover_amplification", -1.0, lambda x: permeability.optimal_permeability([0.5], [True],
                                                                                  spillover_amplification=x)),
    ("base_permeability", 1.2, lambda x: permeability.Model(base_permeability=x)),
    ("information_decay", -0.5, lambda x: permeability.Model(information_decay=x)),
    ("contagion_rate", 2.0, lambda x: permeability.Model(contagion_rate=x)),
    ("threat_sensitivity", -1.0, lambda x: permeability.Model(threat_sensitivity=x)),
    ("price_drop_threshold", 1.5, lambda x: hfn.CrashDetector(price_drop_threshold=x)),
    ("price_drop_threshold", 0.0, lambda x: hfn.Engine(price_drop_threshold=x)),
    ("volume_spike_factor", 0.0, lambda x: hfn.CrashDetector(volume_spike_factor=x)),
    ("window_ticks", 0, lambda x: hfn.CrashDetector(window_ticks=x)),
    ("latency_noise_ms", -1.0, lambda x: hfn.Engine(latency_noise_ms=x)),
    ("max_orders_per_tick", 0, lambda x: hfn.Engine(max_orders_per_tick=x)),
    ("batch_interval_ticks", 0, lambda x: hfn.Engine(batch_interval_ticks=x)),
    ("halt_duration_ticks", 0, lambda x: hfn.Engine(halt_duration_ticks=x)),
    ("min_participants", 0, lambda x: missions.Economy(min_participants=x)),
    ("max_active_missions", 0, lambda x: missions.Economy(max_active_missions=x)),
]


@pytest.mark.parametrize("argument, value, call", BOUNDS, ids=[f"{row[0]}={row[1]}" for row in BOUNDS])
def test_out_of_range_values_are_refused_naming_the_argument_and_value(argument, value, call):
    with pytest.raises(ValueError, match=rf"^{argument}: must be .*, got {value}$"):
        call(value)


@pytest.mark.parametrize("argument, value, call", BOUNDS, ids=[f"{row[0]}={row[1]}" for row in BOUNDS])
def test_nan_is_outside_every_range(argument, value, call):
    if isinstance(value, int):
        pytest.skip("an int argument")
    with pytest.raises(ValueError, match=rf"^{argument}: must be .*, got nan$"):
        call(float("nan"))


def test_the_bounds_themselves_are_accepted():
    assert identity.sybil_clusters(IP, IX, CT, threshold=0) and identity.sybil_clusters(IP, IX, CT, threshold=1) == []
    auction.run_market(V, B, S, price_adjustment_rate=1.0, envy_tolerance=0.0, max_rounds=1)
    permeability.spillover([0.5], [True], permeability=0, contagion_rate=1, spillover_amplification=0)
    permeability.Model(base_permeability=1.0, information_decay=0.0, threat_sensitivity=0.0)
    hfn.CrashDetector(price_drop_threshold=1.0, window_ticks=1)
    hfn.Engine(latency_noise_ms=0.0, max_orders_per_tick=1, batch_interval_ticks=1, halt_duration_ticks=1)
    identity.Registry(identity_creation_cost=0.0, behavioral_similarity_threshold=0.0, credential_expiry_epochs=1)
    missions.Economy(min_participants=1, max_active_missions=1)
