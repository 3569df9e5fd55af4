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
# It also adds to ~/.testcontainers.properties the settings an engine without a
# registry needs (keys already set there are left alone):
#   ryuk.disabled=true       the Ryuk reaper image cannot be pulled; the tests stop
#                            their own containers instead
#   host.override=localhost  when /.dockerenv exists Testcontainers believes it runs in a
#                            container and pulls alpine to find the gateway; with the
#                            engine on this machine, published ports are on localhost
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly ADDRESS_POOL=10.213.0.0/16
readonly DOCKERD_LOG=${RAFTKV_DOCKERD_LOG:-/var/log/raftkv-dockerd.log}
readonly WAIT_SECONDS=${RAFTKV_ENGINE_WAIT:-60}
readonly TC_PROPERTIES=${HOME}/.testcontainers.properties
# The reaper image Testcontainers 2.0.x would pull; pulling it is also the registry probe.
readonly RYUK_IMAGE=testcontainers/ryuk:0.14.0

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

  if pgrep -x dockerd >/dev/null; then
    log "dockerd is already starting (pid $(pgrep -x dockerd | head -1)); waiting for it"
  else
    log "starting dockerd (log: $DOCKERD_LOG)"
    # setsid: the engine outlives this script and the shell that ran it.
    setsid dockerd --default-address-pool "base=$ADDRESS_POOL,size=24" \
      >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi

  local deadline=$((SECONDS + WAIT_SECONDS))
  until engine_answers; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      die "dockerd did not answer within ${WAIT_SECONDS}s (log: $DOCKERD_LOG)"
    fi
    sleep 1
  done
  log "engine up: Docker $(docker info --format '{{.ServerVersion}}')"
}

# Adds key=value to the Testcontainers properties unless the key (or its environment
# variable) is already set.
tc_default() {
  local key=$1 value=$2 reason=$3
  local env_name="TESTCONTAINERS_$(tr 'a-z.' 'A-Z_' <<<"$key")"
  [[ -n ${!env_name:-} ]] && return 0
  [[ -f $TC_PROPERTIES ]] && grep -Eq "^[[:space:]]*${key//./\\.}[[:space:]]*[=:]" "$TC_PROPERTIES" && return 0
  printf '# %s (added by raftkv docker/engine.sh)\n%s=%s\n' "$reason" "$key" "$value" >>"$TC_PROPERTIES"
  log "set $key=$value in $TC_PROPERTIES ($reason)"
}

registry_answers() {
  docker image inspect "$RYUK_IMAGE" >/dev/null 2>&1 ||
    timeout 30 docker pull -q "$RYUK_IMAGE" >/dev/null 2>&1
}

configure_testcontainers() {
  local local_engine=false registry=true
  pgrep -x dockerd >/dev/null && local_engine=true
  registry_answers || registry=false
  if [[ $registry == false ]]; then
    tc_default ryuk.disabled true "no registry: the Ryuk image cannot be pulled"
  fi
  if [[ -f /.dockerenv && ($local_engine == true || $registry == false) ]]; then
    tc_default host.override localhost "engine runs here: skip the gateway probe that pulls alpine"
  fi
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
  configure_testcontainers
  ensure_compose
}

main "$@"
