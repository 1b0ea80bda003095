"""The Python driver's cost over the Swift run: the same scenario and seed run by the library's
own loop (a one-run sweep, its epochs timed inside the library) and epoch by epoch from Python
(``Simulation.run_epoch``, each call timed here, records turned into dicts), in one process.

    python -m agent_economies.driver_bench [--scenario FILE] [--agents N] [--epochs E] [--threads T]

The Python side's records are checked equal to the sweep's, timing columns aside.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import simulation

__all__ = ["measure", "main"]


def measure(scenario: simulation.Scenario, agents: int, epochs: int, threads: Optional[int] = None,
            repeats: int = 2, **overrides: Any) -> Dict[str, float]:
    """Seconds per epoch of the library's loop and of the Python driver, and the overhead.

    Parameters
    ----------
    scenario : str, os.PathLike or dict
        A scenario YAML file, or a dict in its schema.
    agents, epochs : int
        The run's size.
    threads : int, optional
        Kernel worker threads for both runs.
    repeats : int
        Runs of each side, alternating; the fastest of each counts.
    **overrides
        Dotted scenario keys for both runs.

    Returns
    -------
    dict of str to float
        ``swift_epoch_seconds``, ``python_epoch_seconds`` and ``overhead`` (the Python driver's
        extra time over the library's, as a fraction of the library's).

    Raises
    ------
    AssertionError
        When the two runs' records differ (timing columns aside).

    Examples
    --------
    >>> from agent_economies import driver_bench
    >>> figures = driver_bench.measure({"auction": {"resources": 4}}, agents=300, epochs=2)
    >>> sorted(figures)
    ['overhead', 'python_epoch_seconds', 'swift_epoch_seconds']
    """
    settings = {**overrides, "agents": agents, "epochs": epochs}
    swift, seconds = float("inf"), float("inf")
    for _ in range(max(1, repeats)):
        records, library = _library_run(scenario, threads, settings)
        rows, driver = _driver_run(scenario, threads, settings)
        swift, seconds = min(swift, library), min(seconds, driver)
        for mine, theirs in zip(rows, records):
            for key, value in theirs.items():
                if not key.startswith("seconds_"):
                    assert np.float64(mine[key]) == np.float64(value), (key, mine[key], value)
    return {"swift_epoch_seconds": swift / epochs, "python_epoch_seconds": seconds / epochs,
            "overhead": (seconds - swift) / swift}


def _library_run(scenario: simulation.Scenario, threads: Optional[int],
                 settings: Dict[str, Any]) -> Tuple[List[Dict[str, Any]], float]:
    """A one-run sweep's records and the seconds of its steps (timed inside the library)."""
    with tempfile.TemporaryDirectory() as folder:
        simulation.sweep(scenario, vary={}, seeds=1, out=Path(folder) / "s", threads=threads, progress=False,
                         **settings)
        (run,) = (Path(folder) / "s" / "runs").iterdir()
        records = [json.loads(line) for line in (run / "epochs.jsonl").read_text().splitlines()]
    steps = sum(sum(value for key, value in record.items() if key.startswith("seconds_")) for record in records)
    return records, steps


def _driver_run(scenario: simulation.Scenario, threads: Optional[int],
                settings: Dict[str, Any]) -> Tuple[List[Dict[str, float]], float]:
    """The records of a run driven from Python and the seconds of its `run_epoch` calls."""
    seconds = 0.0
    rows: List[Dict[str, float]] = []
    with simulation.Simulation(scenario, threads=threads, **settings) as driven:
        while True:
            start = time.perf_counter()
            record = driven.run_epoch()
            seconds += time.perf_counter() - start
            if record is None:
                return rows, seconds
            rows.append(record)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line: ``python -m agent_economies.driver_bench [--scenario FILE] [--agents N] [--epochs E]``.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when the records agree.

    Examples
    --------
    >>> from agent_economies import driver_bench
    >>> driver_bench.main(["--agents", "300", "--epochs", "2"])  # doctest: +SKIP
    agents 300, epochs 2: library 0.0101 s/epoch (steps), Python driver 0.0105 s/epoch, overhead 3.9%
    0
    """
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenario", default=None, help="a scenario YAML file (default: the built-in defaults)")
    parser.add_argument("--agents", type=int, default=100_000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    arguments = parser.parse_args(argv)
    scenario: simulation.Scenario = arguments.scenario if arguments.scenario else {}
    figures = measure(scenario, arguments.agents, arguments.epochs, threads=arguments.threads)
    print(f"agents {arguments.agents}, epochs {arguments.epochs}: library {figures['swift_epoch_seconds']:.4f} "
          f"s/epoch (steps), Python driver {figures['python_epoch_seconds']:.4f} s/epoch, "
          f"overhead {100 * figures['overhead']:.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
