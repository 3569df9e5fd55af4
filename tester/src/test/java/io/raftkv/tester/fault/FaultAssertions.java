package io.raftkv.tester.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.cli.Rig;
import io.raftkv.tester.nemesis.Fault;
import io.raftkv.tester.nemesis.FaultSchedule;
import io.raftkv.tester.run.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * What every fault case asserts besides its verdict: that its faults bit. A green case with no fault
 * injected, or with a cluster that never served between faults, proves nothing.
 */
final class FaultAssertions {
    /**
     * ok operations a 32 s run must complete at the least. Runs make about 5,000 on an idle two-core
     * machine, and 800 to 900 with its cores shared by several builds (load average 18); this leaves
     * room for that and still fails a run that mostly stalled (the healed-gap checks see the rest).
     */
    static final long MIN_OK = 500;

    private FaultAssertions() {}

    /**
     * Every fault the run's own schedule planned was injected and healed, by kind, none failed to
     * inject, clients completed operations in every healed gap and after the final heal, and the
     * run made realistic progress.
     */
    static void assertFaultsBit(RunResult r) {
        assertFaultsBit(r, 3);
    }

    /** As {@link #assertFaultsBit(RunResult)}, for a cluster of {@code nodes} nodes. */
    static void assertFaultsBit(RunResult r, int nodes) {
        var faults = r.faults();
        assertFalse(faults.planned().isEmpty(), "the schedule planned faults: " + r.line());
        assertEquals(0, faults.errors(), "every fault was injected and healed: " + r.line());
        faults.planned()
                .forEach((kind, n) -> assertTrue(
                        faults.started(kind) >= n, "planned " + n + " " + kind + ", injected " + faults.started(kind)));
        assertEquals(faults.started(), faults.healed(), "every injected fault was healed: " + r.line());
        for (int i = 0; i < r.gaps().okPerGap().size(); i++) {
            assertTrue(
                    r.gaps().okPerGap().get(i) > 0,
                    "ok operations in healed gap " + (i + 1) + ": " + r.gaps().okPerGap());
        }
        assertTrue(r.gaps().okAfterFinalHeal() > 0, "ok operations after the final heal: " + r.gaps());
        assertTrue(r.ok() >= MIN_OK, "at least " + MIN_OK + " ok operations: " + r.line());
        assertEquals(nodes, r.nodeLogs().logs(), "every node's log was collected: " + r.line());
    }

    /**
     * {@code rig check} on the run's history, as a user would run it, gives the run's own verdict:
     * it picks the checker the run's workload used.
     */
    static void assertRecheckAgrees(RunResult r) {
        var out = new StringWriter();
        CommandLine rig = Rig.commandLine();
        rig.setOut(new PrintWriter(out));
        rig.setErr(new PrintWriter(out));
        int exit = rig.execute("check", r.dir().resolve("history.jsonl").toString());
        assertEquals(r.exitCode(), exit, "rig check on the run folder: " + out);
    }

    /** The schedule aimed at least one fault at the leader, and the cluster failed over. */
    static void assertFailover(RunResult r) {
        assertTrue(
                r.schedule().windows().stream().anyMatch(w -> targetsLeader(w.fault())),
                "the schedule aims a fault at the leader: " + r.schedule().describe());
        assertTrue(r.leaderChanges() >= 1, "the leader changed at least once: " + r.line());
    }

    static boolean targetsLeader(Fault fault) {
        return switch (fault) {
            case Fault.OnTargets t -> t.targets().leader();
            case Fault.Partition p -> p.grudge() == null;
            case Fault.FrozenLeader f -> true;
        };
    }

    /** True when the schedule aims a fault at the leader; for picking seeds. */
    static boolean aimsAtLeader(FaultSchedule schedule) {
        return schedule.windows().stream().anyMatch(w -> targetsLeader(w.fault()));
    }
}
