#!/usr/bin/env bash
# Builds the DocC catalogs of the library modules and fails on any documentation warning.
# Output: .build/plugins/Swift-DocC/outputs/<Module>.doccarchive
set -euo pipefail
cd "$(dirname "$0")/.."
# The MPI module is declared only with AGENT_ECONOMIES_MPI=1 (and needs Open MPI installed).
./scripts/install-dependencies.sh --mpi
status=0
for target in AgentEconomiesKernels AgentEconomies AgentEconomiesSimulation AgentEconomiesMPI; do
  log=$(mktemp)
  mpi=0
  if [ "$target" = AgentEconomiesMPI ]; then mpi=1; fi
  AGENT_ECONOMIES_MPI=$mpi swift package --disable-sandbox generate-documentation --target "$target" 2>&1 \
    | tee "$log" >/dev/null || status=1
  if grep -E "warning:|error:" "$log"; then
    echo "docs: $target has documentation warnings" >&2
    status=1
  else
    echo "docs: $target built with no warnings"
  fi
  rm -f "$log"
done
exit $status
