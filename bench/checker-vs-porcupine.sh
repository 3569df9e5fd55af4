#!/usr/bin/env bash
# Times this project's checker and, where it can be built, porcupine on the shared corpus, file
# group by file group, in one run: the Jepsen etcd logs (all 102 files) and each MIT kv file
# (c01, c10, c50; ok and bad). Also prints this checker's time on a generated single-key
# cas-register history of 10,000 ops from 50 processes (porcupine has no such file).
#
#   bench/checker-vs-porcupine.sh [CORPUS_DIR] [RUNS]
#
# porcupine's column needs Go (Debian: golang-go) and the module github.com/anishathalye/porcupine
# from the Go module proxy; without either, the script says which is missing and prints this
# checker's column alone. Times are medians over RUNS (default 5) after warm-up, in ms.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${1:-$(cd "$ROOT/.." && pwd)/shared/corpus}
RUNS=${2:-5}
[ -d "$CORPUS/jepsen-etcd" ] && [ -d "$CORPUS/mit-kv" ] || {
    echo "checker-vs-porcupine: no corpus at $CORPUS (give it as the first argument)" >&2
    exit 3
}

ours=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT

"$ROOT/rig" bench checker --corpus "$CORPUS" --runs "$RUNS" --warmup 3 \
    --sizes 10000 --processes 50 >"$ours"

porcupine_note=""
if ! command -v go >/dev/null 2>&1; then
    porcupine_note="porcupine: not measured: Go is not installed (apt-get install golang-go)"
elif ! (cd "$ROOT/bench/porcupine" && GOFLAGS=-mod=mod go build -o "$ROOT/bench/porcupine/porcupine-bench" . ) \
        >/dev/null 2>&1; then
    porcupine_note="porcupine: not measured: the module github.com/anishathalye/porcupine could not be"
    porcupine_note+=" fetched or built (is the Go module proxy reachable? GOPROXY=${GOPROXY:-default})"
else
    "$ROOT/bench/porcupine/porcupine-bench" "$CORPUS" "$RUNS" >"$theirs"
fi

# Our figures: "corpus jepsen-etcd ... all files 532 ms ..." and "  file c50-ok.txt  785 ms  valid".
ours_ms() {
    local group=$1
    if [ "$group" = jepsen-etcd ]; then
        sed -n 's/^corpus jepsen-etcd .*all files \([0-9.]*\) ms.*/\1/p' "$ours"
    else
        awk -v f="$group.txt" '$1 == "file" && $2 == f { print $3 }' "$ours"
    fi
}
theirs_ms() {
    awk -v g="$1" '$1 == g { print $2 }' "$theirs"
}

printf '%-14s %14s %16s\n' "file group" "raftkv (ms)" "porcupine (ms)"
for group in jepsen-etcd c01-ok c01-bad c10-ok c10-bad c50-ok c50-bad; do
    p=$(theirs_ms "$group")
    printf '%-14s %14s %16s\n' "$group" "$(ours_ms "$group")" "${p:-n/a}"
done
single=$(sed -n 's/^generated linearizable, cas-register, 1 key *10000 ops  50 processes: \([0-9.]* ms\).*, \([a-z]*\)$/\1 (\2)/p' "$ours")
echo
echo "single-key cas-register, 10000 ops, 50 processes (generated): $single; goal: a verdict within 10 s"
[ -n "$porcupine_note" ] && echo "$porcupine_note"
exit 0
