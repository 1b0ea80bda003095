#!/usr/bin/env bash
# Installs the C library for C and C++ programs: scripts/install-c.sh [PREFIX] (default
# /usr/local). Builds libAgentEconomiesC.so (release) and installs
#   PREFIX/lib/libAgentEconomiesC.so.MAJOR.MINOR.PATCH, with the links .so.1 (its SONAME) and .so
#   PREFIX/include/agent_economies.h
#   PREFIX/lib/pkgconfig/agent-economies.pc   (pkg-config --cflags --libs agent-economies)
# The version comes from the header's AE_VERSION_* macros.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
./scripts/install-dependencies.sh
swift build -c release --product AgentEconomiesC
bin=$(swift build -c release --show-bin-path)
header=Sources/AgentEconomiesCHeader/include/agent_economies.h
part() { awk -v name="AE_VERSION_$1" '$1 == "#define" && $2 == name {print $3}' "$header"; }
version="$(part MAJOR).$(part MINOR).$(part PATCH)"
mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
install -m 0755 "$bin/libAgentEconomiesC.so" "$prefix/lib/libAgentEconomiesC.so.$version"
ln -sf "libAgentEconomiesC.so.$version" "$prefix/lib/libAgentEconomiesC.so.1"
ln -sf "libAgentEconomiesC.so.1" "$prefix/lib/libAgentEconomiesC.so"
install -m 0644 "$header" "$prefix/include/agent_economies.h"
cat > "$prefix/lib/pkgconfig/agent-economies.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: agent-economies
Description: Numeric kernels for virtual agent economies (the C ABI of Agent Economies)
Version: $version
Requires.private: openblas lapacke
Cflags: -I\${includedir}
Libs: -L\${libdir} -lAgentEconomiesC
PC
echo "install-c: libAgentEconomiesC.so.$version, agent_economies.h and agent-economies.pc under $prefix"
