#!/usr/bin/env bash
# The distributed kernels against their single-process answers under mpirun:
#   scripts/mpi-test.sh [RANKS...]     (default: 1 2 3 4; CI runs 2)
# Installs Open MPI when missing, builds mpi-check (release) with AGENT_ECONOMIES_MPI=1 and
# runs it once per rank count; each run prints ranks=N and one line per check. Exits non-zero
# when any distributed answer differs from the single-process one.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh --mpi
export AGENT_ECONOMIES_MPI=1
swift build -c release --product mpi-check
bin="$(swift build -c release --show-bin-path)/mpi-check"
options=(--oversubscribe)
if [ "$(id -u)" = 0 ]; then options+=(--allow-run-as-root); fi
# One thread per rank (the checks compare answers, which never depend on threads).
export OPENBLAS_NUM_THREADS=1 AGENT_ECONOMIES_THREADS=1
ranks=("$@")
if [ ${#ranks[@]} -eq 0 ]; then ranks=(1 2 3 4); fi
for count in "${ranks[@]}"; do
    mpirun "${options[@]}" -np "$count" "$bin"
done
