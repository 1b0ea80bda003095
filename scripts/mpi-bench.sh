#!/usr/bin/env bash
# Benchmarks of the distributed kernels on this machine: mpi.sybil_clusters,
# mpi.envy_check, mpi.equilibrium and mpi.simulation_epoch on 1 and 2 ranks of one thread each.
#   scripts/mpi-bench.sh --json PATH [--quick]
# Writes the records (benchmark JSON fields, `ranks` among the params; the 2-rank records
# carry the 1-rank median as baseline_s and their speedup) to PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
json=""
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --json) json="$2"; shift 2 ;;
        --quick) extra+=(--quick); shift ;;
        *) echo "usage: scripts/mpi-bench.sh --json PATH [--quick]" >&2; exit 2 ;;
    esac
done
if [ -z "$json" ]; then echo "usage: scripts/mpi-bench.sh --json PATH [--quick]" >&2; exit 2; fi
./scripts/install-dependencies.sh --mpi
export AGENT_ECONOMIES_MPI=1
swift build -c release --product mpi-bench
bin="$(swift build -c release --show-bin-path)/mpi-bench"
options=(--oversubscribe --bind-to core)
if [ "$(id -u)" = 0 ]; then options+=(--allow-run-as-root); fi
export OPENBLAS_NUM_THREADS=1 AGENT_ECONOMIES_THREADS=1
rm -f "$json"
for ranks in 1 2; do
    mpirun "${options[@]}" -np "$ranks" "$bin" --json "$json" "${extra[@]}"
done
echo "mpi-bench: records in $json"
