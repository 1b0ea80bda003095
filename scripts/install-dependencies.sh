#!/usr/bin/env bash
# Installs the C libraries the package links (OpenBLAS, LAPACKE) and pkg-config, which
# SwiftPM uses to find them, when any is missing. Debian/Ubuntu; run as root or with sudo.
# With --mpi also Open MPI (libopenmpi-dev, openmpi-bin), for the AgentEconomiesMPI module.
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev pkg-config)
if [ "${1:-}" = "--mpi" ]; then packages+=(libopenmpi-dev openmpi-bin); fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing ${missing[*]} and no apt-get: install OpenBLAS, LAPACKE and pkg-config by hand" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
echo "installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
