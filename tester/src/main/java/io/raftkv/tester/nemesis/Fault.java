package io.raftkv.tester.nemesis;

import io.raftkv.tester.net.Grudge;
import java.util.List;
import java.util.Map;

/**
 * One fault of a schedule, fully decided by the seed except where it names "the leader", which is
 * looked up when the fault starts.
 */
public sealed interface Fault permits Fault.OnTargets, Fault.Partition, Fault.FrozenLeader {

    /** The kind, as used in the history: "partition" gives f = start-partition / stop-partition. */
    String kind();

    /** JSON-ready description for test.json. */
    Map<String, Object> describe();

    /** A fault on some nodes (or the leader), described by its kind and targets. */
    sealed interface OnTargets extends Fault
            permits Kill, Pause, Membership, PowerLoss, TornWrite, Corrupt, FsyncError {
        Targets targets();

        @Override
        default Map<String, Object> describe() {
            return Map.of("kind", kind(), "targets", targets().describe());
        }
    }

    /** Which nodes a fault hits: these nodes, or the current leader. */
    record Targets(List<String> nodes, boolean leader) {
        public Targets {
            nodes = List.copyOf(nodes);
        }

        public static Targets leaderOnly() {
            return new Targets(List.of(), true);
        }

        public static Targets of(List<String> nodes) {
            return new Targets(nodes, false);
        }

        Object describe() {
            return leader ? "leader" : nodes;
        }
    }

    /**
     * A partition: {@code shape} names how it was made (halves, one, ring, bridge, leader); {@code
     * grudge} is null when the shape is "leader".
     */
    record Partition(String shape, Grudge grudge) implements Fault {
        @Override
        public String kind() {
            return "partition";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("kind", kind(), "shape", shape, "grudge", grudge == null ? "leader" : grudge.toValue());
        }
    }

    /** SIGKILL the targets; the stop restarts them with their data. */
    record Kill(Targets targets) implements OnTargets {
        @Override
        public String kind() {
            return "kill";
        }
    }

    /**
     * A power cut: SIGKILL the targets, then drop everything they wrote and had not fsynced (their
     * disk-fault file systems' {@code lose-unfsynced}); the stop restarts them on what is left.
     */
    record PowerLoss(Targets targets) implements OnTargets {
        @Override
        public String kind() {
            return "power-loss";
        }
    }

    /**
     * A power cut while the disk was writing back: SIGKILL the target, then keep a prefix, drawn
     * from {@code seed}, of what it had not fsynced and drop the rest (its disk-fault file system's
     * {@code torn}); the stop restarts it on what is left.
     */
    record TornWrite(Targets targets, long seed) implements OnTargets {
        public TornWrite {
            requireOne(targets, "a torn write");
        }

        @Override
        public String kind() {
            return "torn-write";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("kind", kind(), "targets", targets().describe(), "seed", seed);
        }
    }

    /**
     * Damage to data the target had fsynced: SIGKILL it, flip the bits of a few bytes at a place
     * drawn from {@code seed} among its fsynced content, and start it again at once; a correct
     * server either starts (the damage is in data it does not need) or refuses to, naming the file
     * and offset. The stop kills it if it runs, flips the bytes back where they are still in place,
     * and restarts it. One node only: with windows that never overlap, a schedule never has two
     * nodes damaged at once.
     */
    record Corrupt(Targets targets, long seed) implements OnTargets {
        public Corrupt {
            if (targets.leader() || targets.nodes().size() != 1) {
                throw new IllegalArgumentException("a corruption damages one named node, got " + targets.describe());
            }
        }

        @Override
        public String kind() {
            return "corrupt";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("kind", kind(), "targets", targets().describe(), "seed", seed);
        }
    }

    /**
     * The target's next fsync fails with EIO (its disk-fault file system's {@code fsync-error}): a
     * correct server stops rather than acknowledge what that fsync covered. The stop disarms the
     * error if it has not fired, and restarts the node if it stopped.
     */
    record FsyncError(Targets targets) implements OnTargets {
        public FsyncError {
            requireOne(targets, "an fsync error");
        }

        @Override
        public String kind() {
            return "fsync-error";
        }
    }

    private static void requireOne(Targets targets, String what) {
        if (!targets.leader() && targets.nodes().size() != 1) {
            throw new IllegalArgumentException(what + " hits one node, got " + targets.nodes());
        }
    }

    /** SIGSTOP (or freeze) the targets; the stop resumes them. */
    record Pause(Targets targets) implements OnTargets {
        @Override
        public String kind() {
            return "pause";
        }
    }

    /**
     * Removes the target, a voter, from the membership ({@code DELETE /cluster/nodes/{id}}); the
     * stop adds it back with the addresses the cluster knew for it and waits until it is a voter
     * again. The node keeps running meanwhile, with its data, outside the cluster.
     */
    record Membership(Targets targets) implements OnTargets {
        public Membership {
            if (!targets.leader() && targets.nodes().size() != 1) {
                throw new IllegalArgumentException("a membership fault removes one node, got " + targets.nodes());
            }
        }

        @Override
        public String kind() {
            return "membership";
        }
    }

    /**
     * Isolates the leader and freezes it for {@code frozenNanos}, then thaws it while it is still
     * cut off. Frozen, it cannot notice that it lost its quorum, while the others elect a new leader
     * and take writes; thawed, it still believes it leads until its next quorum check (up to an
     * election timeout), and answers whatever it answers without a quorum. A partition in the
     * history (f = start-partition), since that is what the others see.
     */
    record FrozenLeader(long frozenNanos) implements Fault {
        @Override
        public String kind() {
            return "partition";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("kind", kind(), "shape", "leader-frozen", "frozen_s", frozenNanos / 1e9);
        }
    }
}
