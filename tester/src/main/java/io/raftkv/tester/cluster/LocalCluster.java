package io.raftkv.tester.cluster;

import io.raftkv.tester.net.Net;
import io.raftkv.tester.net.ProxyNet;
import io.raftkv.tester.system.RaftkvSystem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nodes as child JVM processes on loopback: {@code java -jar raftkv-server.jar} per node, with data
 * and logs as {@link NodeProcesses} keeps them. Peers dial each other through a {@link ProxyNet} so
 * links can be cut. Peers authenticate with a cluster secret fresh for each cluster ({@code
 * cluster-secret} in the run folder). Kill is SIGKILL; pause is SIGSTOP/SIGCONT. Needs neither Docker
 * nor root.
 */
public final class LocalCluster extends LocalNodes {
    private static final int BIND_ATTEMPTS = 5;
    private final Path jar;
    private final List<String> jvmFlags;
    private final List<String> serverFlags;
    private final LocalPorts ports;
    // Read by the rig's clients and the proxies while a node that lost its port is relaunched.
    private final Map<String, Integer> httpPorts = new ConcurrentHashMap<>();
    private final Map<String, Integer> raftPorts = new ConcurrentHashMap<>();
    private final Map<String, Integer> bindAttempts = new LinkedHashMap<>();
    /** Every node's --cluster-secret-file: a fresh secret per cluster, written at start. */
    private final Path secretFile;

    private ProxyNet net;
    private final boolean servedDisks;
    private LocalDisks disks;

    /**
     * @param size number of nodes (ids n1..nN)
     * @param dir the run folder; data and logs go below it
     * @param serverFlags extra flags for every server, e.g. --unsafe-stale-reads
     */
    public LocalCluster(int size, Path dir, Path jar, List<String> serverFlags) {
        this(size, dir, jar, RaftkvSystem.RUN_JVM_FLAGS, serverFlags, LocalPorts.DEFAULT, false);
    }

    /**
     * @param jvmFlags the servers' JVM flags ({@link RaftkvSystem#RUN_JVM_FLAGS} for runs, {@link
     *     RaftkvSystem#BENCH_JVM_FLAGS} for benchmarks)
     * @param servedDisks each node's data directory is served by the disk-fault file system
     */
    public LocalCluster(
            int size, Path dir, Path jar, List<String> jvmFlags, List<String> serverFlags, boolean servedDisks) {
        this(size, dir, jar, jvmFlags, serverFlags, LocalPorts.DEFAULT, servedDisks);
    }

    LocalCluster(int size, Path dir, Path jar, List<String> serverFlags, LocalPorts ports) {
        this(size, dir, jar, RaftkvSystem.RUN_JVM_FLAGS, serverFlags, ports, false);
    }

    private LocalCluster(
            int size,
            Path dir,
            Path jar,
            List<String> jvmFlags,
            List<String> serverFlags,
            LocalPorts ports,
            boolean servedDisks) {
        super(size, dir, RaftkvSystem.INSTANCE, "node");
        this.jar = jar;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.serverFlags = List.copyOf(serverFlags);
        this.ports = ports;
        this.secretFile = dir.resolve("cluster-secret");
        this.servedDisks = servedDisks;
    }

    @Override
    public synchronized void start() {
        for (var node : nodes) {
            httpPorts.put(node, ports.next());
            raftPorts.put(node, ports.next());
        }
        net = new ProxyNet(nodes, n -> new InetSocketAddress(InetAddress.getLoopbackAddress(), raftPorts.get(n)));
        processes.createDirectories(nodes);
        ClusterSecretFile.write(secretFile);
        if (servedDisks) {
            disks = LocalDisks.serve(nodes, processes::dataDir, processes::logFile);
        }
        nodes.forEach(this::launch);
        Health.await(nodes, this::http, Duration.ofSeconds(120), this::relaunchOrReportDead);
    }

    /**
     * Between polls while starting: a node that lost one of its ports to another socket (the port
     * was free when picked) is launched again on new ones, up to {@link #BIND_ATTEMPTS} times; any
     * other exit is reported.
     */
    private synchronized String relaunchOrReportDead() {
        for (String node : processes.exited()) {
            if (processes.loggedSinceLaunch(node, "Address already in use")
                    && bindAttempts.merge(node, 1, Integer::sum) < BIND_ATTEMPTS) {
                httpPorts.put(node, ports.next());
                raftPorts.put(node, ports.next());
                launch(node);
                return null;
            }
            return processes.exitMessage(node);
        }
        return null;
    }

    @Override
    void launch(String node) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var cmd = new ArrayList<String>();
        cmd.add(java);
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of(
                "-jar",
                jar.toString(),
                "--id",
                node,
                "--http",
                "127.0.0.1:" + httpPorts.get(node),
                "--raft",
                "127.0.0.1:" + raftPorts.get(node),
                "--peers",
                peersOf(node),
                "--data",
                processes.dataDir(node).toString(),
                "--cluster-secret-file",
                secretFile.toString(),
                // No server outlives the rig, however the rig ends (kill -9 included).
                "--exit-with-parent",
                Long.toString(ProcessHandle.current().pid())));
        cmd.addAll(serverFlags);
        processes.launch(node, cmd);
    }

    /** Every peer's Raft address as this node must dial it: through the proxy of that link. */
    String peersOf(String node) {
        var parts = new ArrayList<String>();
        for (var peer : nodes) {
            int port = peer.equals(node) ? raftPorts.get(peer) : net.port(node, peer);
            parts.add(peer + "=127.0.0.1:" + port);
        }
        return String.join(",", parts);
    }

    @Override
    public URI http(String node) {
        return URI.create("http://127.0.0.1:" + httpPorts.get(node));
    }

    @Override
    public String raftAddress(String node) {
        return "127.0.0.1:" + raftPorts.get(node);
    }

    @Override
    public Net net() {
        return net == null ? Net.noop() : net;
    }

    @Override
    public synchronized Optional<DiskFaults> diskFaults() {
        return Optional.ofNullable(disks);
    }

    @Override
    void closeRest() {
        if (net != null) {
            net.close();
        }
        if (disks != null) {
            disks.close();
        }
    }
}
