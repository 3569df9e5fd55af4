#!/usr/bin/env bash
# Installs etcd 3.4 for the rig's local etcd runs (./rig run --system etcd --backend local, EtcdIT):
# Debian's etcd-server, when no etcd is on the PATH. Needs root and apt-get; otherwise it says what
# to do and exits 1. Idempotent: exits 0 at once when etcd is there.
set -euo pipefail

if command -v etcd >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "etcd/install.sh: etcd is not installed and installing it needs root; run (as root)" \
        "apt-get install etcd-server, or set RAFTKV_ETCD to an etcd 3.4 executable" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "etcd/install.sh: etcd is not installed and this is not Debian (no apt-get); install etcd 3.4" \
        "and put it on the PATH, or set RAFTKV_ETCD to its executable" >&2
    exit 1
fi
echo "etcd/install.sh: installing Debian's etcd-server ..." >&2
export DEBIAN_FRONTEND=noninteractive
# The package's own single-node service is not wanted: keep it from starting.
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=yes
fi
status=0
{ apt-get update -qq && apt-get install -y -qq --no-install-recommends etcd-server; } >&2 || status=$?
[ -n "$created_policy" ] && rm -f "$policy"
if [ "$status" != 0 ] || ! command -v etcd >/dev/null 2>&1; then
    echo "etcd/install.sh: apt-get install etcd-server failed (exit $status)" >&2
    exit 1
fi
etcd --version | head -1 >&2
