"""Draws a sweep directory (``simulate sweep --out DIR`` or ``simulation.sweep(out=DIR)``):
each metric's mean over seeds against a varied key, with its 95% interval, one line per
setting of the other keys. ``python -m agent_economies.report DIR`` calls it for a sweep.

Reads ``summary.csv`` and ``sweep.json`` only (no native library); needs matplotlib.
"""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

__all__ = ["draw_sweep", "is_sweep", "read_summary"]


def is_sweep(directory: Union[str, "os.PathLike[str]"]) -> bool:
    """Whether ``directory`` holds a finished sweep (``sweep.json`` and ``summary.csv``).

    Parameters
    ----------
    directory : str or os.PathLike

    Returns
    -------
    bool

    Examples
    --------
    >>> import tempfile
    >>> is_sweep(tempfile.gettempdir())
    False
    """
    folder = Path(directory)
    return (folder / "sweep.json").is_file() and (folder / "summary.csv").is_file()


def read_summary(directory: Union[str, "os.PathLike[str]"]) -> Tuple[List[str], List[Dict[str, str]]]:
    """The varied keys (from ``sweep.json``) and the rows of ``summary.csv``.

    Parameters
    ----------
    directory : str or os.PathLike
        A finished sweep directory.

    Returns
    -------
    tuple of (list of str, list of dict)
        The axes, and one dict per setting (column name to text).

    Raises
    ------
    ValueError
        When the directory is not a finished sweep.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from agent_economies import simulation, sweep_report
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "sweep"
    >>> _ = simulation.sweep({"agents": 300, "epochs": 1, "auction": {"resources": 4}},
    ...                      vary={"missions.reward_distribution": ["equal"]}, out=folder, progress=False)
    >>> axes, rows = sweep_report.read_summary(folder)
    >>> axes, rows[0]["missions.reward_distribution"], rows[0]["runs"]
    (['missions.reward_distribution'], 'equal', '1')
    """
    folder = Path(directory)
    if not is_sweep(folder):
        raise ValueError(f"{folder}: not a finished sweep directory (needs sweep.json and summary.csv)")
    axes = [axis["key"] for axis in json.loads((folder / "sweep.json").read_text())["axes"]]
    with open(folder / "summary.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return axes, rows


def _numeric(values: Sequence[str]) -> Optional[List[float]]:
    try:
        if any(value.strip().lower() in ("true", "false") for value in values):
            return None
        return [float(value) for value in values]
    except ValueError:
        return None


def _metrics(rows: List[Dict[str, str]]) -> List[str]:
    """The metrics whose mean differs between settings (timing columns left out)."""
    names = [name[: -len("_mean")] for name in rows[0] if name.endswith("_mean")]
    varying = []
    for name in names:
        if name.startswith("seconds_"):
            continue
        means = [float(row[name + "_mean"]) for row in rows]
        if max(means) - min(means) > 1e-12 * max(1.0, max(abs(value) for value in means)):
            varying.append(name)
    return varying


def draw_sweep(directory: Union[str, "os.PathLike[str]"], out: Union[str, "os.PathLike[str]", None] = None,
               metrics: Union[str, Sequence[str], None] = None, x: Optional[str] = None) -> Path:
    """Draws a sweep's metrics against one varied key to a PNG.

    Parameters
    ----------
    directory : str or os.PathLike
        A finished sweep directory.
    out : str or os.PathLike, optional
        A ``.png`` path or a directory (default: ``DIR/sweep.png``).
    metrics : str or sequence of str, optional
        Metrics to draw, one panel each (comma-separated in a string). Default: every metric
        whose mean differs between settings, timing columns aside.
    x : str, optional
        The varied key on the horizontal axis (default: the last one, which varies fastest);
        the others' settings are lines.

    Returns
    -------
    pathlib.Path
        The PNG written.

    Raises
    ------
    ValueError
        For a directory that is not a finished sweep, an unknown metric or key.
    ImportError
        Without matplotlib.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from agent_economies import simulation, sweep_report
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "sweep"
    >>> _ = simulation.sweep({"agents": 300, "epochs": 2, "auction": {"resources": 4}},
    ...                      vary={"identity.similarity_threshold": [0.5, 0.9]}, seeds=2, out=folder, progress=False)
    >>> sweep_report.draw_sweep(folder, metrics="sybil_recall,sybil_precision").name
    'sweep.png'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    folder = Path(directory)
    axes, rows = read_summary(folder)
    if not axes:
        raise ValueError(f"{folder}: the sweep varies no key (its settings are seeds only)")
    key = x if x is not None else axes[-1]
    if key not in axes:
        raise ValueError(f"x: {key!r} is not a varied key of this sweep (varied: {', '.join(axes)})")
    available = [name[: -len("_mean")] for name in rows[0] if name.endswith("_mean")]
    chosen = _metrics(rows) if metrics is None else (
        [name.strip() for name in metrics.split(",") if name.strip()] if isinstance(metrics, str) else list(metrics))
    for name in chosen:
        if name not in available:
            raise ValueError(f"metrics: unknown metric {name!r} (known: {', '.join(available)})")
    if not chosen:
        raise ValueError(f"{folder}: no metric differs between the settings; name some with metrics=")
    others = [axis for axis in axes if axis != key]
    groups: Dict[Tuple[str, ...], List[Dict[str, str]]] = {}
    for row in rows:
        groups.setdefault(tuple(row[axis] for axis in others), []).append(row)
    values = [row[key] for row in rows]
    numeric = _numeric(values)
    categories = list(dict.fromkeys(values))

    columns = 2 if len(chosen) == 4 else min(3, len(chosen))
    lines = math.ceil(len(chosen) / columns)
    figure = Figure(figsize=(4.6 * columns, 3.4 * lines), dpi=110)
    FigureCanvasAgg(figure)
    for index, metric in enumerate(chosen):
        axis = figure.add_subplot(lines, columns, index + 1)
        for label, members in groups.items():
            positions = [float(row[key]) if numeric is not None else categories.index(row[key]) for row in members]
            means = [float(row[metric + "_mean"]) for row in members]
            spans = [float(row[metric + "_ci95"]) for row in members]
            spans = [0.0 if math.isnan(span) else span for span in spans]
            name = ", ".join(f"{axis_name.split('.')[-1]}={value}" for axis_name, value in zip(others, label))
            axis.errorbar(positions, means, yerr=spans, marker="o", markersize=3, capsize=3, linewidth=1.2,
                          label=name or None)
        if numeric is None:
            axis.set_xticks(range(len(categories)))
            axis.set_xticklabels(categories, rotation=20, fontsize=8)
        axis.set_xlabel(key, fontsize=8)
        axis.set_title(metric, fontsize=9)
        axis.tick_params(labelsize=8)
        axis.grid(alpha=0.3)
        if others and index == 0:
            axis.legend(fontsize=7)
    runs = rows[0].get("runs", "?")
    figure.suptitle(f"{folder.name}: mean over {runs} seeds, 95% Student-t intervals", fontsize=10)
    figure.tight_layout()
    target = Path(out) if out is not None else folder / "sweep.png"
    if target.suffix.lower() != ".png":
        target = target / "sweep.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target)
    return target
