# shellcheck shell=bash
# Shared helpers for the scripts in docker/. Sourced, not run.

# Progress lines, left out when RAFTKV_QUIET=1 (./rig sets it unless --verbose); errors always show.
log() { [[ ${RAFTKV_QUIET:-} == 1 ]] || say "$@"; }
say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() {
  say "error: $*"
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# True when a Docker engine answers the CLI.
engine_answers() { docker info >/dev/null 2>&1; }

# Root of the repository (docker/ is one level below it).
repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# apt-get that waits for a lock held by another install instead of failing at once.
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }

is_debian_root() { [[ $(id -u) == 0 && -f /etc/debian_version ]] && have apt-get; }

# Serialises the scripts that start or build shared things (the engine, the base image)
# when several run at once on one machine. Held until the calling script exits.
take_lock() {
  local name=$1
  exec 9>"${TMPDIR:-/tmp}/raftkv-$name.lock"
  flock -w 900 9 || die "another raftkv script holds ${TMPDIR:-/tmp}/raftkv-$name.lock"
}
