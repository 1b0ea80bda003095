"""The package page's examples (python/README.md) run as written."""

import importlib.util
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_numpy_examples_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    runnable = [block for block in blocks if "swarm_backend" not in block]
    assert runnable, "no example found in python/README.md"
    with_scipy = importlib.util.find_spec("scipy") is not None
    runnable = [block for block in runnable if with_scipy or "scipy" not in block]
    for block in runnable:
        exec(compile(block, str(README), "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("True (16,) True")
    assert printed[2] == "[['a', 'b']]"
    assert printed[4].startswith("succeeded {1: 100.0}")
    if with_scipy:
        assert printed[5] == "[[0, 1]]"
    assert printed[-2:] == ["(500,) 1.0", "[3, 3] True"]
