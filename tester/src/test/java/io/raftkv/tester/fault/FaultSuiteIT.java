package io.raftkv.tester.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.cli.RunResult;
import io.raftkv.tester.nemesis.FaultKind;
import io.raftkv.tester.nemesis.FaultSchedule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault suite: 3 containers, 32 s runs with 21 s of faults each. The correct server must come
 * out valid under every nemesis; each unsafe switch must be caught (invalid) by a nemesis and
 * workload that expose it. Each case prints its verdict and run folder.
 */
@Tag("fault")
class FaultSuiteIT {

    @BeforeAll
    static void engine() {
        Runs.requireDocker();
    }

    private static RunResult run(String name, String nemesis, String workload, List<String> flags, long seed)
            throws InterruptedException {
        var spec = Runs.spec("docker", name, nemesis, workload, flags, seed);
        var schedule = FaultSchedule.plan(
                List.of("n1", "n2", "n3"), FaultKind.parse(nemesis, 3), spec.timeLimit(), spec.timing(), seed);
        assertTrue(schedule.faultNanos() >= 20e9, "at least 20 s of faults, planned " + schedule.faultNanos() / 1e9);
        RunResult r = Runs.run(spec);
        assertEquals("docker", r.backend());
        assertTrue(r.ok() > 100, "the workload made progress: " + r.line());
        return r;
    }

    @Test
    void correctServer_underPartitions_isValid() throws InterruptedException {
        assertEquals(
                Verdict.VALID,
                run("fault-partition", "partition", "cas-register", List.of(), 101)
                        .verdict());
    }

    @Test
    void correctServer_underKills_isValid() throws InterruptedException {
        assertEquals(
                Verdict.VALID,
                run("fault-kill", "kill", "cas-register", List.of(), 102).verdict());
    }

    @Test
    void correctServer_underPauses_isValid() throws InterruptedException {
        assertEquals(
                Verdict.VALID,
                run("fault-pause", "pause", "cas-register", List.of(), 103).verdict());
    }

    @Test
    void correctServer_underMixedFaults_withAppends_isValid() throws InterruptedException {
        assertEquals(
                Verdict.VALID,
                run("fault-mix-append", "partition,kill,pause", "append", List.of(), 104)
                        .verdict());
    }

    /** A node cut off from the leader keeps answering reads from its own copy: stale reads. */
    @Test
    void staleReads_underPartitions_areCaught() throws InterruptedException {
        var r = run(
                "unsafe-stale-reads",
                "partition-one,partition-leader",
                "cas-register",
                List.of("--unsafe-stale-reads"),
                201);
        assertEquals(Verdict.INVALID, r.verdict());
    }

    /** An isolated leader acknowledges writes it can never commit; the new leader's log wins. */
    @Test
    void ackBeforeCommit_underLeaderIsolation_isCaught() throws InterruptedException {
        var r = run(
                "unsafe-ack-before-commit",
                "partition-leader",
                "cas-register",
                List.of("--unsafe-ack-before-commit"),
                202);
        assertEquals(Verdict.INVALID, r.verdict());
    }

    /**
     * Without sessions, a write retried after an unknown outcome (the client resends the same id and
     * sequence to another node) is applied twice. A CAS applied twice answers "mismatch" the second
     * time, so the client records a failure for a CAS whose value everybody then reads.
     */
    @Test
    void noSessions_underLeaderKillsAndIsolation_isCaught() throws InterruptedException {
        var r = run(
                "unsafe-no-sessions",
                "kill-leader,partition-leader",
                "cas-register",
                List.of("--unsafe-no-sessions"),
                203);
        assertEquals(Verdict.INVALID, r.verdict());
    }

    /**
     * Skipping fsync loses data only when the machine loses its page cache (power loss, kernel
     * crash). SIGKILL of a process or {@code docker kill} of a container keeps the page cache, so
     * every write the server made reaches the disk anyway and no history can show the loss. Catching
     * it needs a file system that drops unsynced writes on a simulated crash (as Jepsen's LazyFS
     * does), which this rig does not have.
     */
    @Test
    @Disabled(
            "kill -9 and docker kill keep the page cache, so skipped fsyncs lose nothing; needs a power-loss file system")
    void noFsync_underKillOfAllNodes_wouldNeedPowerLoss() throws InterruptedException {
        var r = run("unsafe-no-fsync", "kill-all", "cas-register", List.of("--unsafe-no-fsync"), 204);
        assertEquals(Verdict.INVALID, r.verdict());
    }
}
