#!/usr/bin/env bash
# Installs the system packages LeakScan builds against, when missing (Debian/Ubuntu).
set -euo pipefail
need=()
pkg-config --exists libcurl 2>/dev/null || need+=(libcurl4-openssl-dev)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing: ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
