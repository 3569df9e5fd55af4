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
import java.util.List;
import java.util.Optional;

/**
 * A cluster that only records what was done to it, one line per event. No node answers HTTP (port 1
 * refuses), so "the leader" falls back to the first node.
 */
final class RecordingCluster implements Cluster, Killable, Pausable, DiskFaults {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** Whether its disks take faults (as a local cluster's served by the disk-fault file system). */
    boolean servedDisks = true;

    final List<String> nodes = List.of("n1", "n2", "n3");

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
        events.add("kill " + node);
    }

    @Override
    public void restart(String node) {
        events.add("restart " + node);
    }

    @Override
    public boolean isRunning(String node) {
        return true;
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
}
