#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with Swift: installs what the tests need,
# builds, and runs every test (Swift Testing).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
