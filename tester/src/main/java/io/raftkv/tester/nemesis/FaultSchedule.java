package io.raftkv.tester.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded plan of faults: after a calm start, a fault for a random time in [faultMin, faultMax],
 * then a healthy gap, and so on until the time limit. Every window ends before the time limit, so
 * the final phase always begins on a healed cluster. Pure: the same inputs give the same plan.
 *
 * @param windows the faults in time order, never overlapping
 */
public record FaultSchedule(List<Window> windows) {

    /** A fault held from {@code start} to {@code end} (nanoseconds since the test started). */
    public record Window(long start, long end, Fault fault) {
        public Map<String, Object> describe() {
            var out = new LinkedHashMap<String, Object>();
            out.put("start_s", start / 1e9);
            out.put("end_s", end / 1e9);
            out.putAll(fault.describe());
            return out;
        }
    }

    /** Timing of the plan. */
    public record Timing(Duration calmStart, Duration faultMin, Duration faultMax, Duration heal) {
        /** Faults every few seconds, as in Jepsen's usual schedules: {@code every(3 s)}. */
        public static Timing defaults() {
            return every(Duration.ofSeconds(3));
        }

        /**
         * After a 2 s calm start, each fault lasts {@code interval} to twice that, and each heal
         * {@code interval}.
         */
        public static Timing every(Duration interval) {
            return new Timing(Duration.ofSeconds(2), interval, interval.multipliedBy(2), interval);
        }
    }

    public FaultSchedule {
        windows = List.copyOf(windows);
    }

    public static FaultSchedule none() {
        return new FaultSchedule(List.of());
    }

    /**
     * Plans faults drawn uniformly from {@code menu} for the nodes, up to {@code timeLimit}.
     *
     * @param menu the fault kinds to draw from (see {@link FaultKind}); empty gives no faults
     */
    public static FaultSchedule plan(
            List<String> nodes, List<FaultKind> menu, Duration timeLimit, Timing timing, long seed) {
        if (menu.isEmpty()) {
            return none();
        }
        var random = new Random(seed);
        var windows = new ArrayList<Window>();
        long t = timing.calmStart().toNanos();
        long limit = timeLimit.toNanos();
        long spread = timing.faultMax().toNanos() - timing.faultMin().toNanos();
        while (true) {
            long length = timing.faultMin().toNanos() + (spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
            if (t + length > limit) {
                break;
            }
            FaultKind kind = menu.get(random.nextInt(menu.size()));
            windows.add(new Window(t, t + length, kind.draw(nodes, random, length)));
            t += length + timing.heal().toNanos();
        }
        return new FaultSchedule(windows);
    }

    public List<Map<String, Object>> describe() {
        return windows.stream().map(Window::describe).toList();
    }

    /** The total time under faults, in nanoseconds. */
    public long faultNanos() {
        return windows.stream().mapToLong(w -> w.end() - w.start()).sum();
    }
}
