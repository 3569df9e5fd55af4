package io.raftkv.tester.run;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.nemesis.FaultSchedule;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run found: the analysis of one execution, pure data.
 *
 * @param schedule the fault schedule the run used (also in test.json)
 * @param opsPerSecond completed client ops per second of the main phase
 * @param checkMillis time the checkers took
 * @param faults faults planned, injected and healed, by kind
 * @param gaps ok operations in each healed gap
 * @param nodeLogs snapshots and elections, from the node logs
 * @param interrupted the run was stopped early (Ctrl-C or SIGTERM): the history is partial
 */
public record RunResult(
        Verdict verdict,
        Path dir,
        String backend,
        FaultSchedule schedule,
        long ok,
        long fail,
        long info,
        double opsPerSecond,
        long checkMillis,
        FaultTally faults,
        HealedGaps gaps,
        NodeLogCounts nodeLogs,
        List<CheckResult> results,
        boolean interrupted) {

    public RunResult {
        results = List.copyOf(results);
    }

    /** Faults of {@code kind} injected in the run (0 when none). */
    public long faults(String kind) {
        return faults.started(kind);
    }

    /** Fault windows that could not be injected or healed (nemesis-error ops). */
    public long nemesisErrors() {
        return faults.errors();
    }

    /** Leader changes after the first election, from what the nodes logged. */
    public long leaderChanges() {
        return nodeLogs.leaderChanges();
    }

    /** 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        return switch (verdict) {
            case VALID -> 0;
            case INVALID -> 1;
            case UNKNOWN -> 2;
        };
    }

    /** One line for logs and the fault suite. */
    public String line() {
        return String.format(
                "%s%s  %d ok / %d fail / %d info, %.0f ops/s, checked in %d ms, %s, %s, %s, %s  %s",
                verdict.name(),
                interrupted ? " (interrupted)" : "",
                ok,
                fail,
                info,
                opsPerSecond,
                checkMillis,
                faults.line(),
                Plural.of(faults.errors(), "nemesis error"),
                leaderChangesLine(),
                snapshotsLine(),
                dir);
    }

    /** e.g. "2 leader changes", or "leader changes: unknown (no node logs)". */
    public String leaderChangesLine() {
        if (nodeLogs.logs() == 0) {
            return "leader changes: unknown (no node logs)";
        }
        return Plural.of(leaderChanges(), "leader change");
    }

    /** e.g. "snapshots: 12 taken, 2 installed". */
    public String snapshotsLine() {
        if (nodeLogs.logs() == 0) {
            return "snapshots: unknown (no node logs)";
        }
        return "snapshots: " + nodeLogs.taken() + " taken, " + nodeLogs.installed() + " installed";
    }
}
