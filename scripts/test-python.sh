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
./scripts/check-library.sh "$library" "python: $(basename "$wheel")"

"$venv/bin/pip" install --quiet "$wheel"
# The simulation driver's tests compare it with `simulate`, column for column.
swift build -c release --product simulate
export AGENT_ECONOMIES_SIMULATE="$PWD/.build/release/simulate"
"$venv/bin/python" -m pytest -q python/tests
"$venv/bin/python" -m mypy --strict --config-file python/pyproject.toml --cache-dir "$work/mypy" python/agent_economies
# Every module's examples (swarm_backend's and bench's need SWARM: those lines are skipped here).
"$venv/bin/python" -m pytest -q -p no:cacheprovider --doctest-modules --pyargs agent_economies.__init__ \
    agent_economies._types agent_economies._checks agent_economies._native agent_economies._threads agent_economies._blas \
    agent_economies.auction agent_economies.hfn agent_economies.identity agent_economies.missions \
    agent_economies.payoffs agent_economies.permeability agent_economies.report agent_economies.swarm_backend \
    agent_economies.bench agent_economies.simulation agent_economies.sweep_report agent_economies.driver_bench
