#!/usr/bin/env bash
# Checks a built libAgentEconomiesC.so the way every consumer needs it: it exports only `ae_`
# symbols and needs no Swift runtime library (the runtime is linked in statically). Prints the
# export count and the libraries it needs. Used by test-c-abi.sh (the build's library) and
# test-python.sh (the copy inside the wheel).
# Usage: scripts/check-library.sh LIBRARY LABEL
set -euo pipefail
library=$1
label=${2:-library}
exported=$(nm -D --defined-only --extern-only "$library" | awk '{print $NF}' | sort -u)
foreign=$(echo "$exported" | grep -v '^ae_' || true)
if [ -n "$foreign" ]; then
  echo "$label: symbols other than ae_* are exported:" >&2
  echo "$foreign" | head -20 >&2
  exit 1
fi
needed=$(readelf -d "$library" | awk '/NEEDED/ {gsub(/[\[\]]/, "", $NF); print $NF}')
if echo "$needed" | grep -qi swift; then
  echo "$label: the library needs a Swift runtime library:" >&2
  echo "$needed" >&2
  exit 1
fi
echo "$label: exports $(echo "$exported" | wc -l) symbols, all ae_*; needs $(echo $needed)"
