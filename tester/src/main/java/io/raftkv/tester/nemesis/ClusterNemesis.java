package io.raftkv.tester.nemesis;

import io.raftkv.tester.client.Leaders;
import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.nemesis.Fault.Targets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nemesis for a real cluster: composes one class per fault family, {@link PartitionFaults},
 * {@link ProcessFaults} (kill, pause), {@link StorageFaults} (the disk faults) and {@link
 * MembershipFaults}, and resolves "the leader" for
 * them when a fault starts. Each family remembers what it broke, so {@link #healAll()} repairs
 * everything even after an error.
 */
public final class ClusterNemesis implements Nemesis {
    private final Cluster cluster;
    private final PartitionFaults partitions;
    private final ProcessFaults processes;
    private final StorageFaults storage;
    private final MembershipFaults membership;
    /** Why healing left something broken, by what is left broken; see {@link #unhealed()}. */
    private final Map<String, String> unhealed = new LinkedHashMap<>();

    public ClusterNemesis(Cluster cluster) {
        this(cluster, MembershipApi.Timing.defaults());
    }

    ClusterNemesis(Cluster cluster, MembershipApi.Timing membershipTiming) {
        this.cluster = cluster;
        this.partitions = new PartitionFaults(cluster);
        this.processes = new ProcessFaults(cluster);
        this.storage = new StorageFaults(cluster, processes);
        this.membership = new MembershipFaults(cluster, membershipTiming);
    }

    @Override
    public synchronized Object start(Fault fault) {
        return switch (fault) {
            case Fault.Partition p ->
                p.grudge() != null ? partitions.apply(p.grudge()) : partitions.isolate(leaderOrFirst());
            case Fault.FrozenLeader f -> {
                processes.requirePausable();
                String leader = leaderOrFirst();
                Object grudge = partitions.isolate(leader);
                processes.freezeFor(leader, f.frozenNanos());
                yield grudge;
            }
            case Fault.Kill k -> processes.kill(resolve(k.targets()));
            case Fault.PowerLoss p -> storage.powerLoss(resolve(p.targets()));
            case Fault.TornWrite t -> storage.tornWrite(resolve(t.targets()).getFirst(), t.seed());
            case Fault.Corrupt c -> storage.corrupt(resolve(c.targets()).getFirst(), c.seed());
            case Fault.FsyncError f -> storage.fsyncError(resolve(f.targets()).getFirst());
            case Fault.Pause p -> processes.pause(resolve(p.targets()));
            case Fault.Membership m -> membership.remove(resolve(m.targets()).getFirst());
        };
    }

    @Override
    public synchronized Object stop(Fault fault) {
        return switch (fault) {
            case Fault.Partition p -> {
                partitions.heal();
                yield "healed";
            }
            case Fault.FrozenLeader f -> {
                processes.resumePaused();
                partitions.heal();
                yield "healed";
            }
            case Fault.Kill k -> processes.restartKilled();
            case Fault.PowerLoss p -> processes.restartKilled();
            case Fault.TornWrite t -> processes.restartKilled();
            case Fault.Corrupt c -> storage.repair();
            case Fault.FsyncError f -> storage.clearFsyncErrors();
            case Fault.Pause p -> processes.resumePaused();
            case Fault.Membership m -> membership.addBack();
        };
    }

    @Override
    public synchronized void healAll() {
        attempt("resume", processes::resumePaused);
        attempt("network heal", partitions::heal);
        attempt("restart", processes::restartKilled);
        attempt("disk repair", storage::heal);
        // Last: adding a node back needs a cluster that works.
        unhealed.clear();
        try {
            membership.heal();
        } catch (RuntimeException e) {
            System.err.println("heal: membership not restored: " + e.getMessage());
            unhealed.put("membership", e.getMessage());
        }
    }

    /**
     * What the last {@link #healAll()} could not repair, one line each: a node still out of the
     * membership, or a membership that is not every node as a voter.
     */
    @Override
    public synchronized List<String> unhealed() {
        return unhealed.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .toList();
    }

    private static void attempt(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            System.err.println("heal: " + what + " failed: " + e.getMessage());
        }
    }

    private List<String> resolve(Targets targets) {
        return targets.leader() ? List.of(leaderOrFirst()) : targets.nodes();
    }

    /** The current leader; when none is known (mid-election), the first node, so faults stay on schedule. */
    private String leaderOrFirst() {
        return cluster.system()
                .leader(Leaders.byId(cluster.nodes(), cluster.httpAll()))
                .orElse(cluster.nodes().getFirst());
    }
}
