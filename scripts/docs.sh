#!/usr/bin/env bash
# Builds the DocC catalogs of the library modules and fails on any documentation warning.
# Output: .build/plugins/Swift-DocC/outputs/<Module>.doccarchive
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh
status=0
for target in AgentEconomiesKernels AgentEconomies AgentEconomiesSimulation; do
  log=$(mktemp)
  swift package --disable-sandbox generate-documentation --target "$target" 2>&1 | tee "$log" >/dev/null || status=1
  if grep -E "warning:|error:" "$log"; then
    echo "docs: $target has documentation warnings" >&2
    status=1
  else
    echo "docs: $target built with no warnings"
  fi
  rm -f "$log"
done
exit $status
