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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * etcd nodes as processes of this host, each on its own loopback address (n1 on 127.0.0.{@value
 * #FIRST_HOST}, n2 on the next, ...; client port {@value #CLIENT_PORT}, peer port {@value
 * #PEER_PORT}) and under its own uid ({@value #FIRST_UID} + i, with no passwd entry), so that
 * {@link LoopbackIptablesNet} can cut links between them. Data (owned by the node's uid), logs and
 * pid files as {@link NodeProcesses} keeps them. Kill is SIGKILL, pause SIGSTOP.
 * Needs root (uids and iptables); one such cluster runs on a host at a time, which a lock file
 * enforces.
 */
public final class LocalEtcdCluster extends LocalNodes {
    static final int FIRST_HOST = 11;
    static final int FIRST_UID = 61101;
    static final int CLIENT_PORT = 2379;
    static final int PEER_PORT = 2380;
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "raftkv-local-etcd.lock");

    private final Path dir;
    private final EtcdSystem system;
    private final List<String> flags;
    private final LoopbackIptablesNet net;
    private FileChannel lockChannel;
    private FileLock lock;

    /**
     * @param dir the run folder; data and logs go below it
     * @param flags extra flags for every etcd
     */
    public LocalEtcdCluster(int size, Path dir, EtcdSystem system, List<String> flags) {
        super(size, dir, system, "etcd node");
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
    public SystemUnderTest system() {
        return system;
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
        processes.createDirectories(nodes);
        for (var node : nodes) {
            chown(processes.dataDir(node), FIRST_UID + index(node));
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
        return new NodeLaunch(
                node, processes.dataDir(node), ip + ":" + CLIENT_PORT, ip + ":" + PEER_PORT, peers, flags, false);
    }

    /** The node's command line, run as the node's uid. */
    List<String> commandOf(String node) {
        int uid = FIRST_UID + index(node);
        var cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        cmd.addAll(system.command(launchOf(node)));
        return cmd;
    }

    @Override
    void launch(String node) {
        processes.launch(node, commandOf(node));
    }

    private String deadProcess() {
        return processes.exited().stream()
                .findFirst()
                .map(processes::exitMessage)
                .orElse(null);
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
    void closeRest() {
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
        int rc = NodeProcesses.run(List.of("chown", "-R", uid + ":" + uid, path.toString()));
        if (rc != 0) {
            throw new IllegalStateException("chown " + uid + " " + path + " exited with " + rc);
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
