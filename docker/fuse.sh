#!/usr/bin/env bash
# Makes sure this machine can serve the rig's disk-fault file system (FUSE, through jnr-fuse).
#
#   docker/fuse.sh            install what is missing (root on Debian), then check
#   docker/fuse.sh --check    only check; install nothing
#
# The file system needs three things: the kernel's /dev/fuse, libfuse 2 (`libfuse.so.2`,
# Debian's libfuse2 or libfuse2t64: the library jnr-fuse binds) and fuse3 (`fusermount3`, which
# unmounts a file system left behind). When all three are there it prints nothing and exits 0.
# As root on Debian it installs the missing packages with apt-get. Anything still missing
# afterwards, or anywhere it cannot install, is named with what to do, and it exits 1.
# Safe to run any number of times.
set -euo pipefail
# shellcheck source=docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

has_libfuse2() { ldconfig -p 2>/dev/null | grep -q 'libfuse\.so\.2 '; }
has_fusermount3() { have fusermount3 || [[ -x /usr/bin/fusermount3 || -x /bin/fusermount3 ]]; }

# Debian 13 renamed libfuse2 to libfuse2t64 (the 64-bit time_t transition); take whichever exists.
libfuse2_package() {
  local name
  for name in libfuse2t64 libfuse2; do
    if apt-cache show "$name" >/dev/null 2>&1; then
      echo "$name"
      return 0
    fi
  done
  echo libfuse2
}

# Lines naming what is missing, one each; none when everything is there.
missing_parts() {
  [[ -c /dev/fuse ]] || echo "/dev/fuse: the kernel's FUSE device (modprobe fuse on the host; in a container, --device /dev/fuse --cap-add SYS_ADMIN)"
  has_libfuse2 || echo "libfuse.so.2: Debian's libfuse2 (libfuse2t64 on Debian 13)"
  has_fusermount3 || echo "fusermount3: Debian's fuse3"
}

install_packages() {
  local packages=()
  has_fusermount3 || packages+=(fuse3)
  if ! has_libfuse2; then
    apt_get update -q >/dev/null
    packages+=("$(libfuse2_package)")
  fi
  ((${#packages[@]})) || return 0
  log "installing ${packages[*]} (apt-get)"
  apt_get install -y -q --no-install-recommends "${packages[@]}" >/dev/null ||
    { apt_get update -q >/dev/null && apt_get install -y -q --no-install-recommends "${packages[@]}" >/dev/null; }
}

main() {
  local check_only=""
  case "${1:-}" in
    --check) check_only=yes ;;
    "") ;;
    *) die "unknown option '$1' (usage: docker/fuse.sh [--check])" ;;
  esac
  if [[ -z $(missing_parts) ]]; then
    return 0
  fi
  if [[ -z $check_only ]] && is_debian_root; then
    take_lock fuse
    install_packages || say "apt-get could not install every package"
  fi
  local missing
  missing=$(missing_parts)
  [[ -z $missing ]] && return 0
  say "error: the disk-fault file system cannot run here; missing:"
  while IFS= read -r line; do say "  - $line"; done <<<"$missing"
  if [[ -z $check_only ]] && ! is_debian_root; then
    say "this is not root on Debian, so nothing was installed: install the packages above as root"
  fi
  exit 1
}

main "$@"
