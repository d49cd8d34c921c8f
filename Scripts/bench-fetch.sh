#!/usr/bin/env bash
# Fetcher benchmark: 10,000 small pages (2 KB) and 200 large pages (1 MB) from a loopback server,
# fetched by LeakScan's CurlFetcher and by `curl --parallel --parallel-max 64` in the same run,
# 3 rounds each; prints medians (pages/s, MB/s), the ratio to curl and LeakScan's peak RSS.
#
#   Scripts/bench-fetch.sh                 # server: LoopbackHTTPServer in a child process
#   Scripts/bench-fetch.sh --nginx         # server: nginx from Debian on 127.0.0.1 (installed if missing)
#   Scripts/bench-fetch.sh -- --rounds 5   # extra arguments for `leakscan-bench fetch`
set -euo pipefail
cd "$(dirname "$0")/.."
use_nginx=0
if [ "${1:-}" = "--nginx" ]; then use_nginx=1; shift; fi
[ "${1:-}" = "--" ] && shift
Scripts/install-deps.sh
need=()
command -v curl >/dev/null || need+=(curl)
[ $use_nginx = 1 ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] && need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing: ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
swift build -c release --product leakscan-bench
bench=.build/release/leakscan-bench
if [ $use_nginx = 0 ]; then
    exec "$bench" fetch "$@"
fi
dir=$(mktemp -d)
chmod 755 "$dir"   # nginx workers run as an unprivileged user
trap 'kill "$(cat "$dir/nginx.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$bench" fetch --write-site "$dir/site"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
    uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
    server { listen 127.0.0.1:$port; root $dir/site; default_type text/html; }
}
CONF
mkdir -p "$dir/tmp"
"$(command -v nginx || echo /usr/sbin/nginx)" -e "$dir/error.log" -c "$dir/nginx.conf" -p "$dir"
sleep 0.5
"$bench" fetch --server "http://127.0.0.1:$port" "$@"
