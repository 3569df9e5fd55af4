#!/usr/bin/env bash
# Builds the server image raftkv-server:dev, and first whatever it needs: the server jar
# (when missing or older than the sources), and the base image (when missing).
#
#   docker/server-image.sh
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

main() {
  engine_answers || die "no Docker engine answers; run docker/engine.sh first"
  if jar_is_stale; then build_jar; fi
  "$ROOT/docker/base-image.sh"
  log "building $TAG"
  docker build -q --build-arg "BASE_IMAGE=$BASE" -t "$TAG" -f "$ROOT/docker/Dockerfile" "$ROOT" >/dev/null
  log "built $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%d MB", $1 / 1e6}'))"
}

main "$@"
