#!/usr/bin/env bash
# Candidate-index benchmark: builds leakscan-bench in release mode and runs it. Prints build time,
# bytes per entry, peak build RSS, lookups per second on one core and the same lookups on SQLite.
# Arguments go to the benchmark, e.g. `Scripts/bench-index.sh --candidates 1000000 --rounds 3`.
# Needs ≈1.5 GB of free disk in $TMPDIR (candidates.csv, index, SQLite copy) and ≈2 GB of RAM.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release --product leakscan-bench
exec .build/release/leakscan-bench index "$@"
