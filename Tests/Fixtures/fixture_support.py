"""Helpers shared by the fixture generators in this folder.

``require_reference()`` stops a generator unless swarm-safety 1.9.0 is the installed
reference; ``write_fixture()`` checks that every number of a document is a finite int or
float (no NaN, no infinities, no foreign types) and writes it as the tests read it: JSON
with ``indent=1``, UTF-8, floats by ``repr`` (exact round trip), and a final newline.
"""

import importlib.metadata
import json
import math
import sys

REQUIRED_VERSION = "1.9.0"


def require_reference():
    """Exit with a message unless swarm-safety REQUIRED_VERSION is installed."""
    try:
        installed = importlib.metadata.version("swarm-safety")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != REQUIRED_VERSION:
        sys.exit(f"swarm-safety {REQUIRED_VERSION} is required, found {installed}")


def check_types(value, path="$"):
    """Make sure every number is a finite float/int (no NaN/inf, no numpy)."""
    if isinstance(value, bool) or isinstance(value, str) or value is None:
        return
    if isinstance(value, int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"non-finite float at {path}")
        return
    if isinstance(value, list):
        for i, v in enumerate(value):
            check_types(v, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for k, v in value.items():
            check_types(v, f"{path}.{k}")
        return
    raise TypeError(f"unexpected type {type(value).__name__} at {path}")


def write_fixture(path, doc):
    """Check ``doc`` and write it to ``path``."""
    check_types(doc)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False, allow_nan=False)
        fh.write("\n")
