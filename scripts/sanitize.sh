#!/usr/bin/env bash
# The test suite under a sanitizer, then the C handles from several threads, then (address)
# the Python engines shared by 8 threads:
# scripts/sanitize.sh address|thread [swift test args].
# Each sanitizer builds into its own scratch directory (.build/sanitize-NAME), so the normal
# build is untouched. Swift's backtracer is turned off: the sanitizer's report is the one to
# read. Exit status: the test run's (a sanitizer report fails the run).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh
sanitizer=${1:?usage: scripts/sanitize.sh address|thread [swift test args]}
shift
case "$sanitizer" in
  address) export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1} ;;
  thread) export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} ;;
  *) echo "unknown sanitizer $sanitizer (address or thread)" >&2; exit 2 ;;
esac
export SWIFT_BACKTRACE=enable=no
scratch=".build/sanitize-$sanitizer"
swift test --sanitize "$sanitizer" --scratch-path "$scratch" "$@"
# The C handles' locking from several threads: the library built with the sanitizer, and
# Examples/C/threads.c (four threads on one engine, handles created and destroyed meanwhile)
# compiled with it.
swift build --sanitize "$sanitizer" --scratch-path "$scratch" --product AgentEconomiesC
bin=$(swift build --sanitize "$sanitizer" --scratch-path "$scratch" --show-bin-path)
ln -sf libAgentEconomiesC.so "$bin/libAgentEconomiesC.so.1"  # the SONAME the example loads
# The sanitizer runtimes intercept libdispatch: link the toolchain's copy.
runtime="$(dirname "$(readlink -f "$(command -v swift)")")/../lib/swift/linux"
clang -std=c11 -g -pthread -fsanitize="$sanitizer" -I Sources/AgentEconomiesCHeader/include Examples/C/threads.c \
    -L "$bin" -lAgentEconomiesC -Wl,-rpath,"$bin" -L "$runtime" -ldispatch -lBlocksRuntime -Wl,-rpath,"$runtime" \
    -lm -o "$scratch/threads"
"$scratch/threads"
# The Python engines shared by 8 threads (python/tests/test_threads.py) on the library built
# with AddressSanitizer, its runtime preloaded into an uninstrumented CPython (address only:
# ThreadSanitizer would report CPython's own unsynchronised accesses). Needs a python3 with
# numpy and pytest; skipped otherwise.
if [ "$sanitizer" = address ] && python3 -c "import numpy, pytest" 2>/dev/null; then
    runtime_library="$(dirname "$(readlink -f "$(command -v swift)")")/../lib/clang"
    asan=$(find "$runtime_library" -name 'libclang_rt.asan-x86_64.so' | head -1)
    ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 LD_PRELOAD="$asan" PYTHONPATH=python \
        AGENT_ECONOMIES_LIBRARY="$bin/libAgentEconomiesC.so" python3 -m pytest -q -p no:cacheprovider python/tests/test_threads.py
fi
