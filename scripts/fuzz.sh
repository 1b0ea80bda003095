#!/usr/bin/env bash
# Fuzzing with libFuzzer and AddressSanitizer.
#   scripts/fuzz.sh --list               the targets and what each checks
#   scripts/fuzz.sh TARGET SECONDS [ARGS] fuzzes TARGET for SECONDS (ARGS go to libFuzzer,
#                                        e.g. -jobs=2); new inputs go to .build/fuzz-corpus/TARGET,
#                                        crashes to .build/fuzz-artifacts/TARGET/
#   scripts/fuzz.sh --replay             replays every committed corpus (Fuzz/corpus/TARGET/)
#                                        through its target on a normal debug build
#   scripts/fuzz.sh --ci RUNS            replays the corpora, then fuzzes every target for RUNS
#                                        inputs with a fixed seed (deterministic; .ci/run)
# The targets check invariants, not only survival (see Sources/fuzz/Targets/). Seed corpora
# are committed under Fuzz/corpus/; an input that crashed once belongs there.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-dependencies.sh >/dev/null
corpora=Fuzz/corpus

if [ "${1:-}" = "--list" ]; then
    swift build --product fuzz >/dev/null
    "$(swift build --show-bin-path)/fuzz" --list
    exit 0
fi

if [ "${1:-}" = "--replay" ]; then
    swift build --product fuzz
    bin="$(swift build --show-bin-path)/fuzz"
    for dir in "$corpora"/*/; do
        "$bin" "$(basename "$dir")" "$dir"
    done
    exit 0
fi

if [ "${1:-}" = "--ci" ]; then
    runs=${2:-20000}
    "$0" --replay
    for target in $("$(swift build --show-bin-path)/fuzz" --list | cut -f1); do
        rm -f .build/fuzz-artifacts/"$target"/crash-*
        if ! "$0" "$target" 0 -runs="$runs" -seed=1 > ".build/fuzz-$target.log" 2>&1; then
            grep -E "Fatal error|ERROR|SUMMARY" ".build/fuzz-$target.log" >&2 || true
            echo "fuzz: $target failed; input in .build/fuzz-artifacts/$target/" >&2
            exit 1
        fi
        echo "fuzz: $target: $runs inputs, no crash"
    done
    exit 0
fi

if [ $# -lt 2 ]; then
    echo "usage: scripts/fuzz.sh --list | --replay | TARGET SECONDS [libFuzzer args]" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2
scratch=.build/fuzz
# swiftc keeps only the last -sanitize= flag, and SwiftPM passes one per --sanitize: without
# the combined flag the Swift code gets AddressSanitizer but no coverage instrumentation (only
# C code would guide the fuzzer). The combined flag comes last, so Swift gets both.
flags=(-c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
    --scratch-path "$scratch")
swift build "${flags[@]}" --product fuzz
bin="$(swift build "${flags[@]}" --show-bin-path)/fuzz"
work=.build/fuzz-corpus/$target
artifacts=.build/fuzz-artifacts/$target
mkdir -p "$work" "$artifacts" "$corpora/$target"
SWIFT_BACKTRACE=enable=no AE_FUZZ_TARGET=$target "$bin" -max_total_time="$seconds" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$@" "$work" "$corpora/$target"
