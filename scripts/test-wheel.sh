#!/usr/bin/env bash
# Installs the wheel of scripts/wheel.sh into a fresh virtual environment and runs an auction,
# a Sybil join, an HFN batch and the soft metrics with no Swift toolchain on PATH and the
# system's OpenBLAS, LAPACK(E), BLAS and Fortran runtime hidden: in a private mount namespace
# (`unshare -m`, root), each of those files is bind-mounted over by /dev/null, so only the
# copies inside the wheel can load. Then checks that installing the sdist without Swift stops
# with the one-line message. Run scripts/wheel.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
wheel=$(ls python/dist/agent_economies-*-py3-none-manylinux_*_x86_64.whl)
sdist=$(ls python/dist/agent_economies-*.tar.gz)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet numpy
"$work/venv/bin/pip" install --quiet --no-deps "$wheel"
cat > "$work/smoke.py" <<'PY'
import ctypes
import shutil

import numpy as np

assert shutil.which("swift") is None, "a Swift toolchain is on PATH"
try:
    ctypes.CDLL("libopenblas.so.0")
except OSError:
    pass
else:
    raise AssertionError("the system's OpenBLAS is still loadable")

import agent_economies
from agent_economies import auction, hfn, identity, payoffs

rng = np.random.default_rng(1)
market = auction.run_market(rng.random((300, 8)) * 10, np.full(300, 100.0), np.full(8, 40.0))
assert market.prices.shape == (8,) and np.isfinite(market.prices).all() and market.utilities.shape == (300,)
indptr, indices, counts, agents = identity.patterns_to_csr(
    {"a": {"x": 3, "y": 1}, "b": {"x": 3, "y": 1}, "c": {"z": 5}})
assert [sorted(agents[i] for i in c) for c in identity.sybil_clusters(indptr, indices, counts)] == [["a", "b"]]
with hfn.Engine(max_orders_per_tick=100, seed=3) as engine:
    engine.reserve(4, 1)
    outcomes, _ = engine.submit_batch([0, 1, 2, 3], [0, 0, 0, 0], [hfn.BID, hfn.ASK, hfn.BID, hfn.ASK],
                                      [1.0, 1.0, 2.0, 2.0], [1.0, 0.9, 1.1, 1.0])
    assert (outcomes == hfn.ACCEPTED).all()
p = rng.random(1000)
assert 0 < payoffs.soft_metrics(p, rng.random(1000) < p)["toxicity_rate"] < 1
print(f"wheel: agent_economies {agent_economies.__version__}: auction, Sybil join, HFN batch and metrics "
      "ran with the bundled OpenBLAS and LAPACKE, no Swift on PATH")
PY
hide=""
for library in /usr/lib/x86_64-linux-gnu/{libopenblas*,liblapack*,libblas*,libgfortran*,libquadmath*} \
               /usr/lib/x86_64-linux-gnu/openblas-pthread/*.so*; do
  if [ -f "$library" ]; then hide+="mount --bind /dev/null '$library'; "; fi
done
if unshare -m bash -c "mount --bind /dev/null /dev/null" 2>/dev/null; then
  unshare -m bash -c "$hide PATH=/usr/bin:/bin '$work/venv/bin/python' '$work/smoke.py'"
else
  # Without a mount namespace (not root, or no unshare) the system's libraries stay visible:
  # the run still proves the wheel installs and works without Swift, not that it is self-contained.
  echo "wheel: unshare -m is not available here; the system's OpenBLAS is not hidden" >&2
  sed -i 's/^    raise AssertionError("the system.s OpenBLAS is still loadable")/    pass/' "$work/smoke.py"
  PATH=/usr/bin:/bin "$work/venv/bin/python" "$work/smoke.py"
fi
# The sdist without Swift: one line saying what is needed.
python3 -m venv "$work/plain"
if PATH=/usr/bin:/bin "$work/plain/bin/pip" install --no-deps "$sdist" > "$work/sdist.log" 2>&1; then
  echo "wheel: the sdist installed without a Swift toolchain" >&2
  exit 1
fi
grep -q "building from source needs a Swift 6 toolchain" "$work/sdist.log" || { cat "$work/sdist.log" >&2; exit 1; }
echo "wheel: the sdist without Swift stops with: $(grep -o 'agent-economies: building from source[^\"]*' "$work/sdist.log" | head -1)"
