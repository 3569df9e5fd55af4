#!/usr/bin/env bash
# Makes sure the base image raftkv-base:21 exists: Debian 13 with a Java 21 runtime,
# iptables, iproute2 and procps.
#
#   docker/base-image.sh [--rebuild] [--offline]
#
# 1. The tag exists locally: done (unless --rebuild).
# 2. A registry answers: build docker/Dockerfile.base FROM debian:trixie-slim.
# 3. Otherwise (or with --offline), as root on Debian: debootstrap the same packages from
#    this machine's own Debian mirror and `docker import` the root file system.
# Both ways give the same contents under the same tag. Needs an engine (docker/engine.sh).
set -euo pipefail
# shellcheck source=docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly TAG=${RAFTKV_BASE_IMAGE:-raftkv-base:21}
readonly DEBIAN_IMAGE=debian:trixie-slim
readonly SUITE=trixie
# Keep in step with Dockerfile.base.
readonly PACKAGES=openjdk-21-jre-headless,iptables,iproute2,procps

rebuild=false offline=false rootfs=""
for arg in "$@"; do
  case $arg in
    --rebuild) rebuild=true ;;
    --offline) offline=true ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument '$arg' (expected --rebuild or --offline)" ;;
  esac
done

# The first Debian mirror apt uses here: deb822 sources first, then sources.list.
debian_mirror() {
  local uri=""
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z $uri && -f /etc/apt/sources.list ]]; then
    uri=$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' \
      /etc/apt/sources.list)
  fi
  [[ -n $uri ]] || die "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "$uri"
}

build_online() {
  log "pulling $DEBIAN_IMAGE"
  timeout 120 docker pull -q "$DEBIAN_IMAGE" >/dev/null 2>&1 || return 1
  log "building $TAG from $DEBIAN_IMAGE"
  docker build -q --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" -t "$TAG" \
    -f "$(repo_root)/docker/Dockerfile.base" "$(repo_root)/docker" >/dev/null
}

build_offline() {
  is_debian_root || die "no registry answers, and an offline build needs root on Debian (debootstrap)"
  if ! have debootstrap; then
    log "installing debootstrap (apt-get)"
    apt_get update -q >/dev/null
    apt_get install -y -q --no-install-recommends debootstrap >/dev/null
  fi
  local mirror
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d /var/tmp/raftkv-base.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  log "debootstrap $SUITE from $mirror (log: $rootfs.log)"
  if ! debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$rootfs" "$mirror" \
    >"$rootfs.log" 2>&1; then
    tail -n 20 "$rootfs.log" >&2
    die "debootstrap failed (log: $rootfs.log)"
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/debootstrap
  log "importing the root file system as $TAG"
  tar -C "$rootfs" --numeric-owner -c . |
    docker import --change 'CMD ["bash"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      - "$TAG" >/dev/null
  rm -f "$rootfs.log"
}

main() {
  engine_answers || die "no Docker engine answers; run docker/engine.sh first"
  take_lock base-image
  if [[ $rebuild == false ]] && docker image inspect "$TAG" >/dev/null 2>&1; then
    log "$TAG is present"
    return 0
  fi
  local start=$SECONDS how
  say "building $TAG (missing; takes a minute or so)"
  if [[ $offline == false ]] && build_online; then
    how="from $DEBIAN_IMAGE"
  else
    [[ $offline == true ]] || log "no registry answers: building offline"
    build_offline
    how="offline with debootstrap"
  fi
  docker run --rm "$TAG" java -version >/dev/null 2>&1 || die "$TAG was built but 'java -version' fails in it"
  log "built $TAG $how in $((SECONDS - start))s ($(docker image inspect -f '{{.Size}}' "$TAG" |
    awk '{printf "%d MB", $1 / 1e6}'))"
}

main "$@"
