#!/usr/bin/env bash
# Builds the Python wheel (python/, which bundles libAgentEconomiesC.so built in release mode),
# checks that its library exports only ae_* symbols and needs no Swift runtime, installs the
# package into a fresh virtual environment and runs its pytest suite, `mypy --strict` on the
# package (configured in python/pyproject.toml), and the docstrings' examples as doctests.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv-python-tests}
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet pytest numpy setuptools wheel matplotlib threadpoolctl scipy mypy numpydoc

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$venv/bin/pip" wheel --quiet --no-deps --no-build-isolation ./python -w "$work"
wheel=$(ls "$work"/agent_economies-*.whl)
"$venv/bin/python" -m zipfile -e "$wheel" "$work/unpacked"
library="$work/unpacked/agent_economies/libAgentEconomiesC.so"
foreign=$(nm -D --defined-only --extern-only "$library" | awk '{print $NF}' | grep -v '^ae_' || true)
if [ -n "$foreign" ]; then echo "python: the wheel's library exports non-ae_ symbols: $foreign" >&2; exit 1; fi
if readelf -d "$library" | grep NEEDED | grep -qi swift; then
  echo "python: the wheel's library needs a Swift runtime library:" >&2
  readelf -d "$library" | grep NEEDED >&2
  exit 1
fi
echo "python: $(basename "$wheel"): $(nm -D --defined-only --extern-only "$library" | wc -l) ae_ symbols," \
  "needs $(readelf -d "$library" | awk '/NEEDED/ {gsub(/[\[\]]/, "", $NF); printf "%s ", $NF}')"

"$venv/bin/pip" install --quiet "$wheel"
# The simulation driver's tests compare it with `simulate`, column for column.
swift build -c release --product simulate
export AGENT_ECONOMIES_SIMULATE="$PWD/.build/release/simulate"
"$venv/bin/python" -m pytest -q python/tests
"$venv/bin/python" -m mypy --strict --config-file python/pyproject.toml --cache-dir "$work/mypy" python/agent_economies
# Every module's examples (swarm_backend's and bench's need SWARM: those lines are skipped here).
"$venv/bin/python" -m pytest -q -p no:cacheprovider --doctest-modules --pyargs agent_economies.__init__ \
    agent_economies._types agent_economies._checks agent_economies._native agent_economies._threads \
    agent_economies.auction agent_economies.hfn agent_economies.identity agent_economies.missions \
    agent_economies.payoffs agent_economies.permeability agent_economies.report agent_economies.swarm_backend \
    agent_economies.bench agent_economies.simulation agent_economies.sweep_report agent_economies.driver_bench
