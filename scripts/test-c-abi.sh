#!/usr/bin/env bash
# Tests the C ABI as a C program sees it: builds libAgentEconomiesC.so (debug unless
# CONFIGURATION=release), checks that it exports only `ae_` symbols and needs no Swift
# runtime library, then compiles every example in Examples/C against agent_economies.h and
# runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${CONFIGURATION:-debug}
swift build -c "$configuration" --product AgentEconomiesC
bin=$(swift build -c "$configuration" --show-bin-path)
library="$bin/libAgentEconomiesC.so"

exported=$(nm -D --defined-only --extern-only "$library" | awk '{print $NF}' | sort -u)
foreign=$(echo "$exported" | grep -v '^ae_' || true)
if [ -n "$foreign" ]; then
  echo "c-abi: symbols other than ae_* are exported:" >&2
  echo "$foreign" | head -20 >&2
  exit 1
fi
echo "c-abi: exports $(echo "$exported" | wc -l) symbols, all ae_*"

needed=$(readelf -d "$library" | awk '/NEEDED/ {gsub(/[\[\]]/, "", $NF); print $NF}')
allowed='^(libc\.so|libm\.so|libstdc\+\+\.so|libgcc_s\.so|libopenblas\.so|liblapacke\.so|libdl\.so|libpthread\.so|librt\.so|ld-linux)'
unexpected=$(echo "$needed" | grep -Ev "$allowed" || true)
if [ -n "$unexpected" ]; then
  echo "c-abi: unexpected dynamic dependencies:" >&2
  echo "$unexpected" >&2
  exit 1
fi
echo "c-abi: needs $(echo $needed)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for example in Examples/C/*.c; do
  name=$(basename "$example" .c)
  cc -std=c11 -Wall -Wextra -Werror -pthread -I Sources/AgentEconomiesCHeader/include "$example" \
    -L "$bin" -lAgentEconomiesC -Wl,-rpath,"$bin" -lm -o "$work/$name"
  "$work/$name"
done
