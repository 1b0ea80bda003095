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

./scripts/check-library.sh "$library" c-abi
exported=$(nm -D --defined-only --extern-only "$library" | awk '{print $NF}' | sort -u)
# The exports list: exactly the functions the header declares, each exported.
declared=$(grep -oE '\bae_[a-z0-9_]+\(' Sources/AgentEconomiesCHeader/include/agent_economies.h | tr -d '(' | sort -u)
if [ "$declared" != "$exported" ]; then
  echo "c-abi: the exported symbols and the header's functions differ (< header only, > library only):" >&2
  diff <(echo "$declared") <(echo "$exported") >&2 || true
  exit 1
fi
soname=$(readelf -d "$library" | awk '/SONAME/ {gsub(/[\[\]]/, "", $NF); print $NF}')
if [ "$soname" != "libAgentEconomiesC.so.1" ]; then
  echo "c-abi: SONAME is '$soname', expected libAgentEconomiesC.so.1" >&2
  exit 1
fi
echo "c-abi: the $(echo "$declared" | wc -l) functions of agent_economies.h are exactly the exports; SONAME $soname"

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
# The examples link -lAgentEconomiesC and load the SONAME at run time: give the build folder
# the versioned name, as an installed library would have (scripts/install-c.sh installs it
# with a pkg-config file).
ln -sf libAgentEconomiesC.so "$bin/libAgentEconomiesC.so.1"
for example in Examples/C/*.c; do
  name=$(basename "$example" .c)
  cc -std=c11 -Wall -Wextra -Werror -pthread -I Sources/AgentEconomiesCHeader/include "$example" \
    -L "$bin" -lAgentEconomiesC -Wl,-rpath,"$bin" -lm -o "$work/$name"
  "$work/$name"
done

# Installed with its pkg-config file into a scratch prefix, an example builds from
# `pkg-config --cflags --libs agent-economies` alone and runs against the installed library.
./scripts/install-c.sh "$work/prefix" > /dev/null
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror Examples/C/payoffs.c $(pkg-config --cflags --libs agent-economies) -lm \
    -Wl,-rpath,"$work/prefix/lib" -o "$work/payoffs-installed"
"$work/payoffs-installed" > /dev/null
echo "c-abi: installed with pkg-config $(pkg-config --modversion agent-economies); an example built from it runs"
