# etcd for the rig's Docker backend (./rig run --system etcd --backend docker). Built by
# docker/etcd-image.sh:
#   docker build --build-arg BASE_IMAGE=raftkv-base:21 -t raftkv-etcd:dev -f docker/etcd.Dockerfile docker
# The same offline base as the server image (Debian, iptables for partitions) with Debian's
# etcd-server added from the Debian mirror. The rig passes every etcd flag as the command.
ARG BASE_IMAGE=raftkv-base:21
FROM ${BASE_IMAGE}

ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8

RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data

WORKDIR /data
VOLUME /data
EXPOSE 2379 2380

# etcd is PID 1: `docker stop` sends it SIGTERM; the rig kills nodes with `docker kill`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/etcd"]
