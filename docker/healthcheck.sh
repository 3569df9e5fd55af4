#!/usr/bin/env bash
# Container health check: GET /health on this node's HTTP port answers 200.
# Plain bash (/dev/tcp), so the image needs neither curl nor a second JVM.
set -euo pipefail
port=${RAFTKV_HTTP##*:}
exec 3<>"/dev/tcp/127.0.0.1/${port:-8080}"
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
read -r -t 2 _ status _ <&3
[[ $status == 200 ]]
