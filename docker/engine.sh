#!/usr/bin/env bash
# Makes sure a Docker engine answers `docker info`.
#
#   docker/engine.sh
#
# Already answering: nothing to do. Otherwise, as root on Debian, installs docker.io and
# iptables when missing, starts dockerd in the background (log: $RAFTKV_DOCKERD_LOG,
# default /var/log/raftkv-dockerd.log) and waits until it answers. Anywhere else it says
# what is missing and exits 1. Safe to run any number of times. Also installs a compose
# tool (Debian's docker-compose) when none is there and it can.
#
# Testcontainers 2 reads its two settings for machines without a registry
# (TESTCONTAINERS_RYUK_DISABLED, TESTCONTAINERS_HOST_OVERRIDE) only from the environment:
# the build sets them for the container tests (tester/pom.xml) and ./rig for runs.
set -euo pipefail
# shellcheck source=docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly ADDRESS_POOL=10.213.0.0/16
readonly DOCKERD_LOG=${RAFTKV_DOCKERD_LOG:-/var/log/raftkv-dockerd.log}
readonly WAIT_SECONDS=${RAFTKV_ENGINE_WAIT:-60}

start_dockerd() {
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid: the engine outlives this script and the shell that ran it.
  # 9>&-: the engine must not inherit this script's lock, or every later call waits for it.
  setsid dockerd --default-address-pool "base=$ADDRESS_POOL,size=24" \
    >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
}

start_engine() {
  is_debian_root || die "no Docker engine answers 'docker info', and this is not root on Debian,
  so it cannot be started from here. Start Docker (e.g. 'sudo systemctl start docker'), or
  make sure your user may use it (group 'docker'), then run this again."

  local missing=()
  have dockerd || missing+=(docker.io)
  have iptables || missing+=(iptables)
  have docker || missing+=(docker.io)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} (apt-get)"
    apt_get update -q >/dev/null
    apt_get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi

  local started=""
  if pgrep -x dockerd >/dev/null; then
    log "a dockerd runs (pid $(pgrep -x dockerd | head -1)) but does not answer yet; waiting for it"
  else
    start_dockerd
    started=yes
  fi

  local deadline=$((SECONDS + WAIT_SECONDS))
  until engine_answers; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      die "dockerd did not answer within ${WAIT_SECONDS}s (log: $DOCKERD_LOG)"
    fi
    # The dockerd seen above may have been on its way out (stopped just before this script ran),
    # not starting: once none is left, start one.
    if [[ -z $started ]] && ! pgrep -x dockerd >/dev/null; then
      log "that dockerd has exited"
      start_dockerd
      started=yes
    fi
    sleep 1
  done
  log "engine up: Docker $(docker info --format '{{.ServerVersion}}')"
}

# The compose file's tests need a compose tool: the `docker compose` plugin, or Debian's
# docker-compose, installed here when missing and we are root on Debian.
ensure_compose() {
  docker compose version >/dev/null 2>&1 && return 0
  have docker-compose && return 0
  if is_debian_root; then
    log "installing docker-compose (apt-get)"
    apt_get install -y -q --no-install-recommends docker-compose >/dev/null ||
      { apt_get update -q >/dev/null && apt_get install -y -q --no-install-recommends docker-compose >/dev/null; }
  else
    log "note: no compose tool ('docker compose' or docker-compose); the compose file's test will be skipped"
  fi
}

main() {
  take_lock engine
  if engine_answers; then
    log "engine answers: Docker $(docker info --format '{{.ServerVersion}}')"
  else
    start_engine
  fi
  ensure_compose
}

main "$@"
