package io.raftkv.tester.cluster.ssh;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * How long each kind of fault action took over SSH (kill, restart, pause, resume, partition, heal),
 * from the rig's call to the host's answer. Printed when the cluster closes, so a user sees what a
 * fault costs on their hosts.
 */
public final class Latencies {
    /** count, total and worst time of one action, in nanoseconds. */
    public record Stat(long count, long totalNanos, long maxNanos) {
        Stat plus(long nanos) {
            return new Stat(count + 1, totalNanos + nanos, Math.max(maxNanos, nanos));
        }

        public long meanMillis() {
            return count == 0 ? 0 : totalNanos / count / 1_000_000;
        }
    }

    private final Map<String, Stat> stats = new TreeMap<>();

    <T> T time(String action, Supplier<T> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            record(action, System.nanoTime() - t0);
        }
    }

    void time(String action, Runnable call) {
        time(action, () -> {
            call.run();
            return null;
        });
    }

    synchronized void record(String action, long nanos) {
        stats.merge(action, new Stat(1, nanos, nanos), (a, b) -> a.plus(nanos));
    }

    synchronized Map<String, Stat> snapshot() {
        return Map.copyOf(stats);
    }

    /** "kill 2× mean 130 ms max 150 ms, pause ..." or null when nothing was timed. */
    synchronized String line() {
        if (stats.isEmpty()) {
            return null;
        }
        var parts = new StringBuilder();
        stats.forEach((action, s) -> {
            if (!parts.isEmpty()) {
                parts.append(", ");
            }
            parts.append(action)
                    .append(' ')
                    .append(s.count())
                    .append("× mean ")
                    .append(s.meanMillis())
                    .append(" ms max ")
                    .append(s.maxNanos() / 1_000_000)
                    .append(" ms");
        });
        return parts.toString();
    }
}
