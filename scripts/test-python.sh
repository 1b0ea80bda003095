#!/usr/bin/env bash
# Builds and installs the Python package (python/, which bundles libAgentEconomiesC.so built
# in release mode) into a fresh virtual environment and runs its pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv-python-tests}
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet ./python pytest
"$venv/bin/python" -m pytest -q python/tests
