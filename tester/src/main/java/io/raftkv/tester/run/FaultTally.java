package io.raftkv.tester.run;

import io.raftkv.tester.history.Op;
import io.raftkv.tester.nemesis.FaultSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The faults of a run by kind ("partition", "kill", "pause", "membership", "power-loss",
 * "torn-write", "corrupt", "fsync-error"): how many the schedule planned, how many were injected
 * ({@code start-X} ops in the history), how many were healed ({@code stop-X} ops), and how many
 * windows could not be injected or healed ({@code nemesis-error} ops). A run whose faults all bit
 * has {@code started == healed >= planned} for every kind and no errors.
 */
public record FaultTally(Map<String, Long> planned, Map<String, Long> started, Map<String, Long> healed, long errors) {

    public FaultTally {
        planned = sorted(planned);
        started = sorted(started);
        healed = sorted(healed);
    }

    private static Map<String, Long> sorted(Map<String, Long> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }

    public static final FaultTally NONE = new FaultTally(Map.of(), Map.of(), Map.of(), 0);

    /** Tallies a history against the schedule the run used. */
    public static FaultTally of(FaultSchedule schedule, List<Op> history) {
        var planned = new TreeMap<String, Long>();
        for (var window : schedule.windows()) {
            planned.merge(window.fault().kind(), 1L, Long::sum);
        }
        var started = new TreeMap<String, Long>();
        var healed = new TreeMap<String, Long>();
        long errors = 0;
        for (Op op : history) {
            if (!op.isNemesis()) {
                continue;
            }
            if (op.f().startsWith("start-")) {
                started.merge(op.f().substring("start-".length()), 1L, Long::sum);
            } else if (op.f().startsWith("stop-")) {
                healed.merge(op.f().substring("stop-".length()), 1L, Long::sum);
            } else if (op.f().equals("nemesis-error")) {
                errors++;
            }
        }
        return new FaultTally(planned, started, healed, errors);
    }

    /** Faults of {@code kind} injected (0 when none). */
    public long started(String kind) {
        return started.getOrDefault(kind, 0L);
    }

    /** Every planned fault was injected and healed, and nothing failed. */
    public boolean allBit() {
        return errors == 0
                && started.equals(healed)
                && planned.entrySet().stream().allMatch(e -> started(e.getKey()) >= e.getValue());
    }

    /** e.g. "faults: 2 kill, 1 membership", or "faults: none"; names what was planned but not injected. */
    public String line() {
        if (started.isEmpty() && planned.isEmpty()) {
            return "faults: none";
        }
        var parts = new ArrayList<String>();
        started.forEach((kind, n) -> parts.add(n + " " + kind));
        var missing = new ArrayList<String>();
        planned.forEach((kind, n) -> {
            if (started(kind) < n) {
                missing.add(kind + " " + started(kind) + " of " + n);
            }
        });
        String line = "faults: " + (parts.isEmpty() ? "none" : String.join(", ", parts));
        return missing.isEmpty() ? line : line + " (planned but not injected: " + String.join(", ", missing) + ")";
    }

    /** For results.json. */
    public Map<String, Object> describe() {
        var out = new LinkedHashMap<String, Object>();
        out.put("planned", planned);
        out.put("started", started);
        out.put("healed", healed);
        out.put("errors", errors);
        return out;
    }
}
