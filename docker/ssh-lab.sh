#!/usr/bin/env bash
# A lab of SSH hosts for the rig's ssh backend, on this machine: 5 containers with sshd,
# iptables and a Java 21 runtime (built FROM the server's base image raftkv-base:21), each
# on its own address of a local Docker bridge network, with the NET_ADMIN capability and
# root login by a key made for the lab. The rig reaches them only over SSH (and the server
# ports it starts), as it would reach VMs.
#
#   docker/ssh-lab.sh up [--nodes N]   start the lab (again: replaced), write docker/ssh-lab/nodes.txt
#   docker/ssh-lab.sh down             remove the lab's containers and network (the image stays)
#
# Names: image raftkv-ssh-lab:21, network raftkv-ssh-lab, containers raftkv-ssh-lab-n1...
# The key and the nodes file are in docker/ssh-lab/ (git-ignored).
set -euo pipefail
# shellcheck source=docker/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly IMAGE=raftkv-ssh-lab:21
readonly NETWORK=raftkv-ssh-lab
readonly PREFIX=raftkv-ssh-lab-n
ROOT=$(repo_root)
readonly ROOT
readonly LAB=$ROOT/docker/ssh-lab

down() {
  local ids
  ids=$(docker ps -aq --filter "label=io.raftkv.ssh-lab=node")
  if [[ -n $ids ]]; then
    # shellcheck disable=SC2086
    docker rm -f $ids >/dev/null
  fi
  if docker network inspect "$NETWORK" >/dev/null 2>&1; then
    docker network rm "$NETWORK" >/dev/null
  fi
  rm -f "$LAB/nodes.txt"
  log "lab removed"
}

# The lab's key pair: with this machine's ssh-keygen, or with the one in the lab image.
make_key() {
  if have ssh-keygen; then
    ssh-keygen -q -t ed25519 -N '' -C raftkv-ssh-lab -f "$LAB/id_ed25519"
    return
  fi
  local pair
  pair=$(docker run --rm --entrypoint sh "$IMAGE" -c \
    "ssh-keygen -q -t ed25519 -N '' -C raftkv-ssh-lab -f /tmp/k && cat /tmp/k && echo ==== && cat /tmp/k.pub")
  (
    umask 077
    sed '/^====$/,$d' <<<"$pair" >"$LAB/id_ed25519"
  )
  sed '1,/^====$/d' <<<"$pair" >"$LAB/id_ed25519.pub"
}

up() {
  local nodes=$1
  engine_answers || die "no Docker engine answers (docker/engine.sh starts one)"
  "$ROOT/docker/base-image.sh"
  log "building $IMAGE"
  docker build -q -t "$IMAGE" -f "$ROOT/docker/Dockerfile.ssh-lab" "$ROOT/docker" >/dev/null
  mkdir -p "$LAB"
  if [[ ! -f $LAB/id_ed25519 ]]; then
    make_key
  fi
  down 2>/dev/null
  docker network create --driver bridge --label io.raftkv.ssh-lab=network "$NETWORK" >/dev/null
  local key i
  key=$(cat "$LAB/id_ed25519.pub")
  for ((i = 1; i <= nodes; i++)); do
    # --init: sshd runs under an init that reaps the servers the rig starts and kills.
    docker run -d --init --name "$PREFIX$i" --hostname "n$i" --network "$NETWORK" \
      --label io.raftkv.ssh-lab=node --cap-add NET_ADMIN \
      -e "AUTHORIZED_KEY=$key" "$IMAGE" >/dev/null
  done
  : >"$LAB/nodes.txt.part"
  echo "# the raftkv ssh lab: docker/ssh-lab.sh up (one host a line: address[:ssh port])" >>"$LAB/nodes.txt.part"
  for ((i = 1; i <= nodes; i++)); do
    docker inspect -f "{{(index .NetworkSettings.Networks \"$NETWORK\").IPAddress}}" "$PREFIX$i" >>"$LAB/nodes.txt.part"
  done
  mv "$LAB/nodes.txt.part" "$LAB/nodes.txt"
  # Wait until every sshd answers.
  local host deadline=$((SECONDS + 60))
  for host in $(grep -v '^#' "$LAB/nodes.txt"); do
    until (exec 3<>"/dev/tcp/$host/22") 2>/dev/null; do
      ((SECONDS < deadline)) || die "sshd on $host did not answer within 60 s"
      sleep 0.2
    done
  done
  log "lab up: $nodes hosts in $LAB/nodes.txt"
  cat <<USAGE
Run the rig against it:
  ./rig run --backend ssh --nodes-file docker/ssh-lab/nodes.txt --ssh-key docker/ssh-lab/id_ed25519 --time-limit 60
Log in to a node:
  ssh -i docker/ssh-lab/id_ed25519 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@$(grep -v '^#' "$LAB/nodes.txt" | head -n 1)
Remove it:
  docker/ssh-lab.sh down
USAGE
}

case "${1:-}" in
  up)
    shift
    nodes=5
    while (($#)); do
      case $1 in
        --nodes)
          [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || die "--nodes needs a number from 1 to 99"
          nodes=$2
          shift 2
          ;;
        *) die "unknown argument '$1' (expected --nodes N)" ;;
      esac
    done
    up "$nodes"
    ;;
  down) down ;;
  -h | --help | "")
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    [[ -n ${1:-} ]] || exit 2
    ;;
  *) die "unknown command '$1' (expected up or down)" ;;
esac
