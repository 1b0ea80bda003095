"""The Python driver of the simulation: equal to `simulate` column for column, per-agent
columns that agree with the records, sweeps whose tables match a hand computation, resume,
refusals naming the key, and one simulation shared by 8 threads."""

import csv
import json
import math
import os
import shutil
import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest

from agent_economies import AgentEconomiesError, simulation

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
SMALL = {"agents": 400, "epochs": 3, "seed": 21, "auction": {"resources": 4}, "missions": {"per_epoch": 4},
         "population": {"sybil_entities": 4, "sybil_ring_size": 5}}
TIMING = tuple(name for name in simulation.COLUMNS if name.startswith("seconds_"))
# t(0.975) for 2 and 4 degrees of freedom.
T975 = {3: 4.302652729749464, 5: 2.7764451051977934}


def simulate_binary():
    """The `simulate` executable: $AGENT_ECONOMIES_SIMULATE (scripts/test-python.sh builds and
    sets it, so CI always compares), else the checkout's release build."""
    path = os.environ.get("AGENT_ECONOMIES_SIMULATE") or str(ROOT / ".build" / "release" / "simulate")
    if not os.access(path, os.X_OK):
        if os.environ.get("AGENT_ECONOMIES_SIMULATE"):
            raise AssertionError(f"AGENT_ECONOMIES_SIMULATE={path} is not an executable")
        pytest.skip("no simulate executable (scripts/test-python.sh builds one)")
    return path


def read_csv(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {name: np.array([float(row[name]) for row in rows]) for name in rows[0]}


@pytest.mark.parametrize("name, overrides", [
    ("baseline", {"agents": 2000, "epochs": 3}),
    ("free-riding", {"agents": 600, "epochs": 4}),
    ("sybil-evasion", {"agents": 2000, "epochs": 4, "population.sybil_entities": 20}),
])
def test_driver_equals_simulate(tmp_path, name, overrides):
    binary = simulate_binary()
    scenario = SCENARIOS / f"{name}.yaml"
    driven = simulation.run(scenario, threads=2, **overrides).records
    # The same overrides through the CLI: a one-setting sweep writes its run as simulate does.
    arguments = [binary, "sweep", "--scenario", str(scenario), "--seeds", "1", "--out", str(tmp_path / "sweep")]
    for key, value in overrides.items():
        arguments += ["--set", f"{key}={value}"]
    subprocess.run(arguments, check=True, capture_output=True)
    (run_directory,) = (tmp_path / "sweep" / "runs").iterdir()
    # And plain simulate on the resolved scenario the sweep wrote.
    subprocess.run([binary, "--scenario", str(run_directory / "scenario.resolved.yaml"), "--threads", "1",
                    "--out", str(tmp_path / "plain")], check=True, capture_output=True)
    for written in (read_csv(run_directory / "epochs.csv"), read_csv(tmp_path / "plain" / "epochs.csv")):
        assert list(written) == list(simulation.COLUMNS)
        for column in simulation.COLUMNS:
            if column not in TIMING:
                np.testing.assert_array_equal(driven[column], written[column], err_msg=column)


def test_epochs_records_and_agents_agree():
    with simulation.Simulation(SMALL, threads=1) as sim:
        assert (sim.agents_count, sim.epochs, sim.epochs_run, sim.seed) == (400, 3, 0, 21)
        first = sim.run_epoch()
        assert first is not None and first["epoch"] == 1.0 and sim.epochs_run == 1
        rest = list(sim)
        assert [record["epoch"] for record in rest] == [2.0, 3.0]
        assert sim.run_epoch() is None
        records = sim.records()
        assert records["epoch"].tolist() == [1.0, 2.0, 3.0]
        assert records["mean_p"][0] == first["mean_p"]
        agents = sim.agents()
    assert agents.type_names == ("honest", "opportunistic", "deceptive", "adversarial")
    assert agents.wallet.shape == (400,) and agents.wallet.dtype == np.float64
    # Tokens are conserved: the wallets sum to the last record's total.
    assert math.isclose(agents.wallet.sum(), records["tokens_total"][-1], rel_tol=1e-12)
    # 4 rings of 5 identities, numbered 0..3; ring members are adversarial identities.
    rings = agents.ring[agents.ring >= 0]
    assert sorted(np.bincount(rings).tolist()) == [5, 5, 5, 5]
    assert set(agents.type[agents.ring >= 0].tolist()) == {3}
    assert set(np.unique(agents.effort).tolist()) <= {0.0, 0.25, 0.5, 0.75, 1.0}
    assert agents.flagged.dtype == np.bool_ and agents.active.dtype == np.bool_
    with pytest.raises(Exception):
        agents.wallet = np.zeros(1)  # frozen


def test_refusals_name_the_key(tmp_path):
    with pytest.raises(AgentEconomiesError, match=r"identity\.similarity_treshold: unknown key") as caught:
        simulation.Simulation(SMALL, **{"identity.similarity_treshold": 0.5})
    assert caught.value.status == simulation.ERROR_SCENARIO
    with pytest.raises(AgentEconomiesError, match=r"identity\.similarity_threshold: must be in \[0, 1\], got 1\.5"):
        simulation.Simulation(SMALL, **{"identity.similarity_threshold": 1.5})
    with pytest.raises(AgentEconomiesError, match="missions.reward_distribution: must be one of"):
        simulation.Simulation(SMALL, **{"missions.reward_distribution": "lottery"})
    with pytest.raises(AgentEconomiesError, match=r"population\.types\[9\]"):
        simulation.Simulation(SCENARIOS / "baseline.yaml", **{"population.types[9].share": 0.5})
    with pytest.raises(AgentEconomiesError, match="agents: must be >= 2"):
        simulation.Simulation({"agents": 1})
    with pytest.raises(AgentEconomiesError) as caught:
        simulation.Simulation({"agents": 10**12})
    assert caught.value.status == simulation.ERROR_OUT_OF_MEMORY and "GiB" in str(caught.value)
    with pytest.raises(FileNotFoundError, match="no-such.yaml"):
        simulation.Simulation(tmp_path / "no-such.yaml")
    with pytest.raises(TypeError, match="scenario"):
        simulation.Simulation(42)
    with pytest.raises(TypeError, match="economy.adaptive"):
        simulation.Simulation(SMALL, **{"economy.adaptive": object()})
    with pytest.raises(ValueError, match="threads"):
        simulation.Simulation(SMALL, threads=0)
    bad = tmp_path / "bad.yaml"
    bad.write_text("agents: [1, 2\n")
    with pytest.raises(AgentEconomiesError) as caught:
        simulation.Simulation(bad)
    assert caught.value.status == simulation.ERROR_SCENARIO


def test_sweep_tables_match_a_hand_computation(tmp_path):
    vary = {"missions.reward_distribution": ["equal", "shapley"], "identity.similarity_threshold": [0.6, 0.9]}
    result = simulation.sweep(SMALL, vary=vary, seeds=3, seed_base=100, out=tmp_path / "s", progress=False)
    assert result.axes == ("missions.reward_distribution", "identity.similarity_threshold")
    assert result.directory == tmp_path / "s"
    runs, summary = result.runs, result.summary
    assert len(runs["seed"]) == 12 and runs["seed"][:3].tolist() == [100, 101, 102]
    assert runs["missions.reward_distribution"].tolist()[:6] == ["equal"] * 6
    assert runs["identity.similarity_threshold"].tolist()[:6] == [0.6, 0.6, 0.6, 0.9, 0.9, 0.9]
    assert summary["runs"].tolist() == [3, 3, 3, 3]
    # Each run's means are the means of a run of its scenario, driven here.
    driven = simulation.run(SMALL, seed=101, **{"missions.reward_distribution": "equal",
                                                  "identity.similarity_threshold": 0.6}).records
    for metric in ("mean_p", "total_welfare", "sybil_recall", "free_rider_index", "tokens_total"):
        assert runs[metric][1] == driven[metric].mean()
        for row in range(4):
            values = runs[metric][3 * row: 3 * row + 3]
            assert math.isclose(summary[f"{metric}_mean"][row], values.mean(), rel_tol=1e-12, abs_tol=1e-12)
            half = T975[3] * values.std(ddof=1) / math.sqrt(3)
            assert math.isclose(summary[f"{metric}_ci95"][row], half, rel_tol=1e-9, abs_tol=1e-12)
    # The directory reads back the same, and the report of `simulate sweep` is the same format.
    again = simulation.read_sweep(tmp_path / "s")
    for name in summary:
        np.testing.assert_array_equal(again.summary[name], summary[name])


def test_sweep_resume_processes_and_refusals(tmp_path):
    vary = {"identity.similarity_threshold": [0.5, 0.8]}
    out = tmp_path / "s"
    first = simulation.sweep(SMALL, vary=vary, seeds=2, out=out, progress=False)
    stamps = {path: path.stat().st_mtime_ns for path in out.glob("runs/*/summary.json")}
    lost = sorted(out.glob("runs/*"))[0]
    shutil.rmtree(lost)  # one run lost
    (out / "runs.csv").unlink()
    with pytest.raises(AgentEconomiesError, match="already holds a sweep") as caught:
        simulation.sweep(SMALL, vary=vary, seeds=2, out=out, progress=False)
    assert caught.value.status == simulation.ERROR_IO
    with pytest.raises(AgentEconomiesError, match="different sweep"):
        simulation.sweep(SMALL, vary=vary, seeds=3, out=out, resume=True, progress=False)
    resumed = simulation.sweep(SMALL, vary=vary, seeds=2, out=out, resume=True, processes=2, progress=False)
    # The three complete runs were skipped (their files untouched), the lost one ran again.
    kept = {path: path.stat().st_mtime_ns for path in out.glob("runs/*/summary.json") if path.parent != lost}
    assert kept == {path: stamp for path, stamp in stamps.items() if path.parent != lost} and len(kept) == 3
    assert (lost / "summary.json").is_file()
    for name in first.runs:
        if name.startswith("seconds_"):
            continue
        np.testing.assert_array_equal(resumed.runs[name], first.runs[name], err_msg=name)
    # In a temporary directory with 3 processes: the same tables.
    parallel = simulation.sweep(SMALL, vary=vary, seeds=2, processes=3, progress=False)
    assert parallel.directory is None
    np.testing.assert_array_equal(parallel.runs["mean_p"], first.runs["mean_p"])
    with pytest.raises(AgentEconomiesError, match="identity.similarity_threshold: must be in"):
        simulation.sweep(SMALL, vary={"identity.similarity_threshold": [0.5, 2.0]}, out=tmp_path / "t")
    assert not (tmp_path / "t" / "runs").exists() or not any((tmp_path / "t" / "runs").iterdir())
    with pytest.raises(AgentEconomiesError, match="seed"):
        simulation.sweep(SMALL, vary={"seed": [1, 2]})
    with pytest.raises(ValueError, match="seeds"):
        simulation.sweep(SMALL, vary=vary, seeds=0)
    with pytest.raises(TypeError, match="vary"):
        simulation.sweep(SMALL, vary=[("a", 1)])
    with pytest.raises(TypeError, match=r"vary\['identity.similarity_threshold'\]"):
        simulation.sweep(SMALL, vary={"identity.similarity_threshold": 0.5})


def test_one_simulation_shared_by_eight_threads_and_eight_of_their_own():
    scenario = {**SMALL, "epochs": 8}
    expected = simulation.run(scenario, threads=1).records
    shared = simulation.Simulation(scenario, threads=1)
    seen = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)
    failures = []

    def worker(t):
        try:
            barrier.wait()
            record = shared.run_epoch()
            with lock:
                seen.append(record)
            # Each thread also runs its own simulation at its own seed and checks it.
            own = simulation.run(scenario, threads=1, seed=1000 + t).records
            again = simulation.Simulation(scenario, threads=2, seed=1000 + t)
            for epoch, record in enumerate(again, start=1):
                assert record["epoch"] == epoch
                assert record["mean_p"] == own["mean_p"][epoch - 1], (t, epoch)
            again.close()
        except BaseException as error:  # noqa: BLE001 (reported below)
            failures.append((t, error))

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    epochs = sorted(record["epoch"] for record in seen)
    assert epochs == [float(epoch) for epoch in range(1, 9)]
    records = shared.records()
    for column in simulation.COLUMNS:
        if column not in TIMING:
            np.testing.assert_array_equal(records[column], expected[column], err_msg=column)
    shared.close()
