#!/usr/bin/env bash
# Set-up and first run on a fresh Debian machine with Swift: install system packages, build,
# and run `leakscan demo` (synthetic world, served on 127.0.0.1, scanned through libcurl).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build --product leakscan 2>&1 | grep -E "error|warning: unre|Compiling leakscan|Build complete" >&2 || true
exec .build/debug/leakscan demo "$@"
