"""agent_economies.report: a synthetic run directory drawn to PNG, and the errors it names."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from agent_economies import report  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TIMING = ("interactions", "identity", "sybil", "permeability", "auction", "missions", "hfn")


def _epoch(number):
    """One epoch's row with every column `simulate` writes, values of realistic magnitude."""
    wave = math.sin(number)
    row = {
        "epoch": number,
        "active_agents": 400,
        "interactions": 8000,
        "mean_p": 0.66 + 0.01 * wave,
        "acceptance_rate": 0.6 + 0.05 * wave,
        "mean_trust": min(0.4 + 0.05 * number, 0.9),
        "spillover_harm": 50.0 + 10.0 * wave,
        "containment_rate": 0.7 + 0.02 * wave,
        "effective_permeability": 0.38,
        "sybil_clusters": number % 3,
        "sybil_flagged": 3 * (number % 3),
        "sybil_precision": 1.0,
        "sybil_recall": 0.8,
        "auction_gini": 0.25 + 0.02 * wave,
        "envy_violations": 30000 + 1000 * number,
        "max_excess_demand": 1.5,
        "auction_rounds": 50,
        "missions_succeeded": 8 + number % 3,
        "rewards_paid": 1000.0 * (8 + number % 3),
        "free_rider_index": 0.1,
        "trades": 900 + 20 * number,
        "flash_crashes": 1 if number == 3 else 0,
        "halted_ticks": 9 if number == 3 else 0,
        "market_price": 0.88 if number == 3 else 1.0,
    }
    for index, component in enumerate(TIMING):
        row[f"seconds_{component}"] = 0.001 * (index + 1) * (1 + 0.1 * wave)
    return row


@pytest.fixture
def run(tmp_path):
    """A five-epoch run directory as `simulate` writes it."""
    directory = tmp_path / "run"
    directory.mkdir()
    lines = [json.dumps(_epoch(number), sort_keys=True) for number in range(1, 6)]
    (directory / "epochs.jsonl").write_text("\n".join(lines) + "\n")
    (directory / "summary.json").write_text(json.dumps({"scenario": "synthetic", "agents": 400, "epochs": 5}))
    (directory / "scenario.resolved.yaml").write_text("name: from-yaml\nagents: 123\nepochs: 5\nseed: 1\n")
    return directory


def _assert_png(path):
    path = Path(path)
    assert path.is_file()
    assert path.stat().st_size > 0
    assert path.read_bytes()[:8] == PNG_SIGNATURE


def _error(callable_, *arguments, **keywords):
    with pytest.raises(SystemExit) as raised:
        callable_(*arguments, **keywords)
    assert raised.value.code == 2
    return str(raised.value)


def test_draw_writes_the_default_png_into_the_run_directory(run):
    path = report.draw(run)
    assert path == run / "report.png"
    _assert_png(path)


def test_out_takes_a_png_path_or_a_directory(run, tmp_path):
    named = report.draw(run, out=tmp_path / "figures" / "run.png")
    assert named == tmp_path / "figures" / "run.png"
    _assert_png(named)
    folder = report.draw(run, out=tmp_path / "elsewhere")
    assert folder == tmp_path / "elsewhere" / "report.png"
    _assert_png(folder)
    assert "--out must be a .png file or a directory" in _error(report.draw, run, out=tmp_path / "run.pdf")


def test_columns_draws_only_the_named_columns(run, tmp_path):
    path = report.draw(run, out=tmp_path / "two.png", columns=["mean_trust", "trades"])
    _assert_png(path)
    path = report.draw(run, out=tmp_path / "string.png", columns=" spillover_harm, seconds_auction ,")
    _assert_png(path)


def test_main_with_columns_and_out(run, tmp_path, capsys):
    out = tmp_path / "cli.png"
    path = report.main([str(run), "--out", str(out), "--columns", "mean_p,market_price,envy_violations"])
    assert path == out
    _assert_png(out)
    assert capsys.readouterr().out.strip() == str(out)


def test_a_run_without_some_columns_still_draws(tmp_path):
    directory = tmp_path / "older"
    directory.mkdir()
    rows = [{"epoch": number, "mean_p": 0.6, "active_agents": 100, "seconds_interactions": 0.01} for number in (1, 2)]
    (directory / "epochs.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    _assert_png(report.draw(directory))


def test_title_falls_back_to_the_resolved_scenario(run):
    rows = report.read_epochs(run)
    assert report._title(run, rows) == "synthetic: 400 agents, 5 epochs"
    (run / "summary.json").unlink()
    assert report._title(run, rows) == "from-yaml: 123 agents, 5 epochs"
    (run / "scenario.resolved.yaml").unlink()
    assert report._title(run, rows) == "run: 5 epochs"


def test_missing_directory(tmp_path):
    message = _error(report.draw, tmp_path / "nowhere")
    assert "run directory not found" in message and "nowhere" in message


def test_missing_epochs_file(tmp_path):
    message = _error(report.draw, tmp_path)
    assert "no epochs.jsonl" in message


@pytest.mark.parametrize("text", ["", "\n  \n"])
def test_empty_epochs_file(tmp_path, text):
    (tmp_path / "epochs.jsonl").write_text(text)
    message = _error(report.draw, tmp_path)
    assert "epochs.jsonl is empty" in message


def test_malformed_line_is_named_by_number(run):
    path = run / "epochs.jsonl"
    lines = path.read_text().splitlines()
    lines[2] = lines[2][:-5]
    path.write_text("\n".join(lines) + "\n")
    message = _error(report.draw, run)
    assert "line 3 is not valid JSON" in message


def test_a_line_that_is_not_an_object(run):
    with (run / "epochs.jsonl").open("a") as handle:
        handle.write("[1, 2]\n")
    assert "line 6 is a JSON list, not an object" in _error(report.draw, run)


def test_unknown_column_lists_the_available_ones(run):
    message = _error(report.draw, run, columns="mean_trust,no_such_column")
    assert "unknown column 'no_such_column'" in message
    assert "available:" in message and "mean_trust" in message and "seconds_hfn" in message
    assert not (run / "report.png").exists()


def test_main_prints_the_error_and_exits_with_status_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as raised:
        report.main([str(tmp_path / "nowhere")])
    assert raised.value.code == 2
    assert "run directory not found" in capsys.readouterr().err


def test_missing_matplotlib_says_how_to_install_it(run, monkeypatch):
    for name in [name for name in sys.modules if name == "matplotlib" or name.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    message = _error(report.draw, run)
    assert "pip install matplotlib" in message


def test_the_report_does_not_load_the_native_library(run):
    package_parent = str(Path(report.__file__).resolve().parents[1])
    environment = dict(os.environ, AGENT_ECONOMIES_LIBRARY="/nonexistent/libAgentEconomiesC.so")
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, environment.get("PYTHONPATH")]))
    script = (
        "import sys\n"
        "from agent_economies import report\n"
        f"report.draw({str(run)!r})\n"
        "assert 'agent_economies._native' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], env=environment, check=True, timeout=120)
    _assert_png(run / "report.png")
