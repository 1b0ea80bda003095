"""Population simulations and parameter sweeps: the engine behind ``simulate``, from Python.

A scenario is a path to a YAML file in the schema of ``simulate`` (``scenarios/*.yaml``) or
a dict in the same schema. Overrides are dotted keys with Python values
(``**{"missions.reward_distribution": "equal", "economy.adaptive": False}``). An unknown key
or a value the schema refuses raises :class:`~agent_economies.AgentEconomiesError` (a
ValueError) naming the key, before anything runs.

The same scenario and seed give the same records as ``simulate`` for any thread count (the
``seconds_*`` timing columns aside). A :class:`Simulation` may be shared between threads
(its calls run one at a time); different simulations run in parallel, and the library
releases the GIL while it works.
"""

from __future__ import annotations

import csv
import ctypes
import json
import math
import os
import sys
import tempfile
import threading
import time
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
from numpy.typing import NDArray

from . import _native
from ._native import ERROR_IO, ERROR_OUT_OF_MEMORY, ERROR_SCENARIO, AgentEconomiesError, Handle, call, call_status, check, lib

__all__ = [
    "Agents", "COLUMNS", "ERROR_IO", "ERROR_OUT_OF_MEMORY", "ERROR_SCENARIO", "Run", "Scenario", "Simulation",
    "SweepResult", "read_sweep", "run", "sweep",
]


#: A scenario: a path to a YAML file, or a dict in the YAML schema.
Scenario = Union[str, "os.PathLike[str]", Mapping[str, Any]]

_status = ctypes.c_int32
_err = [ctypes.c_char_p, ctypes.c_size_t]
_strings = ctypes.POINTER(ctypes.c_char_p)
_i64_p = ctypes.POINTER(ctypes.c_int64)
_i32_p = ctypes.POINTER(ctypes.c_int32)
_u8_p = ctypes.POINTER(ctypes.c_uint8)
_double_p = ctypes.POINTER(ctypes.c_double)


class _Info(ctypes.Structure):
    """ae_simulation_info."""

    _fields_ = [
        ("agents", ctypes.c_int64),
        ("epochs", ctypes.c_int64),
        ("epochs_run", ctypes.c_int64),
        ("seed", ctypes.c_uint64),
        ("types", ctypes.c_int64),
    ]


def _declare(name: str, restype: Any, argtypes: List[Any]) -> None:
    function = getattr(lib, name)
    function.restype = restype
    function.argtypes = argtypes


_declare("ae_simulation_create", _status, [
    ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64, _strings, _strings, ctypes.c_int32,
    ctypes.POINTER(ctypes.c_void_p), *_err])
_declare("ae_simulation_destroy", _status, [ctypes.c_void_p, *_err])
_declare("ae_simulation_column_count", ctypes.c_int64, [])
_declare("ae_simulation_column_name", ctypes.c_char_p, [ctypes.c_int64])
_declare("ae_simulation_get_info", _status, [ctypes.c_void_p, ctypes.POINTER(_Info), *_err])
_declare("ae_simulation_run_epoch", _status, [ctypes.c_void_p, ctypes.c_int64, _double_p, _i32_p, *_err])
_declare("ae_simulation_records", _status, [ctypes.c_void_p, ctypes.c_int64, _double_p, _i64_p, *_err])
_declare("ae_simulation_agents", _status, [
    ctypes.c_void_p, ctypes.c_int64, _i32_p, _double_p, _double_p, _u8_p, _i32_p, _u8_p, *_err])
_declare("ae_simulation_type_name", _status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_char_p, ctypes.c_size_t,
                                              *_err])
_declare("ae_sweep_create", _status, [
    ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64, _strings, _strings, ctypes.c_int64, _strings, _i64_p, _strings,
    ctypes.c_int64, ctypes.c_int32, ctypes.c_uint64, ctypes.c_char_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_void_p),
    *_err])
_declare("ae_sweep_destroy", _status, [ctypes.c_void_p, *_err])
_declare("ae_sweep_run_count", _status, [ctypes.c_void_p, _i64_p, _i64_p, *_err])
_declare("ae_sweep_run", _status, [ctypes.c_void_p, ctypes.c_int64, ctypes.c_int32, _i32_p, _double_p, *_err])
_declare("ae_sweep_run_describe", _status, [
    ctypes.c_void_p, ctypes.c_int64, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, *_err])
_declare("ae_sweep_finish", _status, [ctypes.c_void_p, *_err])

#: The columns of an epoch record, as in ``simulate``'s ``epochs.csv`` (``epoch`` first).
COLUMNS: Tuple[str, ...] = tuple(
    lib.ae_simulation_column_name(index).decode() for index in range(lib.ae_simulation_column_count()))


def _yaml_value(key: str, value: Any) -> str:
    """An override's value as YAML text: strings as given, numbers and booleans as YAML
    scalars, lists and dicts as JSON (which YAML reads)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(float(value)):
            raise ValueError(f"{key}: expected a finite number, got {value!r}")
        return repr(float(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value)
    raise TypeError(f"{key}: expected a str, number, bool, list or dict, got {type(value).__name__}")


def _strings_array(items: Sequence[str]) -> "ctypes.Array[ctypes.c_char_p]":
    return (ctypes.c_char_p * max(len(items), 1))(*[item.encode() for item in items])


def _scenario_arguments(scenario: Scenario) -> Tuple[Optional[bytes], Optional[bytes]]:
    """(yaml, path) for the C calls: a dict becomes JSON text (YAML reads it), a path is
    checked to exist."""
    if isinstance(scenario, Mapping):
        return json.dumps(scenario).encode(), None
    if isinstance(scenario, (str, os.PathLike)):
        path = os.fspath(scenario)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"scenario: no such file: {path!r}")
        return None, path.encode()
    raise TypeError(f"scenario: expected a path or a dict in the scenario schema, got {type(scenario).__name__}")


def _override_arrays(overrides: Mapping[str, Any]) -> Tuple[int, Any, Any]:
    keys = [str(key) for key in overrides]
    values = [_yaml_value(key, overrides[key]) for key in overrides]
    return len(keys), _strings_array(keys), _strings_array(values)


def _threads_argument(threads: Optional[int]) -> int:
    if threads is None:
        return 0
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"threads: expected None or an int >= 1, got {threads!r}")
    return int(threads)


@dataclass(frozen=True)
class Agents:
    """Per-agent columns of a simulation after the epochs run so far.

    Attributes
    ----------
    type : ndarray of int32
        Index into :attr:`type_names` (the scenario's ``population.types``).
    type_names : tuple of str
        The scenario's type names (``honest``, ``opportunistic``, ``deceptive``,
        ``adversarial``).
    wallet : ndarray of float64
        Tokens held.
    effort : ndarray of float64
        The mission effort the agent plays now (0, 0.25, 0.5, 0.75 or 1).
    flagged : ndarray of bool
        In a cluster the Sybil lever flagged in the last epoch.
    ring : ndarray of int32
        The agent's Sybil ring, -1 for none.
    active : ndarray of bool
        May act in the next epoch (not barred by the Sybil lever).

    Examples
    --------
    >>> from agent_economies import simulation
    >>> agents = simulation.run({"agents": 300, "auction": {"resources": 4}}, epochs=1).agents
    >>> agents.type_names
    ('honest', 'opportunistic', 'deceptive', 'adversarial')
    >>> agents.wallet.dtype, int(agents.ring.min()), sorted(set(agents.type.tolist()))
    (dtype('float64'), -1, [0, 1, 2, 3])
    """

    type: NDArray[np.int32]
    type_names: Tuple[str, ...]
    wallet: NDArray[np.float64]
    effort: NDArray[np.float64]
    flagged: NDArray[np.bool_]
    ring: NDArray[np.int32]
    active: NDArray[np.bool_]


class Simulation(Handle):
    """A population simulation, run epoch by epoch.

    Parameters
    ----------
    scenario : str, os.PathLike or dict
        A scenario YAML file, or a dict in its schema.
    threads : int, optional
        Kernel worker threads (default: the library's, see ``set_num_threads``); records do
        not depend on it.
    **overrides
        Dotted scenario keys and their values, applied before validation.

    Raises
    ------
    AgentEconomiesError
        A ValueError naming the key, for an unknown key or a refused value
        (``status == ERROR_SCENARIO``), or a scenario too large for this machine's memory
        (``ERROR_OUT_OF_MEMORY``).
    FileNotFoundError
        When ``scenario`` names no file.

    Examples
    --------
    >>> from agent_economies.simulation import Simulation
    >>> with Simulation({"agents": 300, "epochs": 2, "auction": {"resources": 4}}, seed=7) as sim:
    ...     record = sim.run_epoch()
    ...     print(record["epoch"], record["active_agents"], sim.epochs_run)
    1.0 300.0 1
    >>> Simulation({"agents": 300}, **{"identity.similarity_treshold": 0.5})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    agent_economies._native.AgentEconomiesError: scenario key identity.similarity_treshold: unknown key (known: ...)
    """

    _destroy = "ae_simulation_destroy"

    def __init__(self, scenario: Scenario, *, threads: Optional[int] = None, **overrides: Any) -> None:
        yaml, path = _scenario_arguments(scenario)
        count, keys, values = _override_arrays(overrides)
        handle = ctypes.c_void_p()
        call(lib.ae_simulation_create, yaml, path, count, keys, values, _threads_argument(threads),
             ctypes.byref(handle))
        super().__init__(handle)
        self._lock = threading.Lock()
        self._record = np.empty(len(COLUMNS), dtype=np.float64)

    def _info(self) -> _Info:
        info = _Info()
        call(lib.ae_simulation_get_info, self.pointer, ctypes.byref(info))
        return info

    @property
    def agents_count(self) -> int:
        """Number of agents."""
        return int(self._info().agents)

    @property
    def epochs(self) -> int:
        """The scenario's number of epochs."""
        return int(self._info().epochs)

    @property
    def epochs_run(self) -> int:
        """Epochs run so far."""
        return int(self._info().epochs_run)

    @property
    def seed(self) -> int:
        """The scenario's seed."""
        return int(self._info().seed)

    def run_epoch(self) -> Optional[Dict[str, float]]:
        """Runs the next epoch.

        Returns
        -------
        dict of str to float or None
            The epoch's record (the columns of ``epochs.csv``), or None after the scenario's
            last epoch.
        """
        ran = ctypes.c_int32()
        with self._lock:
            record = self._record
            call(lib.ae_simulation_run_epoch, self.pointer, record.size, _native.pointer(record), ctypes.byref(ran))
            if not ran.value:
                return None
            return {name: float(value) for name, value in zip(COLUMNS, record)}

    def __iter__(self) -> Iterator[Dict[str, float]]:
        """Runs the remaining epochs, yielding each record."""
        while True:
            record = self.run_epoch()
            if record is None:
                return
            yield record

    def records(self) -> Dict[str, NDArray[np.float64]]:
        """The run so far, one numpy column per record column (one row per epoch run).

        Returns
        -------
        dict of str to ndarray of float64
        """
        rows = ctypes.c_int64()
        while True:
            capacity = self.epochs_run * len(COLUMNS)
            values = np.empty(capacity, dtype=np.float64)
            status, error = call_status(lib.ae_simulation_records, self.pointer, capacity, _native.pointer(values),
                                        ctypes.byref(rows))
            if status != _native.ERROR_CAPACITY:
                check(status, error)
                break
        table = values[: rows.value * len(COLUMNS)].reshape(rows.value, len(COLUMNS))
        return {name: np.ascontiguousarray(table[:, index]) for index, name in enumerate(COLUMNS)}

    def agents(self) -> Agents:
        """Per-agent columns after the epochs run so far.

        Returns
        -------
        Agents
        """
        info = self._info()
        n = int(info.agents)
        type_ = np.empty(n, dtype=np.int32)
        wallet = np.empty(n, dtype=np.float64)
        effort = np.empty(n, dtype=np.float64)
        flagged = np.empty(n, dtype=np.uint8)
        ring = np.empty(n, dtype=np.int32)
        active = np.empty(n, dtype=np.uint8)

        def u8(array: NDArray[np.uint8]) -> Any:
            return array.ctypes.data_as(_u8_p) if n else _u8_p()

        call(lib.ae_simulation_agents, self.pointer, n, _native.pointer(type_), _native.pointer(wallet),
             _native.pointer(effort), u8(flagged), _native.pointer(ring), u8(active))
        names = []
        for index in range(int(info.types)):
            buffer = ctypes.create_string_buffer(32)
            call(lib.ae_simulation_type_name, self.pointer, index, buffer, len(buffer))
            names.append(buffer.value.decode())
        return Agents(type=type_, type_names=tuple(names), wallet=wallet, effort=effort,
                      flagged=flagged.astype(bool), ring=ring, active=active.astype(bool))


@dataclass(frozen=True)
class Run:
    """A whole run: its records and its agents at the end.

    Attributes
    ----------
    records : dict of str to ndarray of float64
        One column per record column, one row per epoch.
    agents : Agents
        Per-agent columns after the last epoch.

    Examples
    --------
    >>> from agent_economies import simulation
    >>> result = simulation.run({"agents": 300, "auction": {"resources": 4}}, epochs=2)
    >>> result.records["epoch"].tolist(), len(result.agents.wallet)
    ([1.0, 2.0], 300)
    """

    records: Dict[str, NDArray[np.float64]]
    agents: Agents


def run(scenario: Scenario, epochs: Optional[int] = None, *, threads: Optional[int] = None,
        **overrides: Any) -> Run:
    """Runs a scenario to its last epoch.

    Parameters
    ----------
    scenario : str, os.PathLike or dict
        A scenario YAML file, or a dict in its schema.
    epochs : int, optional
        Overrides the scenario's number of epochs.
    threads : int, optional
        Kernel worker threads; records do not depend on it.
    **overrides
        Dotted scenario keys and their values.

    Returns
    -------
    Run

    Raises
    ------
    AgentEconomiesError
        A ValueError naming the key of a bad override or scenario value.

    Examples
    --------
    >>> from agent_economies import simulation
    >>> result = simulation.run({"agents": 300, "auction": {"resources": 4}}, epochs=3, seed=2)
    >>> result.records["epoch"].tolist(), result.agents.wallet.shape
    ([1.0, 2.0, 3.0], (300,))
    """
    if epochs is not None:
        overrides = {**overrides, "epochs": epochs}
    with Simulation(scenario, threads=threads, **overrides) as simulation:
        for _ in simulation:
            pass
        return Run(records=simulation.records(), agents=simulation.agents())


@dataclass(frozen=True)
class SweepResult:
    """A sweep's two tables as dicts of numpy columns.

    Attributes
    ----------
    axes : tuple of str
        The varied keys.
    runs : dict of str to ndarray
        ``runs.csv``: one row per setting and seed; the varied keys (float64 when every value
        is a number, else str), ``seed`` (int64), and each epoch metric's mean over the run.
    summary : dict of str to ndarray
        ``summary.csv``: one row per setting; the varied keys, ``runs`` (int64), and for each
        metric M, ``M_mean`` and ``M_ci95`` (the half-width of the 95% Student-t interval
        over seeds; NaN with one seed).
    directory : pathlib.Path or None
        The sweep's directory, or None when it was temporary.

    Examples
    --------
    >>> from agent_economies import simulation
    >>> result = simulation.sweep({"agents": 300, "epochs": 1, "auction": {"resources": 4}},
    ...                           vary={"economy.adaptive": [True, False]}, seeds=2, progress=False)
    >>> result.axes, result.summary["economy.adaptive"].tolist(), result.directory is None
    (('economy.adaptive',), ['true', 'false'], True)
    """

    axes: Tuple[str, ...]
    runs: Dict[str, NDArray[Any]]
    summary: Dict[str, NDArray[Any]]
    directory: Optional[Path]

    def to_pandas(self) -> Tuple[Any, Any]:
        """The two tables as pandas DataFrames (runs, summary); needs pandas.

        Returns
        -------
        tuple of pandas.DataFrame
        """
        import pandas

        return pandas.DataFrame(self.runs), pandas.DataFrame(self.summary)


def _column(values: List[str], name: str, axes: Sequence[str]) -> NDArray[Any]:
    if name in axes:
        try:
            if any(value.strip().lower() in ("true", "false", "") for value in values):
                raise ValueError
            return np.array([float(value) for value in values], dtype=np.float64)
        except ValueError:
            return np.array(values, dtype=str)
    if name in ("seed", "runs"):
        return np.array([int(value) for value in values], dtype=np.int64)
    return np.array([float(value) for value in values], dtype=np.float64)


def _read_table(path: Path, axes: Sequence[str]) -> Dict[str, NDArray[Any]]:
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    return {name: _column([row[index] for row in body], name, axes) for index, name in enumerate(header)}


def read_sweep(directory: Union[str, "os.PathLike[str]"]) -> SweepResult:
    """The tables of a finished sweep directory (``simulate sweep --out DIR`` or
    :func:`sweep` with ``out=``).

    Parameters
    ----------
    directory : str or os.PathLike
        A directory holding ``sweep.json``, ``runs.csv`` and ``summary.csv``.

    Returns
    -------
    SweepResult

    Raises
    ------
    FileNotFoundError
        When a file is missing (a sweep that has not finished: resume it).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from agent_economies import simulation
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "sweep"
    >>> _ = simulation.sweep({"agents": 300, "epochs": 1, "auction": {"resources": 4}},
    ...                      vary={"identity.similarity_threshold": [0.5, 0.9]}, out=folder, progress=False)
    >>> simulation.read_sweep(folder).summary["identity.similarity_threshold"].tolist()
    [0.5, 0.9]
    """
    folder = Path(directory)
    for name in ("sweep.json", "runs.csv", "summary.csv"):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"{folder}: no {name} (not a finished sweep directory)")
    plan = json.loads((folder / "sweep.json").read_text())
    axes = tuple(axis["key"] for axis in plan["axes"])
    return SweepResult(axes=axes, runs=_read_table(folder / "runs.csv", axes),
                       summary=_read_table(folder / "summary.csv", axes), directory=folder)


class _Sweep(Handle):
    _destroy = "ae_sweep_destroy"


def sweep(scenario: Scenario, vary: Mapping[str, Sequence[Any]], seeds: int = 1, seed_base: Optional[int] = None,
          agents: Optional[int] = None, epochs: Optional[int] = None, processes: Optional[int] = None, *,
          out: Union[str, "os.PathLike[str]", None] = None, resume: bool = False, threads: Optional[int] = None,
          progress: Optional[bool] = None, **overrides: Any) -> SweepResult:
    """Runs the cartesian grid of ``vary``, each setting over ``seeds`` seeds, as
    ``simulate sweep`` does, and returns its tables.

    Parameters
    ----------
    scenario : str, os.PathLike or dict
        A scenario YAML file, or a dict in its schema.
    vary : dict of str to sequence
        Dotted scenario keys and the values each takes (the first key outermost).
    seeds : int
        Seeds per setting: ``seed_base``, ``seed_base + 1``, ...
    seed_base : int, optional
        The first seed (default: the scenario's).
    agents, epochs : int, optional
        Override the scenario's agents and epochs.
    processes : int, optional
        Runs at once (default 1). They run in native threads of this process, each its own
        simulation on ``threads / processes`` kernel threads; the tables do not depend on it.
    out : str or os.PathLike, optional
        The sweep's directory (kept; ``python -m agent_economies.report`` draws it). Default:
        a temporary directory, removed after reading the tables.
    resume : bool
        Continue the sweep in ``out``, skipping its complete runs.
    threads : int, optional
        Kernel worker threads shared by the concurrent runs (default: the library's).
    progress : bool, optional
        A line per run on stderr with the ETA (default: when stderr is a terminal).
    **overrides
        Fixed dotted scenario keys for every run.

    Returns
    -------
    SweepResult

    Raises
    ------
    AgentEconomiesError
        A ValueError naming the key, for a bad key or value anywhere in the grid (before any
        run), or for ``out`` holding another sweep (``status == ERROR_IO``).

    Examples
    --------
    >>> from agent_economies import simulation
    >>> result = simulation.sweep({"agents": 300, "epochs": 2, "auction": {"resources": 4}},
    ...                           vary={"missions.reward_distribution": ["equal", "proportional"]}, seeds=3)
    >>> result.summary["missions.reward_distribution"].tolist(), result.summary["runs"].tolist()
    (['equal', 'proportional'], [3, 3])
    >>> len(result.runs["seed"]), "mean_p_ci95" in result.summary
    (6, True)
    """
    if not isinstance(vary, Mapping):
        raise TypeError(f"vary: expected a dict {{key: [values]}}, got {type(vary).__name__}")
    if isinstance(seeds, bool) or not isinstance(seeds, (int, np.integer)) or seeds < 1:
        raise ValueError(f"seeds: expected an int >= 1, got {seeds!r}")
    if processes is not None and (isinstance(processes, bool) or not isinstance(processes, (int, np.integer))
                                  or processes < 1):
        raise ValueError(f"processes: expected None or an int >= 1, got {processes!r}")
    if seed_base is not None and (isinstance(seed_base, bool) or not isinstance(seed_base, (int, np.integer))
                                  or not 0 <= seed_base < 2**64):
        raise ValueError(f"seed_base: expected None or an int in [0, 2**64), got {seed_base!r}")
    fixed = dict(overrides)
    if agents is not None:
        fixed["agents"] = agents
    if epochs is not None:
        fixed["epochs"] = epochs
    yaml, path = _scenario_arguments(scenario)
    count, keys, values = _override_arrays(fixed)
    axis_keys: List[str] = []
    axis_values: List[str] = []
    axis_counts: List[int] = []
    for key, options in vary.items():
        if isinstance(options, (str, bytes)) or not isinstance(options, Sequence):
            raise TypeError(f"vary[{key!r}]: expected a list of values, got {type(options).__name__}")
        axis_keys.append(str(key))
        axis_counts.append(len(options))
        axis_values.extend(_yaml_value(str(key), value) for value in options)
    counts = np.array(axis_counts, dtype=np.int64)
    temporary = out is None
    directory = Path(tempfile.mkdtemp(prefix="agent-economies-sweep-")) if out is None else Path(out)
    try:
        handle = ctypes.c_void_p()
        call(lib.ae_sweep_create, yaml, path, count, keys, values, len(axis_keys), _strings_array(axis_keys),
             _native.pointer(counts), _strings_array(axis_values), int(seeds), 0 if seed_base is None else 1,
             0 if seed_base is None else int(seed_base), os.fspath(directory).encode(), 1 if resume else 0,
             ctypes.byref(handle))
        with _Sweep(handle) as native:
            _run_all(native, processes or 1, threads,
                     sys.stderr.isatty() if progress is None else bool(progress))
            call(lib.ae_sweep_finish, native.pointer)
        return SweepResult(**{**read_sweep(directory).__dict__, "directory": None if temporary else directory})
    finally:
        if temporary:
            shutil.rmtree(directory, ignore_errors=True)


def _run_all(native: _Sweep, processes: int, threads: Optional[int], progress: bool) -> None:
    """Runs every run of a sweep, ``processes`` at a time, reporting each on stderr."""
    total_runs = ctypes.c_int64()
    complete = ctypes.c_int64()
    call(lib.ae_sweep_run_count, native.pointer, ctypes.byref(total_runs), ctypes.byref(complete))
    total = int(total_runs.value)
    pending = total - int(complete.value)
    from ._threads import get_num_threads

    per_run = max(1, (threads or get_num_threads()) // processes)
    start = time.monotonic()
    lock = threading.Lock()
    done = [0, 0]  # finished, ran

    def one(index: int) -> None:
        skipped = ctypes.c_int32()
        seconds = ctypes.c_double()
        call(lib.ae_sweep_run, native.pointer, index, per_run, ctypes.byref(skipped), ctypes.byref(seconds))
        if not progress:
            return
        name = ctypes.create_string_buffer(64)
        text = ctypes.create_string_buffer(1024)
        status, _ = call_status(lib.ae_sweep_run_describe, native.pointer, index, name, len(name), text, len(text))
        with lock:
            done[0] += 1
            done[1] += 0 if skipped.value else 1
            elapsed = time.monotonic() - start
            eta = elapsed / done[1] * (pending - done[1]) if done[1] else 0.0
            label = name.value.decode() if status == _native.OK else str(index)
            what = "complete, skipped" if skipped.value else f"{seconds.value:.2f}s in epochs"
            print(f"run {done[0]}/{total} {label} ({what}) {elapsed:.1f}s elapsed, ETA {eta:.1f}s", file=sys.stderr)

    if processes == 1:
        for index in range(total):
            one(index)
        return
    with ThreadPoolExecutor(max_workers=processes) as pool:
        for future in [pool.submit(one, index) for index in range(total)]:
            future.result()
