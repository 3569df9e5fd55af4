#!/usr/bin/env bash
# raftkv against etcd on this machine: starts 3 etcd members and then 3 raftkv nodes on loopback
# (one system at a time, each on a fresh data directory), loads each with the same client and
# shape (`./rig bench server --endpoints ...`, the non-blocking load client), and prints one table:
# system, shape, ops/s, p50, p99, MB/s of values, the members' CPU seconds per 1,000 requests, and
# raftkv/etcd ratios.
#
#   bench/vs-etcd.sh [--duration S] [--warmup S] [--concurrency C] [--keys K] [--out DIR]
#
# Shapes: writes of 100-byte values, linearizable reads of them, writes of 100 KB values.
# Every phase lasts --warmup + --duration seconds (default 5 + 20; VS_ETCD_DURATION and
# VS_ETCD_WARMUP set them too) and every request gives up after 10 s. Both systems fsync every
# write (their defaults). Needs a JDK 21 (found by ./rig) and etcd: Debian's etcd-server is
# installed (etcd/install.sh) when none is on the PATH and this runs as root on Debian;
# RAFTKV_ETCD=/path/to/etcd picks another binary. Ports: etcd 127.0.0.1:23791-23793 (peers
# 23801-23803), raftkv 127.0.0.1:18081-18083 (peers 17081-17083); refused when one is taken.
# Every process it starts is stopped on exit (also on Ctrl-C), and its data is removed; the
# nodes' logs and the bench's output stay in --out (default: a new folder under $TMPDIR). Killed
# with SIGKILL, it leaves its etcd members running (the raftkv nodes end with it): they are the
# etcd processes with --initial-cluster-token vs-etcd.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${VS_ETCD_DURATION:-20}
WARMUP=${VS_ETCD_WARMUP:-5}
CONCURRENCY=64
KEYS=1000
OUT=""

die() { echo "vs-etcd: $*" >&2; exit 3; }

while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION=${2:?}; shift 2 ;;
        --warmup) WARMUP=${2:?}; shift 2 ;;
        --concurrency) CONCURRENCY=${2:?}; shift 2 ;;
        --keys) KEYS=${2:?}; shift 2 ;;
        --out) OUT=${2:?}; shift 2 ;;
        -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done
for n in "$DURATION" "$WARMUP" "$CONCURRENCY" "$KEYS"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "--duration, --warmup, --concurrency and --keys take whole numbers, not '$n'"
done
[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 600 ] || die "--duration takes 1 to 600 seconds"
[ "$WARMUP" -le 600 ] || die "--warmup takes 0 to 600 seconds"

ETCD=${RAFTKV_ETCD:-}
if [ -z "$ETCD" ]; then
    "$ROOT/etcd/install.sh" || die "no etcd (see above)"
    ETCD=$(command -v etcd)
fi
[ -x "$ETCD" ] || die "$ETCD is not an executable"

OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/vs-etcd.XXXXXX")}
mkdir -p "$OUT"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/vs-etcd-data.XXXXXX")
SUMMARY="$OUT/summary.tsv"
: >"$SUMMARY"

PIDS=()
stop_nodes() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 50); do
        local alive=""
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=yes; done
        [ -z "$alive" ] && break
        sleep 0.1
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
BENCH=""
cleanup() {
    if [ -n "$BENCH" ]; then
        kill -TERM "$BENCH" 2>/dev/null || true
        wait "$BENCH" 2>/dev/null || true
    fi
    stop_nodes
    rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in 23791 23792 23793 23801 23802 23803 18081 18082 18083 17081 17082 17083; do
    port_free "$p" || die "port 127.0.0.1:$p is taken (another run of this script, or something else)"
done

# Builds the jars if needed before nodes start, so no node waits on the build.
"$ROOT/rig" bench server --help >/dev/null

start_etcd() {
    local cluster="e1=http://127.0.0.1:23801,e2=http://127.0.0.1:23802,e3=http://127.0.0.1:23803" i
    for i in 1 2 3; do
        # A backend quota of 8 GiB, compaction to the last 10,000 revisions: 100 KB values fill
        # the default 2 GiB within a long run.
        "$ETCD" --name "e$i" --data-dir "$DATA/etcd-e$i" \
            --listen-client-urls "http://127.0.0.1:2379$i" --advertise-client-urls "http://127.0.0.1:2379$i" \
            --listen-peer-urls "http://127.0.0.1:2380$i" --initial-advertise-peer-urls "http://127.0.0.1:2380$i" \
            --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token vs-etcd \
            --quota-backend-bytes 8589934592 --auto-compaction-mode revision --auto-compaction-retention 10000 \
            --logger zap --log-outputs stderr --log-level warn \
            >"$OUT/etcd-e$i.log" 2>&1 &
        PIDS+=($!)
    done
}

start_raftkv() {
    local peers="n1=127.0.0.1:17081,n2=127.0.0.1:17082,n3=127.0.0.1:17083" i
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DATA/raftkv-secret")
    for i in 1 2 3; do
        "$ROOT/rig" server --id "n$i" --http "127.0.0.1:1808$i" --peers "$peers" \
            --cluster-secret-file "$DATA/raftkv-secret" --data "$DATA/raftkv-n$i" --exit-with-parent $$ \
            >"$OUT/raftkv-n$i.log" 2>&1 &
        PIDS+=($!)
    done
}

# bench SYSTEM SHAPE ENDPOINTS [rig bench server flags...]: one bench run; its summary lines get
# the shape's name in front.
bench() {
    local system=$1 shape=$2 endpoints=$3 tmp
    shift 3
    tmp="$OUT/.summary-$system-$shape.tsv"
    rm -f "$tmp"
    echo "vs-etcd: $system, $shape" >&2
    # In the background and waited for, so that a signal to this script is handled at once.
    "$ROOT/rig" bench server --system "$system" --endpoints "$endpoints" --threads 2 \
        --endpoint-pids "$(IFS=,; echo "${PIDS[*]}")" \
        --concurrency "$CONCURRENCY" --keys "$KEYS" --duration "$DURATION" --warmup "$WARMUP" --timeout 10 \
        --summary "$tmp" "$@" > >(tee -a "$OUT/bench-$system.txt" >&2) 2>&1 &
    BENCH=$!
    wait "$BENCH" || die "the bench of $system failed (its output: $OUT/bench-$system.txt; the nodes' logs: $OUT)"
    BENCH=""
    tail -n +2 "$tmp" | sed "s/^/$shape\t/" >>"$SUMMARY"
    rm -f "$tmp"
}

run_system() {
    local system=$1 endpoints=$2
    bench "$system" small "$endpoints" --phases writes,reads --value-size 100
    bench "$system" large "$endpoints" --phases writes --value-size 102400
}

start_etcd
run_system etcd "http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793"
stop_nodes
start_raftkv
run_system raftkv "http://127.0.0.1:18081,http://127.0.0.1:18082,http://127.0.0.1:18083"
stop_nodes

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
printf '\nvs-etcd: %s UTC, %s (%s cores, %s), load %s\n' "$(date -u '+%Y-%m-%d %H:%M')" "$(uname -n)" \
    "$(nproc)" "${cpu:-unknown CPU}" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'etcd %s, raftkv %s; closed loop of %s clients, %s keys, %s s measured after %s s of warm-up\n\n' \
    "$("$ETCD" --version | awk '/^etcd Version/ {print $3}')" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$CONCURRENCY" "$KEYS" "$DURATION" "$WARMUP"
# summary.tsv: shape system phase batch value_bytes ops_per_s entries_per_s p50 p99 p999 mb_per_s errors
# nodes_cpu_s_per_1000 client_cpu_s_per_1000
awk -F'\t' '
    function label(shape, phase) {
        if (phase == "reads") return "linearizable reads, 100 B"
        return shape == "large" ? "writes, 100 KB" : "writes, 100 B"
    }
    {
        k = label($1, $3); sys = $2
        if (!(k in seen)) { seen[k] = 1; order[++n] = k }
        ops[k, sys] = $6; p50[k, sys] = $8; p99[k, sys] = $9; mb[k, sys] = $11; err[k, sys] = $12; cpu[k, sys] = $13
    }
    END {
        printf "%-26s %-7s %10s %9s %9s %9s %7s %9s  %s\n", "shape", "system", "ops/s", "p50 ms", "p99 ms", "MB/s", "errors", "cpu s/1k", "raftkv/etcd"
        for (i = 1; i <= n; i++) {
            k = order[i]
            for (s = 1; s <= 2; s++) {
                sys = s == 1 ? "etcd" : "raftkv"
                if (!((k, sys) in ops)) continue
                ratio = ""
                if (sys == "raftkv" && (k, "etcd") in ops && ops[k, "etcd"] > 0 && p99[k, "etcd"] > 0) {
                    ratio = sprintf("ops/s x%.2f, p99 x%.2f", ops[k, "raftkv"] / ops[k, "etcd"], p99[k, "raftkv"] / p99[k, "etcd"])
                    if (cpu[k, "etcd"] + 0 > 0 && cpu[k, "raftkv"] + 0 > 0)
                        ratio = ratio sprintf(", cpu x%.2f", cpu[k, "raftkv"] / cpu[k, "etcd"])
                }
                line = sprintf("%-26s %-7s %10.0f %9.2f %9.2f %9.2f %7d %9s  %s", k, sys, ops[k, sys], p50[k, sys], p99[k, sys], mb[k, sys], err[k, sys], cpu[k, sys], ratio)
                sub(/ +$/, "", line)
                print line
            }
        }
    }' "$SUMMARY"
echo
echo "vs-etcd: the bench output, the nodes' logs and summary.tsv are in $OUT"
