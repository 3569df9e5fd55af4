package io.raftkv.tester.nemesis;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.DiskFaults;
import io.raftkv.tester.cluster.Killable;
import io.raftkv.tester.cluster.Pausable;
import io.raftkv.tester.net.Grudge;
import io.raftkv.tester.net.Net;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster that only records what was done to it, one line per event. No node answers HTTP (port 1
 * refuses), so "the leader" falls back to the first node.
 */
final class RecordingCluster implements Cluster, Killable, Pausable, DiskFaults {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** Whether its disks take faults (as a local cluster's served by the disk-fault file system). */
    boolean servedDisks = true;

    final List<String> nodes = List.of("n1", "n2", "n3");
    /** Nodes whose process has exited by itself (a restart or kill clears it). */
    final Set<String> exited = Collections.synchronizedSet(new HashSet<>());
    /** What each node's file system answers to {@code fsync-error off}. */
    String disarmAnswer = "no fsync error was armed";

    @Override
    public String backend() {
        return "fake";
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public void start() {}

    @Override
    public URI http(String node) {
        return URI.create("http://127.0.0.1:1");
    }

    @Override
    public String raftAddress(String node) {
        return node;
    }

    @Override
    public Net net() {
        return new Net() {
            @Override
            public void apply(Grudge grudge) {
                events.add("partition " + grudge.drops());
            }

            @Override
            public void heal() {
                events.add("heal");
            }
        };
    }

    @Override
    public void collectLogs(Path dir) {}

    @Override
    public void close() {}

    @Override
    public void kill(String node) {
        if (!exited.contains(node)) {
            events.add("kill " + node);
        }
    }

    @Override
    public void restart(String node) {
        exited.remove(node);
        events.add("restart " + node);
    }

    @Override
    public boolean isRunning(String node) {
        return !exited.contains(node);
    }

    @Override
    public Optional<String> whyStopped(String node) {
        return exited.contains(node) ? Optional.of("ERROR " + node + " stopped") : Optional.empty();
    }

    @Override
    public void pause(String node) {
        events.add("pause " + node);
    }

    @Override
    public void resume(String node) {
        events.add("resume " + node);
    }

    @Override
    public Optional<DiskFaults> diskFaults() {
        return servedDisks ? Optional.of(this) : Optional.empty();
    }

    @Override
    public String loseUnfsynced(String node) {
        events.add("lose-unfsynced " + node);
        return "restored";
    }

    @Override
    public String tear(String node, long seed) {
        events.add("torn " + node + " " + seed);
        return "kept 1 of 2 pages";
    }

    @Override
    public Corruption corrupt(String node, long seed, int length) {
        events.add("corrupt " + node + " " + seed + " " + length);
        return new Corruption("log/1.seg", 100, length);
    }

    @Override
    public String repair(String node) {
        events.add("repair " + node);
        return "restored log/1.seg 100 4";
    }

    @Override
    public String armFsyncError(String node) {
        events.add("fsync-error " + node);
        return "armed";
    }

    @Override
    public String disarmFsyncError(String node) {
        events.add("fsync-error off " + node);
        return disarmAnswer;
    }
}
