package io.raftkv.tester.cluster;

import io.raftkv.tester.net.LoopbackIptablesNet;
import io.raftkv.tester.net.Net;
import io.raftkv.tester.system.EtcdSystem;
import io.raftkv.tester.system.NodeLaunch;
import io.raftkv.tester.system.SystemUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * etcd nodes as processes of this host, each on its own loopback address (n1 on 127.0.0.{@value
 * #FIRST_HOST}, n2 on the next, ...; client port {@value #CLIENT_PORT}, peer port {@value
 * #PEER_PORT}) and under its own uid ({@value #FIRST_UID} + i, with no passwd entry), so that
 * {@link LoopbackIptablesNet} can cut links between them. Data under {@code <dir>/data/<id>} (owned
 * by the node's uid), output in {@code <dir>/nodes/<id>.log}. Kill is SIGKILL, pause SIGSTOP.
 * Needs root (uids and iptables); one such cluster runs on a host at a time, which a lock file
 * enforces.
 */
public final class LocalEtcdCluster implements Cluster, Killable, Pausable {
    static final int FIRST_HOST = 11;
    static final int FIRST_UID = 61101;
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "raftkv-local-etcd.lock");

    private final List<String> nodes;
    private final Path dir;
    private final EtcdSystem system;
    private final List<String> flags;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final LoopbackIptablesNet net;
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean closed;

    /**
     * @param dir the run folder; data and logs go below it
     * @param flags extra flags for every etcd
     */
    public LocalEtcdCluster(int size, Path dir, EtcdSystem system, List<String> flags) {
        this.nodes = Cluster.nodeIds(size);
        if (size > 200) {
            throw new IllegalArgumentException("--nodes " + size + " is more than the local etcd backend's 200");
        }
        this.dir = dir;
        this.system = system;
        this.flags = List.copyOf(flags);
        var ips = new LinkedHashMap<String, String>();
        var uids = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < size; i++) {
            ips.put(nodes.get(i), ip(i));
            uids.put(nodes.get(i), FIRST_UID + i);
        }
        this.net = new LoopbackIptablesNet(ips, uids);
    }

    static String ip(int index) {
        return "127.0.0." + (FIRST_HOST + index);
    }

    private int index(String node) {
        return nodes.indexOf(node);
    }

    @Override
    public String backend() {
        return "local";
    }

    @Override
    public SystemUnderTest system() {
        return system;
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public synchronized void start() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the local etcd backend needs root: each node runs as its own uid on its"
                    + " own loopback address, and partitions are iptables rules of the host; run as root, or use"
                    + " --backend docker");
        }
        takeLock();
        net.open();
        try {
            Files.createDirectories(dir.resolve("nodes"));
            for (var node : nodes) {
                Path data = dataDir(node);
                Files.createDirectories(data);
                chown(data, FIRST_UID + index(node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nodes.forEach(this::launch);
        Health.await(nodes, this::http, Duration.ofSeconds(60), this::deadProcess);
        // Health above asks for a 200 from /health; etcd's also needs a leader.
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!nodes.stream().allMatch(n -> system.ready(http(n)))) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("etcd nodes did not agree on a leader within 60 s; see " + dir);
            }
            sleep(100);
        }
    }

    private void takeLock() {
        try {
            lockChannel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + LOCK, e);
        }
        if (lock == null) {
            throw new IllegalStateException("another local etcd cluster is running on this host (it holds " + LOCK
                    + "); the local etcd backend uses fixed addresses 127.0.0." + FIRST_HOST + "+ and runs one"
                    + " cluster at a time");
        }
    }

    /** The launch of {@code node}: its addresses, peers and data directory. */
    NodeLaunch launchOf(String node) {
        var peers = new LinkedHashMap<String, String>();
        for (int i = 0; i < nodes.size(); i++) {
            peers.put(nodes.get(i), ip(i) + ":" + PEER_PORT);
        }
        String ip = ip(index(node));
        return new NodeLaunch(node, dataDir(node), ip + ":" + CLIENT_PORT, ip + ":" + PEER_PORT, peers, flags, false);
    }

    /** The node's command line, run as the node's uid. */
    List<String> commandOf(String node) {
        int uid = FIRST_UID + index(node);
        var cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        cmd.addAll(system.command(launchOf(node)));
        return cmd;
    }

    private void launch(String node) {
        try {
            Process p = new ProcessBuilder(commandOf(node))
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(logFile(node).toFile()))
                    .start();
            processes.put(node, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd node " + node, e);
        }
    }

    private String deadProcess() {
        synchronized (this) {
            for (var e : processes.entrySet()) {
                if (!e.getValue().isAlive()) {
                    return "etcd node " + e.getKey() + " exited with "
                            + e.getValue().exitValue() + "; see " + logFile(e.getKey());
                }
            }
        }
        return null;
    }

    private Path dataDir(String node) {
        return dir.resolve("data").resolve(node);
    }

    private Path logFile(String node) {
        return dir.resolve("nodes").resolve(system.logFile(node));
    }

    @Override
    public URI http(String node) {
        return URI.create("http://" + ip(index(node)) + ":" + CLIENT_PORT);
    }

    @Override
    public String raftAddress(String node) {
        return ip(index(node)) + ":" + PEER_PORT;
    }

    @Override
    public Net net() {
        return net;
    }

    @Override
    public synchronized void kill(String node) {
        Process p = processes.get(node);
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("etcd node " + node + " survived SIGKILL for 10 s");
            }
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
        int rc = exec(List.of("kill", "-" + signal, Long.toString(p.pid())));
        if (rc != 0 && p.isAlive()) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + " exited with " + rc);
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
            entry.getValue().destroy();
        }
        for (var p : processes.values()) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (lock != null) {
                net.close();
            }
        } finally {
            releaseLock();
        }
    }

    private void releaseLock() {
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }

    private static void chown(Path path, int uid) {
        int rc = exec(List.of("chown", "-R", uid + ":" + uid, path.toString()));
        if (rc != 0) {
            throw new IllegalStateException("chown " + uid + " " + path + " exited with " + rc);
        }
    }

    private static int exec(List<String> cmd) {
        try {
            return new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd");
        }
    }
}
