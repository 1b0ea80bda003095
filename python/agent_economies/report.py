"""Draws the per-epoch series of a population-simulation run (the `simulate` tool's output
directory) into one PNG.

    python -m agent_economies.report DIR [--out PNG_OR_DIR] [--columns a,b,...]

DIR holds `epochs.jsonl` (one JSON object per epoch), and usually `summary.json` and
`scenario.resolved.yaml`, which only feed the title. Without `--columns` the figure is a
grid of small panels, one per component (population, contagion, Sybil lever, auction,
missions, market), plus a stacked bar of the seconds each component took per epoch. A
panel puts its rates (or its price) on the left axis as solid lines and its counts and
amounts on a twin right axis as dashed lines. An axis whose series all stay within [0, 1]
keeps a fixed 0..1 scale; one whose series differ in size by more than a factor of 20
turns symmetric-logarithmic. With `--columns a,b` each named column gets a panel of its
own, scaled to its series. The default output is DIR/report.png; `--out` takes a .png
path or a directory.

Needs matplotlib (`pip install matplotlib`, or the package's `report` extra); it draws on
an off-screen Agg canvas and never opens a window. This module does not load the native
library. Problems with the input raise `ReportError`, a SystemExit with status 2 whose
text names the problem.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from pathlib import Path
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np
from numpy.typing import NDArray

from . import sweep_report

__all__ = ["PANELS", "DEFAULT_NAME", "ReportError", "read_epochs", "draw", "main"]

Series = Tuple[str, NDArray[np.float64]]

# The default layout: (panel title, left-axis columns, right-axis columns).
PANELS = (
    ("Population & interactions", ("mean_p", "acceptance_rate", "mean_trust"), ("active_agents",)),
    ("Contagion", ("containment_rate", "effective_permeability"), ("spillover_harm",)),
    ("Sybil lever", ("sybil_precision", "sybil_recall"), ("sybil_clusters",)),
    ("Auction", ("auction_gini",), ("envy_violations", "max_excess_demand")),
    ("Missions", ("free_rider_index",), ("missions_succeeded", "rewards_paid")),
    ("Market", ("market_price",), ("trades", "halted_ticks", "flash_crashes")),
)
TIMING_PREFIX = "seconds_"
DEFAULT_NAME = "report.png"
# Right-axis series whose largest magnitudes differ by more than this share a symlog axis.
SPREAD_FOR_SYMLOG = 20.0
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


class ReportError(SystemExit):
    """A problem with the report's input or environment: exit status 2, message in str().

    Parameters
    ----------
    message : str
        What is wrong, naming the file, line or column.

    Examples
    --------
    >>> from agent_economies.report import ReportError, read_epochs
    >>> try:
    ...     read_epochs("/nonexistent")
    ... except ReportError as error:
    ...     print(error.code, error)
    2 run directory not found: /nonexistent
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = 2

    def __str__(self) -> str:
        return str(self.args[0])


def read_epochs(directory: Union[str, os.PathLike[str]]) -> list[dict[str, Any]]:
    """The rows of DIR/epochs.jsonl, one per epoch, in file order.

    Parameters
    ----------
    directory : str or path
        A `simulate` output directory.

    Returns
    -------
    list of dict
        One JSON object per epoch (blank lines are skipped).

    Raises
    ------
    ReportError
        When the directory or the file is missing, when the file holds no rows, or when a
        line is not a JSON object (naming its number).

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> from agent_economies.report import read_epochs
    >>> run = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (run / "epochs.jsonl").write_text(json.dumps({"epoch": 1, "mean_p": 0.6}) + "\\n")
    >>> read_epochs(run)
    [{'epoch': 1, 'mean_p': 0.6}]
    >>> shutil.rmtree(run)
    """
    directory = Path(directory)
    if not directory.exists():
        raise ReportError(f"run directory not found: {directory}")
    if not directory.is_dir():
        raise ReportError(f"not a directory: {directory}")
    path = directory / "epochs.jsonl"
    if not path.is_file():
        raise ReportError(f"no epochs.jsonl in {directory}: is it a simulate output directory?")
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ReportError(f"{path}: line {number} is not valid JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise ReportError(f"{path}: line {number} is a JSON {type(row).__name__}, not an object")
            rows.append(row)
    if not rows:
        raise ReportError(f"{path} is empty: the run recorded no epochs")
    return rows


def _number(value: object) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    return math.nan


def _available(rows: list[dict[str, Any]]) -> list[str]:
    """Numeric columns other than `epoch`, in order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for key, value in row.items():
            if key != "epoch" and key not in seen and not math.isnan(_number(value)):
                seen[key] = None
    return list(seen)


def _series(rows: list[dict[str, Any]], column: str) -> NDArray[np.float64]:
    return np.array([_number(row.get(column)) for row in rows], dtype=float)


def _epochs(rows: list[dict[str, Any]]) -> NDArray[np.float64]:
    epochs = _series(rows, "epoch")
    if np.isnan(epochs).any():
        return np.arange(1, len(rows) + 1, dtype=float)
    return epochs


def _parse_columns(columns: Union[str, Sequence[str]], available: list[str]) -> list[str]:
    if isinstance(columns, str):
        columns = columns.split(",")
    names = list(dict.fromkeys(name.strip() for name in columns if name and name.strip()))
    if not names:
        raise ReportError("--columns names no column")
    for name in names:
        if name not in available:
            hint = " (epoch is the x axis)" if name == "epoch" else ""
            raise ReportError(f"unknown column {name!r}{hint}; available: {', '.join(available)}")
    return names


def _output_path(directory: Union[str, os.PathLike[str]], out: Union[str, os.PathLike[str], None]) -> Path:
    if out is None:
        return Path(directory) / DEFAULT_NAME
    target = Path(out)
    if target.suffix.lower() == ".png":
        path = target
    elif target.is_dir() or not target.suffix:
        path = target / DEFAULT_NAME
    else:
        raise ReportError(f"--out must be a .png file or a directory, not {target}")
    if path.parent.exists() and not path.parent.is_dir():
        raise ReportError(f"cannot write {path}: {path.parent} is not a directory")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _yaml_scalars(path: Path) -> dict[str, str]:
    """Top-level `key: value` scalars of a YAML file, read with a regex (no YAML library)."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return values
    for match in re.finditer(r"^([A-Za-z_][\w-]*):[ \t]*(\S[^#\n]*?)[ \t]*(?:#.*)?$", text, re.MULTILINE):
        values.setdefault(match.group(1), match.group(2).strip().strip("'\""))
    return values


def _whole(value: Any) -> Optional[int]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) and number == int(number) else None


def _title(directory: Union[str, os.PathLike[str]], rows: list[dict[str, Any]]) -> str:
    """'name: N agents, M epochs' from summary.json, else scenario.resolved.yaml, else the data."""
    directory = Path(directory)
    summary: dict[str, Any] = {}
    try:
        loaded = json.loads((directory / "summary.json").read_text(encoding="utf-8"))
        summary = loaded if isinstance(loaded, dict) else {}
    except (OSError, ValueError):
        pass
    scenario = _yaml_scalars(directory / "scenario.resolved.yaml")
    name = summary.get("scenario") or scenario.get("name") or directory.resolve().name
    agents = _whole(summary.get("agents"))
    if agents is None:
        agents = _whole(scenario.get("agents"))
    epochs = _whole(summary.get("epochs"))
    if epochs is None:
        epochs = _whole(scenario.get("epochs"))
    if epochs is None:
        epochs = len(rows)
    parts = [f"{agents:,} agents" if agents is not None else None, f"{epochs:,} epochs"]
    return f"{name}: " + ", ".join(part for part in parts if part)


def _import_matplotlib() -> Tuple[Any, Any, Any]:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise ReportError(
            "the report needs matplotlib, which is not installed: pip install matplotlib "
            "(or pip install 'agent-economies[report]')"
        ) from None
    return Figure, FigureCanvasAgg, MaxNLocator


def _is_fraction(values: NDArray[np.float64]) -> bool:
    finite = values[np.isfinite(values)]
    return bool(finite.size > 0 and finite.min() >= 0.0 and finite.max() <= 1.0)


def _style_axis(axis: Any, series: list[Series], fixed_fractions: bool) -> str:
    """Fixed 0..1 scale for rates (when asked); symlog when magnitudes differ a lot; else linear."""
    if fixed_fractions and all(_is_fraction(values) for _, values in series):
        axis.set_ylim(-0.04, 1.04)
        return ""
    peaks = [np.nanmax(np.abs(values)) for _, values in series if np.isfinite(values).any()]
    peaks = [peak for peak in peaks if peak > 0]
    if len(peaks) > 1 and max(peaks) / min(peaks) > SPREAD_FOR_SYMLOG:
        axis.set_yscale("symlog", linthresh=1.0)
        axis.set_ylim(bottom=0 if all(np.nanmin(values) >= 0 for _, values in series) else None)
        return " (symlog)"
    return ""


def _line_panel(axis: Any, epochs: NDArray[np.float64], left: list[Series], right: list[Series], title: str,
                locator: Any, fixed_fractions: bool = True) -> None:
    """Left series solid, right series dashed on a twin axis; one legend under the panel."""
    markers = len(epochs) <= 40
    handles = []
    colour = 0
    twin: Any = axis.twinx() if left and right else None
    for target, series, dashed in ((axis, left, False), (twin or axis, right, bool(twin))):
        if not series:
            continue
        for name, values in series:
            label = f"{name} (right)" if dashed else name
            (handle,) = target.plot(
                epochs, values, color=f"C{colour % 10}", linestyle="--" if dashed else "-",
                marker=MARKERS[colour % len(MARKERS)] if markers else None, markersize=3.5,
                linewidth=1.4, label=label,
            )
            handles.append(handle)
            colour += 1
        note = _style_axis(target, series, fixed_fractions)  # after plotting: limits set here stop autoscaling
        if note and target is twin:
            target.set_ylabel(f"right axis{note}", fontsize=7)
        elif note:
            target.set_ylabel(note.strip(" ()"), fontsize=7)
        target.tick_params(labelsize=7)
    axis.set_title(title, fontsize=10)
    axis.set_xlabel("epoch", fontsize=8)
    axis.xaxis.set_major_locator(locator(integer=True))
    axis.grid(True, alpha=0.3)
    axis.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=7,
        frameon=False, handlelength=2.5,
    )


def _timing_panel(axis: Any, epochs: NDArray[np.float64], rows: list[dict[str, Any]], columns: list[str],
                  locator: Any) -> None:
    bottom = np.zeros(len(rows))
    width = 0.8 * (np.min(np.diff(epochs)) if len(epochs) > 1 else 1.0)
    for index, name in enumerate(columns):
        values = np.nan_to_num(_series(rows, name), nan=0.0)
        axis.bar(epochs, values, width, bottom=bottom, color=f"C{index % 10}", label=name[len(TIMING_PREFIX):])
        bottom += values
    axis.set_title("Seconds per component per epoch", fontsize=10)
    axis.set_xlabel("epoch", fontsize=8)
    axis.set_ylabel("seconds", fontsize=8)
    axis.xaxis.set_major_locator(locator(integer=True))
    axis.tick_params(labelsize=7)
    axis.grid(True, axis="y", alpha=0.3)
    handles, labels = axis.get_legend_handles_labels()  # top of the stack first
    axis.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)


def draw(directory: Union[str, os.PathLike[str]], out: Union[str, os.PathLike[str], None] = None,
         columns: Union[str, Sequence[str], None] = None) -> Path:
    """Draws the run in `directory` to a PNG.

    Parameters
    ----------
    directory : str or path
        A `simulate` output directory (holds epochs.jsonl).
    out : str or path, optional
        A .png path or a directory (default: DIR/report.png).
    columns : str or sequence of str, optional
        Draw just these columns (a list of names or one comma-separated string), one panel
        each, instead of the default grid.

    Returns
    -------
    pathlib.Path
        The PNG's path.

    Raises
    ------
    ReportError
        A SystemExit (status 2) naming the problem: a missing directory, a missing or empty
        epochs.jsonl, a line that is not a JSON object, an unknown column, an unusable
        `out`, or matplotlib not being installed.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> from agent_economies import report
    >>> run = pathlib.Path(tempfile.mkdtemp())
    >>> rows = [{"epoch": e, "mean_p": 0.5 + e / 10, "trades": 3 * e} for e in (1, 2, 3)]
    >>> _ = (run / "epochs.jsonl").write_text("".join(json.dumps(row) + "\\n" for row in rows))
    >>> report.draw(run, columns="mean_p").name
    'report.png'
    >>> report.draw(run, columns="price")
    Traceback (most recent call last):
    ...
    agent_economies.report.ReportError: unknown column 'price'; available: mean_p, trades
    >>> shutil.rmtree(run)
    """
    rows = read_epochs(directory)
    available = _available(rows)
    chosen = _parse_columns(columns, available) if columns is not None else None
    path = _output_path(directory, out)
    Figure, FigureCanvasAgg, MaxNLocator = _import_matplotlib()

    epochs = _epochs(rows)
    title = _title(directory, rows)
    if chosen is not None:
        count = len(chosen)
        across = min(3, count)
        down = math.ceil(count / across)
        figure = Figure(figsize=(5.2 * across, 3.4 * down + 0.6), dpi=110, layout="constrained")
        grid = figure.subplots(down, across, squeeze=False)
        for axis, name in zip(grid.flat, chosen):
            # A panel of its own is scaled to its series, so small changes in a rate show.
            _line_panel(axis, epochs, [(name, _series(rows, name))], [], name, MaxNLocator, fixed_fractions=False)
            axis.get_legend().remove()
        for axis in list(grid.flat)[count:]:
            axis.set_visible(False)
    else:
        present = set(available)
        panels: list[Tuple[str, list[Series], list[Series]]] = []
        for panel_title, left_names, right_names in PANELS:
            left = [(name, _series(rows, name)) for name in left_names if name in present]
            right = [(name, _series(rows, name)) for name in right_names if name in present]
            if left or right:
                panels.append((panel_title, left, right))
        timing = [name for name in available if name.startswith(TIMING_PREFIX)]
        if not panels and not timing:
            raise ReportError(
                f"epochs.jsonl has none of the report's columns; available: {', '.join(available)}"
                " (name some with --columns)"
            )
        across = 3
        down = math.ceil(len(panels) / across) + (1 if timing else 0)
        figure = Figure(figsize=(16, 3.9 * down + 0.6), dpi=110, layout="constrained")
        grid = figure.add_gridspec(down, across)
        for index, (panel_title, left, right) in enumerate(panels):
            axis = figure.add_subplot(grid[index // across, index % across])
            _line_panel(axis, epochs, left, right, panel_title, MaxNLocator)
        if timing:
            _timing_panel(figure.add_subplot(grid[down - 1, :]), epochs, rows, timing, MaxNLocator)
    figure.suptitle(title, fontsize=13)
    FigureCanvasAgg(figure)
    figure.savefig(path, format="png")
    return path


def main(argv: Optional[Sequence[str]] = None) -> Path:
    """Command line: ``python -m agent_economies.report DIR [--out PNG_OR_DIR] [--columns a,b] [--x KEY]``.

    A sweep directory (``sweep.json`` and ``summary.csv``) is drawn by
    :func:`agent_economies.sweep_report.draw_sweep`: each metric's mean against a varied key,
    with its 95% interval.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    pathlib.Path
        The PNG's path, which is also printed.

    Raises
    ------
    SystemExit
        Status 2 for any problem, after printing it to stderr.

    Examples
    --------
    >>> import json, pathlib, shutil, tempfile
    >>> from agent_economies import report
    >>> run = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (run / "epochs.jsonl").write_text(json.dumps({"epoch": 1, "mean_p": 0.6}) + "\\n")
    >>> report.main([str(run), "--out", str(run / "out.png")]).name  # doctest: +ELLIPSIS
    /.../out.png
    'out.png'
    >>> shutil.rmtree(run)
    """
    parser = argparse.ArgumentParser(
        prog="python -m agent_economies.report",
        description="Draw a population-simulation run's per-epoch series to a PNG.",
    )
    parser.add_argument("directory", help="a simulate output directory (holds epochs.jsonl) or a sweep directory")
    parser.add_argument("--out", help="a .png path or a directory (default: DIR/report.png, DIR/sweep.png)")
    parser.add_argument("--columns", help="comma-separated columns (a sweep's metrics) to draw, one panel each")
    parser.add_argument("--x", help="a sweep's varied key on the horizontal axis (default: the last --vary)")
    arguments = parser.parse_args(argv)
    try:
        if sweep_report.is_sweep(arguments.directory):
            try:
                path = sweep_report.draw_sweep(arguments.directory, out=arguments.out, metrics=arguments.columns,
                                               x=arguments.x)
            except ImportError:
                _import_matplotlib()
                raise
            except ValueError as error:
                raise ReportError(str(error)) from None
        else:
            if arguments.x is not None:
                raise ReportError("--x applies to a sweep directory (sweep.json and summary.csv)")
            path = draw(arguments.directory, out=arguments.out, columns=arguments.columns)
    except ReportError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    print(path)
    return path


if __name__ == "__main__":
    main()
