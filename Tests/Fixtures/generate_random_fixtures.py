"""Generate ``random_streams.json``, reference output of CPython's
``random.Random`` (Mersenne Twister) for the Swift port's RNG.

For each seed below the file holds the first 1000 values of ``random()``,
plus two short ``uniform(lo, hi)`` sequences. Seeds are stored as decimal
strings because some of them do not fit in 64 bits (CPython seeds from the
absolute value of an int of any size, 32 bits at a time). Floats are written
by ``json.dump`` using ``repr``, so they round-trip exactly.

Only the CPython standard library is needed (swarm-safety is not used).
Regenerate from the repository root with:

    python3 -m venv .venv && .venv/bin/python Tests/Fixtures/generate_random_fixtures.py

(or simply ``python3 Tests/Fixtures/generate_random_fixtures.py``).
"""

import json
import math
import os
import random

OUTPUT_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "random_streams.json"
)

SEEDS = [0, 1, 42, 5, -5, 2**32, 2**40 + 7, 2**64 + 3, 123456789012345678901234567890]
STREAM_LENGTH = 1000

UNIFORM_SPECS = [
    # (seed, lo, hi, count)
    (1, 0, 10, 20),
    (42, -3.5, 2.25, 20),
]


def main():
    streams = []
    for seed in SEEDS:
        rng = random.Random(seed)
        values = [rng.random() for _ in range(STREAM_LENGTH)]
        streams.append({"seed": str(seed), "random": values})

    uniform = []
    for seed, lo, hi, count in UNIFORM_SPECS:
        rng = random.Random(seed)
        values = [rng.uniform(lo, hi) for _ in range(count)]
        uniform.append({"seed": str(seed), "lo": lo, "hi": hi, "values": values})

    doc = {"streams": streams, "uniform": uniform}
    for s in streams:
        assert all(math.isfinite(v) and 0.0 <= v < 1.0 for v in s["random"])
    with open(OUTPUT_PATH, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, allow_nan=False)
        fh.write("\n")
    print(f"wrote {len(streams)} streams and {len(uniform)} uniform sequences to {OUTPUT_PATH}")


if __name__ == "__main__":
    main()
