#!/usr/bin/env bash
# Runs the container fault suite (FaultSuiteIT) N times in a row, as CI runs it, and stops at the
# first failure. Prints one line per run: its number, result, wall time, and the machine's load.
#
#   bench/fault-suite-soak.sh [N] [extra Maven flags...]
#
# Needs what `./rig test` needs (it starts the Docker engine and builds the images). Each run
# takes about 9 minutes on a 2-core machine. Exit 0 when all N runs pass; otherwise 1, naming
# the run and its log.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-10}
shift || true
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/fault-suite-soak.XXXXXX")
echo "fault-suite-soak: $N runs, logs in $LOGS"

for i in $(seq 1 "$N"); do
    log="$LOGS/run-$i.log"
    start=$(date +%s)
    if CI=true "$ROOT/rig" test -pl tester -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test=FaultSuiteIT -Dfailsafe.failIfNoSpecifiedTests=false "$@" >"$log" 2>&1; then
        result=pass
    else
        result=FAIL
    fi
    tests=$(grep -a "Tests run:.*FaultSuiteIT" "$log" | tail -1 | sed 's/^.*\(Tests run:[^,]*, Failures: [0-9]*, Errors: [0-9]*, Skipped: [0-9]*\).*$/\1/')
    printf 'run %2d: %s  %4ds  %s  load %s\n' "$i" "$result" "$(($(date +%s) - start))" \
        "${tests:-no test report}" "$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$result" = FAIL ]; then
        echo "fault-suite-soak: run $i failed; its log: $log" >&2
        exit 1
    fi
done
echo "fault-suite-soak: $N of $N runs green"
