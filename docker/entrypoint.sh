#!/usr/bin/env bash
# Starts the server as PID 1 (exec), with the flags given to the container appended.
#
# Other nodes forward client requests to the leader's advertised HTTP address. A node that
# listens on 0.0.0.0 has not said where it can be reached, so advertise this container's
# host name (its id on the container network, resolvable by the other containers) unless
# RAFTKV_ADVERTISE_HTTP says otherwise.
set -euo pipefail
if [[ -z ${RAFTKV_ADVERTISE_HTTP:-} && ${RAFTKV_HTTP:-} == 0.0.0.0:* ]]; then
  RAFTKV_ADVERTISE_HTTP="$(hostname):${RAFTKV_HTTP##*:}"
  export RAFTKV_ADVERTISE_HTTP
fi
# The same for the peer address a joining node (RAFTKV_JOIN) announces.
if [[ -z ${RAFTKV_ADVERTISE_RAFT:-} && ${RAFTKV_RAFT:-} == 0.0.0.0:* ]]; then
  RAFTKV_ADVERTISE_RAFT="$(hostname):${RAFTKV_RAFT##*:}"
  export RAFTKV_ADVERTISE_RAFT
fi
exec java -XX:+ExitOnOutOfMemoryError -jar /opt/raftkv/raftkv-server.jar "$@"
