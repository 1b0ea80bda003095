#!/usr/bin/env bash
# The test suite under a sanitizer: scripts/sanitize.sh address|thread [swift test args].
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
swift test --sanitize "$sanitizer" --scratch-path ".build/sanitize-$sanitizer" "$@"
