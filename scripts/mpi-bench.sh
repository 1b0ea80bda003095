#!/usr/bin/env bash
# Benchmarks of the distributed kernels on this machine: mpi.sybil_clusters,
# mpi.envy_check, mpi.equilibrium and mpi.simulation_epoch on 1 and 2 ranks of one thread each.
#   scripts/mpi-bench.sh --json PATH [--quick] [--only KERNEL] [--pairs N]
# Writes the records (benchmark JSON fields, `ranks` among the params; each 2-rank record
# carries the median of the 1-rank run just before it as baseline_s, and its speedup) to
# PATH. --pairs N runs the (1 rank, 2 ranks) pair N times, back to back, and prints the
# median of the pairs' speedups per kernel: on a shared, noisy machine a pair's two runs see
# the same load more often than two runs minutes apart.
set -euo pipefail
cd "$(dirname "$0")/.."
json=""
extra=()
pairs=1
while [ $# -gt 0 ]; do
    case "$1" in
        --json) json="$2"; shift 2 ;;
        --quick) extra+=(--quick); shift ;;
        --only) extra+=(--only "$2"); shift 2 ;;
        --pairs) pairs="$2"; shift 2 ;;
        *) echo "usage: scripts/mpi-bench.sh --json PATH [--quick] [--only KERNEL] [--pairs N]" >&2; exit 2 ;;
    esac
done
if [ -z "$json" ]; then echo "usage: scripts/mpi-bench.sh --json PATH [--quick] [--only KERNEL] [--pairs N]" >&2; exit 2; fi
./scripts/install-dependencies.sh --mpi
export AGENT_ECONOMIES_MPI=1
swift build -c release --product mpi-bench
bin="$(swift build -c release --show-bin-path)/mpi-bench"
options=(--oversubscribe --bind-to core)
if [ "$(id -u)" = 0 ]; then options+=(--allow-run-as-root); fi
export OPENBLAS_NUM_THREADS=1 AGENT_ECONOMIES_THREADS=1
rm -f "$json"
for ((pair = 1; pair <= pairs; pair++)); do
    for ranks in 1 2; do
        mpirun "${options[@]}" -np "$ranks" "$bin" --json "$json" "${extra[@]}"
    done
done
python3 - "$json" <<'PY'
import json, statistics, sys
speedups = {}
for record in json.load(open(sys.argv[1])):
    if record.get("speedup_vs_baseline") is not None:
        speedups.setdefault(record["kernel"], []).append(record["speedup_vs_baseline"])
for kernel, values in speedups.items():
    listed = ", ".join(f"{value:.2f}" for value in values)
    print(f"{kernel}: 2 ranks / 1 rank, median {statistics.median(values):.2f}x over {len(values)} pairs ({listed})")
PY
echo "mpi-bench: records in $json"
