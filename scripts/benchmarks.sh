#!/usr/bin/env bash
# The README's benchmark command: installs what is missing, then runs the benchmark suite in
# release mode. Arguments are passed on (--quick, --filter SUBSTRING, --json PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh
swift run -c release benchmarks "$@"
