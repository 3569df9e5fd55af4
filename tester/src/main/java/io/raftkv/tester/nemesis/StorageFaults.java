package io.raftkv.tester.nemesis;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.DiskFaults;
import io.raftkv.tester.cluster.Killable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Faults of the nodes' disks, through the cluster's {@link DiskFaults}: power loss, torn writes,
 * corruption of fsynced data and fsync errors. Nodes are killed and restarted through {@link
 * ProcessFaults}, so a node left down by an error is restarted by its {@code restartKilled()}; this
 * class remembers the damage and the armed errors, so {@link #heal()} undoes them after any error.
 * At most one node is corrupted at a time.
 */
final class StorageFaults {
    /** Bytes flipped by one corruption: enough to fail any checksum, few enough to hit one record. */
    static final int CORRUPT_LENGTH = 4;
    /** How long a node that logged an error is given to exit before it counts as still running. */
    private static final long EXIT_WAIT_MILLIS = 5_000;

    private final Cluster cluster;
    private final ProcessFaults processes;
    /** The node whose fsynced data is damaged and not yet repaired, or null. */
    private String corrupted;

    private final Set<String> fsyncErrors = new LinkedHashSet<>();

    StorageFaults(Cluster cluster, ProcessFaults processes) {
        this.cluster = cluster;
        this.processes = processes;
    }

    /**
     * A power cut on {@code nodes}: SIGKILLs them all, then drops what each had not fsynced; returns
     * them. They stay down, like killed nodes, until {@link ProcessFaults#restartKilled()}.
     *
     * @throws UnsupportedOperationException if the cluster's disks do not take faults
     */
    synchronized List<String> powerLoss(List<String> nodes) {
        DiskFaults disks = disks("power-loss");
        processes.kill(nodes);
        for (var node : nodes) {
            disks.loseUnfsynced(node);
        }
        return nodes;
    }

    /**
     * SIGKILLs {@code node} and keeps a prefix, drawn from {@code seed}, of what it had not fsynced;
     * it stays down until {@link ProcessFaults#restartKilled()}. Returns the node and what was kept.
     */
    synchronized Map<String, Object> tornWrite(String node, long seed) {
        DiskFaults disks = disks("torn-write");
        processes.kill(List.of(node));
        var out = new LinkedHashMap<String, Object>();
        out.put("node", node);
        out.put("torn", disks.tear(node, seed));
        return out;
    }

    /**
     * SIGKILLs {@code node}, flips {@link #CORRUPT_LENGTH} bytes of its fsynced data at a place
     * drawn from {@code seed}, and starts it again. Returns the node and where the damage is.
     *
     * @throws IllegalStateException while another node's damage is not repaired
     */
    synchronized Map<String, Object> corrupt(String node, long seed) {
        DiskFaults disks = disks("corrupt");
        if (corrupted != null) {
            throw new IllegalStateException(
                    "node " + corrupted + " is still corrupted; a second corrupted node is never made");
        }
        processes.kill(List.of(node));
        corrupted = node;
        DiskFaults.Corruption c = disks.corrupt(node, seed, CORRUPT_LENGTH);
        processes.restart(node);
        var out = new LinkedHashMap<String, Object>();
        out.put("node", node);
        out.put("file", c.file());
        out.put("offset", c.offset());
        out.put("length", c.length());
        return out;
    }

    /**
     * Ends the corruption: kills the node if it runs, flips the damaged bytes back where they are
     * still in place, and restarts it. Returns the node, whether it had stopped (a node that finds
     * its data damaged refuses to start) with the error it logged, and what the repair did.
     */
    synchronized Map<String, Object> repair() {
        var out = new LinkedHashMap<String, Object>();
        if (corrupted == null) {
            return out;
        }
        String node = corrupted;
        Killable killable = processes.killable();
        Optional<String> error = killable.whyStopped(node);
        out.put("node", node);
        out.put("stopped", stoppedOrStopping(killable, node, error));
        error.ifPresent(e -> out.put("error", e));
        processes.kill(List.of(node));
        out.put("repair", disks("corrupt").repair(node));
        corrupted = null;
        processes.restart(node);
        return out;
    }

    /** Arms an fsync error on {@code node}; returns it. */
    synchronized List<String> fsyncError(String node) {
        disks("fsync-error").armFsyncError(node);
        fsyncErrors.add(node);
        return List.of(node);
    }

    /**
     * Ends the fsync errors: disarms any not yet fired and restarts each node that stopped. A node
     * still running after its error fired is killed and restarted too, so that every node serves
     * again from what it made durable. Returns, per node, whether the error fired, whether the
     * node had stopped, and the error it logged.
     */
    synchronized List<Map<String, Object>> clearFsyncErrors() {
        var healed = new ArrayList<Map<String, Object>>();
        for (String node : List.copyOf(fsyncErrors)) {
            Killable killable = processes.killable();
            String disarmed = disks("fsync-error").disarmFsyncError(node);
            boolean fired = disarmed.startsWith("no fsync error");
            Optional<String> error = killable.whyStopped(node);
            var out = new LinkedHashMap<String, Object>();
            out.put("node", node);
            out.put("fired", fired);
            out.put("stopped", stoppedOrStopping(killable, node, error));
            error.ifPresent(e -> out.put("error", e));
            if (fired) {
                processes.kill(List.of(node));
                processes.restart(node);
            }
            fsyncErrors.remove(node);
            healed.add(out);
        }
        return healed;
    }

    /** Undoes what is left: a corruption not repaired, fsync errors not cleared. */
    synchronized void heal() {
        repair();
        clearFsyncErrors();
    }

    /**
     * Whether the node stopped by itself: it has exited, or it logged why it stops and exits within
     * {@link #EXIT_WAIT_MILLIS} (a JVM that refused to start takes a moment to end).
     */
    private static boolean stoppedOrStopping(Killable killable, String node, Optional<String> error) {
        long deadline = System.nanoTime() + EXIT_WAIT_MILLIS * 1_000_000;
        while (killable.isRunning(node)) {
            if (error.isEmpty() || System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private DiskFaults disks(String fault) {
        return cluster.diskFaults()
                .orElseThrow(
                        () -> processes.unsupported(
                                "act on its nodes' disks (" + fault
                                        + " needs nodes whose data directories the disk-fault file system serves: the local or docker backend)"));
    }
}
