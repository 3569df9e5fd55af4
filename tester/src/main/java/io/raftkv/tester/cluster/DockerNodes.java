package io.raftkv.tester.cluster;

import io.raftkv.tester.system.EtcdSystem;
import io.raftkv.tester.system.NodeLaunch;
import io.raftkv.tester.system.RaftkvSystem;
import io.raftkv.tester.system.SystemUnderTest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What {@link DockerCluster} needs to know of a system to run its nodes as containers: the image
 * and the script that builds it, the client and peer ports inside a container, and how a container
 * starts its node.
 *
 * @param namePrefix the start of each container's name, before the node id
 * @param launch for a node and all the node ids: what its container is given
 */
public record DockerNodes(
        SystemUnderTest system,
        String image,
        String buildScript,
        String namePrefix,
        int clientPort,
        int peerPort,
        BiFunction<String, List<String>, Launch> launch) {

    /** The server image {@code docker/server-image.sh} builds. */
    public static final String RAFTKV_IMAGE = "raftkv-server:dev";
    /** The etcd image {@code docker/etcd-image.sh} builds. */
    public static final String ETCD_IMAGE = "raftkv-etcd:dev";

    /** Where a raftkv container finds its cluster secret. */
    static final String SECRET_FILE = "/opt/raftkv/cluster-secret";

    /**
     * What one container is given.
     *
     * @param entrypoint replaces the image's entrypoint; empty keeps it
     * @param command the arguments after the entrypoint; empty keeps the image's
     * @param files text files copied into the container before it starts, by path
     */
    public record Launch(
            Map<String, String> env, List<String> entrypoint, List<String> command, Map<String, String> files) {
        public Launch {
            env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
            entrypoint = List.copyOf(entrypoint);
            command = List.copyOf(command);
            files = Map.copyOf(files);
        }

        public Launch(Map<String, String> env, List<String> entrypoint, List<String> command) {
            this(env, entrypoint, command, Map.of());
        }
    }

    /**
     * The raftkv server: the image's entrypoint configured by {@code RAFTKV_*} variables, with
     * {@code serverFlags} as its arguments. Its peers authenticate with a cluster secret made here,
     * fresh for these nodes, copied into each container.
     */
    public static DockerNodes raftkv(String image, List<String> serverFlags) {
        int http = 8080;
        int raft = 7000;
        List<String> flags = List.copyOf(serverFlags);
        String secret = ClusterSecretFile.fresh();
        return new DockerNodes(
                RaftkvSystem.INSTANCE, image, "docker/server-image.sh", "raftkv-", http, raft, (node, nodes) -> {
                    String peers = String.join(
                            ",",
                            nodes.stream().map(n -> n + "=" + n + ":" + raft).toList());
                    var env = new LinkedHashMap<String, String>();
                    env.put("RAFTKV_ID", node);
                    env.put("RAFTKV_PEERS", peers);
                    env.put("RAFTKV_HTTP", "0.0.0.0:" + http);
                    env.put("RAFTKV_RAFT", "0.0.0.0:" + raft);
                    env.put("RAFTKV_ADVERTISE_HTTP", node + ":" + http);
                    env.put("RAFTKV_CLUSTER_SECRET_FILE", SECRET_FILE);
                    env.put("JAVA_TOOL_OPTIONS", String.join(" ", RaftkvSystem.RUN_JVM_FLAGS));
                    return new Launch(env, List.of(), flags, Map.of(SECRET_FILE, secret));
                });
    }

    /**
     * etcd: the whole command line from {@link EtcdSystem#command}, listening on every interface,
     * reached by the other members at their aliases, data in the image's /data.
     *
     * @param flags extra flags for every etcd
     */
    public static DockerNodes etcd(EtcdSystem system, List<String> flags) {
        int client = 2379;
        int peer = 2380;
        List<String> extra = List.copyOf(flags);
        return new DockerNodes(
                system, ETCD_IMAGE, "docker/etcd-image.sh", "raftkv-etcd-", client, peer, (node, nodes) -> {
                    var peers = new LinkedHashMap<String, String>();
                    nodes.forEach(n -> peers.put(n, n + ":" + peer));
                    var launch = new NodeLaunch(
                            node, Path.of("/data"), node + ":" + client, node + ":" + peer, peers, extra, true);
                    return new Launch(Map.of(), system.command(launch), List.of());
                });
    }
}
