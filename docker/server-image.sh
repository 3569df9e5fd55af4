#!/usr/bin/env bash
# Builds the server image raftkv-server:dev, and first whatever it needs: the server jar
# (when missing or older than the sources), and the base image (when missing).
#
#   docker/server-image.sh [--quiet] [--rebuild]
#
# The image is built only when its inputs changed: it carries a label, io.raftkv.inputs, with
# a checksum over the server jar's contents, the Dockerfile, the scripts it copies and the
# base image's id; when the image present has the same checksum, nothing is done.
# --quiet: say nothing unless it builds (one line) or fails; the build's own output (such as
# the legacy builder's notice) is shown only when the build fails.
#
# Needs a Docker engine (docker/engine.sh) and a JDK 21 or newer: $JAVA_HOME, else the
# newest one under /usr/lib/jvm.
set -euo pipefail
# shellcheck source=docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly TAG=${RAFTKV_SERVER_IMAGE:-raftkv-server:dev}
readonly BASE=${RAFTKV_BASE_IMAGE:-raftkv-base:21}
ROOT=$(repo_root)
readonly ROOT JAR=$ROOT/server/target/raftkv-server.jar

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 |
  awk -F'= ' '/java.specification.version/ {split($2, v, "."); print v[1]}'; }

# Prints a JDK home with javac and Java >= 21.
find_jdk() {
  local c
  for c in ${JAVA_HOME:+"$JAVA_HOME"} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c=${c%/}
    [[ -x $c/bin/javac && $(java_major "$c") -ge 21 ]] 2>/dev/null && echo "$c" && return 0
  done
  return 1
}

jar_is_stale() {
  [[ ! -f $JAR ]] ||
    [[ -n $(find "$ROOT/pom.xml" "$ROOT/server/pom.xml" "$ROOT/server/src/main" -newer "$JAR" -print -quit) ]]
}

build_jar() {
  local jdk
  jdk=$(find_jdk) || die "building the server jar needs a JDK 21 or newer (set JAVA_HOME)"
  log "building $JAR (JDK: $jdk)"
  (cd "$ROOT" && JAVA_HOME=$jdk ./mvnw -q -B -pl server -am package -DskipTests) ||
    die "the server build failed (./mvnw -B -pl server -am package -DskipTests shows why)"
}

# The checksum of everything the image is made of. The jar is read entry by entry, so a jar
# rebuilt from the same sources (new timestamps, same classes) counts as unchanged.
inputs_checksum() {
  local base_id
  base_id=$(docker image inspect -f '{{.Id}}' "$BASE") || die "base image $BASE is missing"
  {
    if have unzip; then unzip -p "$JAR" | sha256sum; else sha256sum <"$JAR"; fi
    sha256sum <"$ROOT/docker/Dockerfile"
    sha256sum <"$ROOT/docker/entrypoint.sh"
    sha256sum <"$ROOT/docker/healthcheck.sh"
    echo "$base_id"
  } | sha256sum | cut -c1-64
}

main() {
  local rebuild=false arg
  for arg in "$@"; do
    case $arg in
      --quiet) export RAFTKV_QUIET=1 ;;
      --rebuild) rebuild=true ;;
      -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
      *) die "unknown argument '$arg' (expected --quiet or --rebuild)" ;;
    esac
  done
  engine_answers || die "no Docker engine answers; run docker/engine.sh first"
  if jar_is_stale; then build_jar; fi
  "$ROOT/docker/base-image.sh"
  # Rigs in other checkouts on this machine share the tag: one checks and builds at a time.
  take_lock server-image
  local sum current
  sum=$(inputs_checksum)
  local why="its server jar, Dockerfile, scripts or base image changed"
  if ! current=$(docker image inspect -f '{{index .Config.Labels "io.raftkv.inputs"}}' "$TAG" 2>/dev/null); then
    why="missing"
  elif [[ $rebuild == true ]]; then
    why="--rebuild"
  elif [[ $current == "$sum" ]]; then
    log "$TAG is up to date"
    return 0
  fi
  say "building $TAG ($why)"
  local output
  output=$(mktemp)
  if ! docker build -q --label "io.raftkv.inputs=$sum" --build-arg "BASE_IMAGE=$BASE" -t "$TAG" \
    -f "$ROOT/docker/Dockerfile" "$ROOT" >"$output" 2>&1; then
    cat "$output" >&2
    rm -f "$output"
    die "docker build of $TAG failed"
  fi
  [[ ${RAFTKV_QUIET:-} == 1 ]] || grep -v '^sha256:' "$output" >&2 || true
  rm -f "$output"
  log "built $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%d MB", $1 / 1e6}'))"
}

main "$@"
