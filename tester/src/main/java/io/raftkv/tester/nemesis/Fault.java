package io.raftkv.tester.nemesis;

import io.raftkv.tester.net.Grudge;
import java.util.List;
import java.util.Map;

/**
 * One fault of a schedule, fully decided by the seed except where it names "the leader", which is
 * looked up when the fault starts.
 */
public sealed interface Fault {

    /** The kind, as used in the history: "partition" gives f = start-partition / stop-partition. */
    String kind();

    /** JSON-ready description for test.json. */
    Map<String, Object> describe();

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
    record Kill(Targets targets) implements Fault {
        @Override
        public String kind() {
            return "kill";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("kind", kind(), "targets", targets.describe());
        }
    }

    /** SIGSTOP (or freeze) the targets; the stop resumes them. */
    record Pause(Targets targets) implements Fault {
        @Override
        public String kind() {
            return "pause";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("kind", kind(), "targets", targets.describe());
        }
    }
}
