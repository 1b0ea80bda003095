#!/usr/bin/env bash
# Runs the three experiments of the Experiments article (simulation catalog) with the release
# `simulate sweep`: rewards against free riding, Sybil detection against adaptive rings, and
# the permeability trade-off, each over 5 seeds at 10,000 agents with its control. Sweep
# directories go to ${EXPERIMENTS_OUT:-/tmp/agent-economies-experiments}/<name> (with --resume, an
# interrupted run continues); runs.csv and summary.csv are copied to experiments/<name>/.
# Usage: scripts/experiments.sh [free-riding|sybil-evasion|permeability-tradeoff ...]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${EXPERIMENTS_OUT:-/tmp/agent-economies-experiments}
jobs=${JOBS:-2}
swift build -c release --product simulate >/dev/null
simulate=.build/release/simulate
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(free-riding sybil-evasion permeability-tradeoff)

for name in "${names[@]}"; do
  case "$name" in
    free-riding)
      # 10,000 agents keep the scenario's mission density (50 missions a epoch per 600 agents).
      arguments=(--set missions.per_epoch=833
        --vary economy.adaptive=true,false
        --vary missions.reward_distribution=equal,proportional,shapley,shapley_exact) ;;
    sybil-evasion)
      # 100 rings of 5 at 10,000 agents: the scenario's 40 rings per 4,000 agents.
      arguments=(--set population.sybil_entities=100
        --vary economy.adaptive=true,false
        --vary identity.similarity_threshold=0.5,0.6,0.7,0.8,0.9,0.95) ;;
    permeability-tradeoff)
      arguments=(--vary permeability.sanction_rate=10,0
        --vary permeability.base_permeability=0,0.1,0.2,0.3,0.5,0.7,0.9,1) ;;
    *) echo "experiments: unknown experiment '$name'" >&2; exit 2 ;;
  esac
  mkdir -p "$out"
  resume=()
  [ -f "$out/$name/sweep.json" ] && resume=(--resume)
  "$simulate" sweep --scenario "scenarios/$name.yaml" --agents 10000 --seeds 5 --jobs "$jobs" \
    "${arguments[@]}" "${resume[@]}" --out "$out/$name"
  mkdir -p "experiments/$name"
  cp "$out/$name/runs.csv" "$out/$name/summary.csv" "$out/$name/sweep.json" "experiments/$name/"
done
