package io.raftkv.tester.cli;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run found.
 *
 * @param opsPerSecond completed client ops per second of the main phase
 * @param checkMillis time the checkers took
 * @param nemesisErrors fault windows that could not be injected (nemesis-error ops)
 * @param snapshots snapshots the nodes took and installed, from their logs
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
        List<CheckResult> results) {

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
                "%s  %d ok / %d fail / %d info, %.0f ops/s, checked in %d ms, %d nemesis errors, %s  %s",
                verdict.name(), ok, fail, info, opsPerSecond, checkMillis, nemesisErrors, snapshotsLine(), dir);
    }

    /** e.g. "snapshots: 12 taken, 2 installed". */
    public String snapshotsLine() {
        if (snapshots.logs() == 0) {
            return "snapshots: unknown (no node logs)";
        }
        return "snapshots: " + snapshots.taken() + " taken, " + snapshots.installed() + " installed";
    }
}
