package io.raftkv.tester.cluster;

import io.raftkv.tester.disk.DiskFsProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Each node's data directory served by a disk-fault file system of its own on this host (a child
 * process): the node's files live in {@code <data>/<id>.disk} and are seen at {@code <data>/<id>};
 * the file system's output goes to {@code nodes/<id>.diskfs.log}. Its control sockets live in a
 * short temporary directory (a Unix socket path has at most 107 bytes).
 */
final class LocalDisks implements DiskFaults, AutoCloseable {
    private final Map<String, DiskFsProcess> disks;
    private final Path sockets;

    private LocalDisks(Map<String, DiskFsProcess> disks, Path sockets) {
        this.disks = disks;
        this.sockets = sockets;
    }

    /**
     * Serves every node's data directory; returns once all serve.
     *
     * @throws IllegalStateException where one cannot be served (FUSE missing, mount refused); the
     *     ones already served are stopped
     */
    static LocalDisks serve(List<String> nodes, Function<String, Path> dataDir, Function<String, Path> logFile) {
        Map<String, DiskFsProcess> started = new LinkedHashMap<>();
        Path sockets;
        try {
            sockets = Files.createTempDirectory("raftkv-disks");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalDisks disks = new LocalDisks(started, sockets);
        try {
            for (int i = 0; i < nodes.size(); i++) {
                String node = nodes.get(i);
                Path data = dataDir.apply(node);
                started.put(
                        node,
                        DiskFsProcess.start(
                                data.resolveSibling(node + ".disk"),
                                data,
                                sockets.resolve(node + ".sock"),
                                i,
                                logFile.apply(node).resolveSibling(node + ".diskfs.log")));
            }
            return disks;
        } catch (IOException e) {
            disks.close();
            throw new IllegalStateException("cannot serve the nodes' disks: " + e.getMessage(), e);
        }
    }

    @Override
    public String loseUnfsynced(String node) {
        return send(node, "lose-unfsynced");
    }

    @Override
    public String tear(String node, long seed) {
        return send(node, "torn " + seed);
    }

    @Override
    public Corruption corrupt(String node, long seed, int length) {
        return Corruption.parse(send(node, "corrupt-random " + seed + " " + length));
    }

    @Override
    public String repair(String node) {
        return send(node, "repair");
    }

    @Override
    public String armFsyncError(String node) {
        return send(node, "fsync-error");
    }

    @Override
    public String disarmFsyncError(String node) {
        return send(node, "fsync-error off");
    }

    private String send(String node, String command) {
        DiskFsProcess disk = disks.get(node);
        if (disk == null) {
            throw new IllegalArgumentException("no served disk for node " + node);
        }
        try {
            return disk.send(command);
        } catch (IOException e) {
            throw new IllegalStateException("node " + node + ": " + e.getMessage(), e);
        }
    }

    /** Stops every file system (unmounting its data directory); the backing directories stay. */
    @Override
    public void close() {
        disks.values().forEach(DiskFsProcess::close);
        try (var left = Files.list(sockets)) {
            for (Path p : left.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(sockets);
        } catch (IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
