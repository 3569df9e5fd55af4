package io.raftkv.tester.cli;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run found.
 *
 * @param opsPerSecond completed client ops per second of the main phase
 * @param checkMillis time the checkers took
 * @param nemesisErrors fault windows that could not be injected (nemesis-error ops)
 * @param snapshots snapshots the nodes took and installed, from their logs
 * @param faults faults injected, by kind ("partition", "kill", "pause", "membership"): the {@code
 *     start-X} ops in the history
 */
public record RunResult(
        Verdict verdict,
        Path dir,
        String backend,
        long ok,
        long fail,
        long info,
        double opsPerSecond,
        long checkMillis,
        long nemesisErrors,
        SnapshotCounts snapshots,
        Map<String, Long> faults,
        List<CheckResult> results) {

    public RunResult {
        faults = Collections.unmodifiableMap(new TreeMap<>(faults));
        results = List.copyOf(results);
    }

    /** Faults of {@code kind} injected in the run (0 when none). */
    public long faults(String kind) {
        return faults.getOrDefault(kind, 0L);
    }

    /** 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        return switch (verdict) {
            case VALID -> 0;
            case INVALID -> 1;
            case UNKNOWN -> 2;
        };
    }

    public String line() {
        return String.format(
                "%s  %d ok / %d fail / %d info, %.0f ops/s, checked in %d ms, %s, %d nemesis errors, %s  %s",
                verdict.name(),
                ok,
                fail,
                info,
                opsPerSecond,
                checkMillis,
                faultsLine(),
                nemesisErrors,
                snapshotsLine(),
                dir);
    }

    /** e.g. "faults: 2 kill, 1 membership", or "faults: none". */
    public String faultsLine() {
        if (faults.isEmpty()) {
            return "faults: none";
        }
        var parts = new ArrayList<String>();
        faults.forEach((kind, n) -> parts.add(n + " " + kind));
        return "faults: " + String.join(", ", parts);
    }

    /** e.g. "snapshots: 12 taken, 2 installed". */
    public String snapshotsLine() {
        if (snapshots.logs() == 0) {
            return "snapshots: unknown (no node logs)";
        }
        return "snapshots: " + snapshots.taken() + " taken, " + snapshots.installed() + " installed";
    }
}
