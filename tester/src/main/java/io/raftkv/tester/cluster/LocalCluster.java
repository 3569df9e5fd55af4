package io.raftkv.tester.cluster;

import io.raftkv.tester.net.Net;
import io.raftkv.tester.net.ProxyNet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Nodes as child JVM processes on loopback: {@code java -jar raftkv-server.jar} per node, with data
 * under {@code <dir>/data/<id>}, output in {@code <dir>/nodes/<id>.log} and, while it runs, its pid
 * in {@code <dir>/nodes/<id>.pid} ({@link PidFile}). Peers dial each other
 * through a {@link ProxyNet} so links can be cut. Kill is SIGKILL; pause is SIGSTOP/SIGCONT. Needs
 * neither Docker nor root.
 */
public final class LocalCluster implements Cluster, Killable, Pausable {
    private static final int BIND_ATTEMPTS = 5;
    private final List<String> nodes;
    private final Path dir;
    private final Path jar;
    private final List<String> serverFlags;
    private final LocalPorts ports;
    // Read by the rig's clients and the proxies while a node that lost its port is relaunched.
    private final Map<String, Integer> httpPorts = new ConcurrentHashMap<>();
    private final Map<String, Integer> raftPorts = new ConcurrentHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Long> logOffsets = new LinkedHashMap<>();
    private final Map<String, Integer> bindAttempts = new LinkedHashMap<>();
    private final ProcessStamp rig = ProcessStamp.current();
    private ProxyNet net;
    private boolean closed;

    /**
     * @param size number of nodes (ids n1..nN)
     * @param dir the run folder; data and logs go below it
     * @param serverFlags extra flags for every server, e.g. --unsafe-stale-reads
     */
    public LocalCluster(int size, Path dir, Path jar, List<String> serverFlags) {
        this(size, dir, jar, serverFlags, LocalPorts.DEFAULT);
    }

    LocalCluster(int size, Path dir, Path jar, List<String> serverFlags, LocalPorts ports) {
        this.nodes = Cluster.nodeIds(size);
        this.dir = dir;
        this.jar = jar;
        this.serverFlags = List.copyOf(serverFlags);
        this.ports = ports;
    }

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public synchronized void start() {
        for (var node : nodes) {
            httpPorts.put(node, ports.next());
            raftPorts.put(node, ports.next());
        }
        net = new ProxyNet(nodes, n -> new InetSocketAddress(InetAddress.getLoopbackAddress(), raftPorts.get(n)));
        try {
            Files.createDirectories(dir.resolve("nodes"));
            for (var node : nodes) {
                Files.createDirectories(dataDir(node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        for (var e : processes.entrySet()) {
            String node = e.getKey();
            Process p = e.getValue();
            if (p.isAlive()) {
                continue;
            }
            if (lostItsPort(node) && bindAttempts.merge(node, 1, Integer::sum) < BIND_ATTEMPTS) {
                httpPorts.put(node, ports.next());
                raftPorts.put(node, ports.next());
                launch(node);
                return null;
            }
            return "node " + node + " exited with " + p.exitValue() + "; see " + logFile(node);
        }
        return null;
    }

    /** Whether the node's output since its last launch says a port it was given is taken. */
    private boolean lostItsPort(String node) {
        try (var in = Files.newInputStream(logFile(node))) {
            in.skipNBytes(Math.min(logOffsets.getOrDefault(node, 0L), Files.size(logFile(node))));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Address already in use");
        } catch (IOException e) {
            return false;
        }
    }

    private void launch(String node) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var cmd = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
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
                dataDir(node).toString(),
                // No server outlives the rig, however the rig ends (kill -9 included).
                "--exit-with-parent",
                Long.toString(ProcessHandle.current().pid())));
        cmd.addAll(serverFlags);
        try {
            Path log = logFile(node);
            logOffsets.put(node, Files.exists(log) ? Files.size(log) : 0L);
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(logFile(node).toFile()))
                    .start();
            processes.put(node, p);
            writePidFile(node, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + node, e);
        }
    }

    /** So that a server left running by a rig that died can be found: see {@link Leftovers}. */
    private void writePidFile(String node, Process p) throws IOException {
        var stamp = ProcessStamp.of(p.toHandle());
        if (stamp.isPresent()) {
            new PidFile(stamp.get(), rig).write(pidFile(node));
        }
    }

    private void deletePidFile(String node) {
        try {
            Files.deleteIfExists(pidFile(node));
        } catch (IOException e) {
            // the rig's own folder: nothing better to do than leave it
        }
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

    private Path dataDir(String node) {
        return dir.resolve("data").resolve(node);
    }

    private Path pidFile(String node) {
        return dir.resolve("nodes").resolve(node + PidFile.SUFFIX);
    }

    private Path logFile(String node) {
        return dir.resolve("nodes").resolve(node + ".log");
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
    public synchronized void kill(String node) {
        Process p = processes.get(node);
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node " + node + " survived SIGKILL for 10 s");
            }
            deletePidFile(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void restart(String node) {
        Process p = processes.get(node);
        if (p != null && p.isAlive()) {
            return;
        }
        launch(node);
    }

    @Override
    public synchronized boolean isRunning(String node) {
        Process p = processes.get(node);
        return p != null && p.isAlive();
    }

    @Override
    public void pause(String node) {
        signal(node, "STOP");
    }

    @Override
    public void resume(String node) {
        signal(node, "CONT");
    }

    private void signal(String node, String signal) {
        Process p;
        synchronized (this) {
            p = processes.get(node);
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .redirectErrorStream(true)
                    .start()
                    .waitFor();
            if (rc != 0 && p.isAlive()) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " exited with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void collectLogs(Path target) {
        try {
            Files.createDirectories(target);
            for (var node : nodes) {
                Path log = logFile(node);
                Path to = target.resolve(node + ".log");
                if (Files.exists(log) && !log.toAbsolutePath().equals(to.toAbsolutePath())) {
                    Files.copy(log, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (var entry : processes.entrySet()) {
            signal(entry.getKey(), "CONT");
            entry.getValue().destroy(); // SIGTERM: a clean stop, so the logs end well
        }
        for (var entry : processes.entrySet()) {
            Process p = entry.getValue();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            if (!p.isAlive()) {
                deletePidFile(entry.getKey());
            }
        }
        if (net != null) {
            net.close();
        }
    }
}
