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
    sealed interface OnTargets extends Fault permits Kill, Pause, Membership, PowerLoss {
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
