#!/bin/sh
# Lab node start: fresh host keys, the lab's public key for root (from $AUTHORIZED_KEY),
# then sshd in the foreground as PID 1, so a server the rig starts is an ordinary child
# that kill -9 ends.
set -eu
ssh-keygen -A >/dev/null
printf '%s\n' "${AUTHORIZED_KEY:?AUTHORIZED_KEY is not set}" > /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
exec /usr/sbin/sshd -D -e
