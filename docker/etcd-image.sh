#!/usr/bin/env bash
# Builds the etcd image raftkv-etcd:dev for ./rig run --system etcd --backend docker, and
# first the base image when missing (docker/base-image.sh). etcd-server comes from the
# Debian mirror the base image's apt sources name. Does nothing when the image is newer
# than docker/etcd.Dockerfile.
#
#   docker/etcd-image.sh [--rebuild]
set -euo pipefail
# shellcheck source=docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly TAG=${RAFTKV_ETCD_IMAGE:-raftkv-etcd:dev}
readonly BASE=${RAFTKV_BASE_IMAGE:-raftkv-base:21}
ROOT=$(repo_root)
readonly ROOT

rebuild=false
for arg in "$@"; do
  case $arg in
    --rebuild) rebuild=true ;;
    *) die "unknown argument '$arg' (expected --rebuild)" ;;
  esac
done

engine_answers || die "no Docker engine answers (docker/engine.sh starts one)"
take_lock etcd-image

if [[ $rebuild == false ]] && docker image inspect "$TAG" >/dev/null 2>&1; then
  created=$(date -d "$(docker image inspect -f '{{.Created}}' "$TAG")" +%s)
  if [[ $created -ge $(stat -c %Y "$ROOT/docker/etcd.Dockerfile") ]]; then
    exit 0
  fi
fi
docker image inspect "$BASE" >/dev/null 2>&1 || "$ROOT/docker/base-image.sh"
log "building $TAG from $BASE"
docker build -q --build-arg "BASE_IMAGE=$BASE" -t "$TAG" -f "$ROOT/docker/etcd.Dockerfile" "$ROOT/docker" >/dev/null ||
  die "docker build of $TAG failed"
docker run --rm --entrypoint /usr/bin/etcd "$TAG" --version | head -1 >&2
