package io.raftkv.tester.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.cli.RunResult;
import io.raftkv.tester.cli.RunSpec;
import io.raftkv.tester.history.JsonlHistory;
import io.raftkv.tester.history.Op;
import io.raftkv.tester.nemesis.FaultKind;
import io.raftkv.tester.nemesis.FaultSchedule;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault suite: 3 containers, 32 s runs with 21 s of faults each. The correct server must come
 * out valid under every nemesis; each unsafe switch must be caught (invalid) by a nemesis and
 * workload that expose it. Each case prints its verdict and run folder.
 *
 * <p>{@code --unsafe-no-fsync} has no case here because no fault this rig injects can show it:
 * skipping fsync loses data only when the machine loses its page cache (power loss, kernel crash).
 * SIGKILL of a process or {@code docker kill} of a container keeps the page cache, so every write
 * the server made reaches the disk anyway. Catching it needs a file system that drops unsynced
 * writes on a simulated crash (as Jepsen's LazyFS does).
 */
@Tag("fault")
class FaultSuiteIT {

    @BeforeAll
    static void engine() {
        Runs.requireDocker();
    }

    private static RunResult run(String name, String nemesis, String workload, List<String> flags, long seed)
            throws InterruptedException {
        return run(name, nemesis, workload, flags, seed, Runs.REQUEST_TIMEOUT);
    }

    private static RunResult run(
            String name, String nemesis, String workload, List<String> flags, long seed, Duration requestTimeout)
            throws InterruptedException {
        return run(Runs.spec("docker", name, nemesis, workload, flags, seed).withRequestTimeout(requestTimeout));
    }

    private static RunResult run(RunSpec spec) throws InterruptedException {
        var schedule = FaultSchedule.plan(
                List.of("n1", "n2", "n3"),
                FaultKind.parse(spec.nemesis(), 3),
                spec.timeLimit(),
                spec.timing(),
                spec.seed());
        assertTrue(schedule.faultNanos() >= 20e9, "at least 20 s of faults, planned " + schedule.faultNanos() / 1e9);
        RunResult r = Runs.run(spec);
        assertEquals("docker", r.backend());
        // A loaded two-core machine manages a few dozen ops/s; any run makes far more than 30.
        assertTrue(r.ok() > 30, "the workload made progress: " + r.line());
        assertEquals(0, r.nemesisErrors(), "every planned fault was injected: " + r.line());
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

    /**
     * Every 100 applied entries each node snapshots and compacts its log. A node killed or cut off
     * for 7 s misses several hundred entries (a few snapshots' worth) and finds them compacted on the
     * leader: it can only catch up by InstallSnapshot, in every one of the three fault windows.
     */
    @Test
    void correctServer_withSmallSnapshotThreshold_underKillsAndPartitions_installsSnapshots_isValid()
            throws InterruptedException {
        var r = run(Runs.spec(
                        "docker",
                        "fault-snapshots",
                        "kill-one,partition-one",
                        "cas-register",
                        List.of(),
                        110) // a partition, then two kills
                .withSnapshotThreshold(SNAPSHOT_THRESHOLD));
        assertEquals(3, r.snapshots().logs(), "every node's log was read: " + r.line());
        assertTrue(r.snapshots().taken() > 0, "nodes took snapshots: " + r.line());
        assertTrue(r.snapshots().installed() > 0, "a lagging node installed a leader's snapshot: " + r.line());
        assertEquals(Verdict.VALID, r.verdict(), r.line());
    }

    private static final long SNAPSHOT_THRESHOLD = 100;

    /**
     * A random voter removed from the membership for 7 s and added back, a node killed, then the
     * leader removed and added back, each while the workload runs, with a snapshot every 100 entries.
     * Taken out, a node keeps its data but no longer hears of new entries; added back, it is several
     * snapshots behind and catches up as a learner before it votes again. Removing the leader makes it
     * step down once the removal commits; the two others elect a new one.
     */
    @Test
    void correctServer_underMembershipChangesAndKills_withSmallSnapshotThreshold_isValid() throws Exception {
        var r = run(Runs.spec(
                        "docker",
                        "fault-membership",
                        "membership,membership-leader,kill",
                        "cas-register",
                        List.of(),
                        100) // remove a random node, kill one, remove the leader
                .withSnapshotThreshold(SNAPSHOT_THRESHOLD));
        assertEquals(2, r.faults("membership"), "both membership windows were injected: " + r.line());
        assertEquals(1, r.faults("kill"), r.line());
        List<Op> history = JsonlHistory.read(Files.readString(r.dir().resolve("history.jsonl")), "history.jsonl");
        var readded = history.stream()
                .filter(op -> op.isNemesis() && op.f().equals("stop-membership"))
                .map(op -> (Map<?, ?>) op.value())
                .toList();
        assertEquals(2, readded.size(), "each removed node was added back: " + readded);
        for (var value : readded) {
            assertEquals(
                    List.of("n1", "n2", "n3"),
                    ((List<?>) value.get("voters")).stream().sorted().toList(),
                    "every node a voter again: " + value);
        }
        assertTrue(r.snapshots().taken() > 0, "nodes took snapshots: " + r.line());
        assertTrue(r.snapshots().installed() > 0, "a node added back or restarted installed a snapshot: " + r.line());
        assertEquals(Verdict.VALID, r.verdict(), r.line());
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

    /**
     * A leader that answers reads without confirming its leadership. A plain isolation rarely shows
     * it: check-quorum deposes the old leader about when the others can elect a new one. Frozen while
     * isolated, the old leader misses that moment; thawed, it answers reads from its own copy for up
     * to an election timeout while the new leader has taken writes.
     */
    @Test
    void staleReads_underAFrozenIsolatedLeader_areCaught() throws InterruptedException {
        var r = run(
                "unsafe-stale-reads", "partition-leader-frozen", "cas-register", List.of("--unsafe-stale-reads"), 201);
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
     * A client that times out after {@value #IMPATIENT_MS} ms leaves many writes with an unknown
     * outcome that still commit, and sends each again (same client id and sequence) to the next node;
     * leader kills add writes cut off mid-flight. Appends make a second apply visible for the rest of
     * the run as a duplicate element in the list.
     */
    private static RunResult impatientAppends(String name, List<String> flags, long seed) throws InterruptedException {
        return run(name, "kill-leader", "append", flags, seed, Duration.ofMillis(IMPATIENT_MS));
    }

    private static final long IMPATIENT_MS = 100;

    /** The control for the case below: with sessions, every retried append is applied once. */
    @Test
    void correctServer_retriedAppendsAfterTimeoutsAndLeaderKills_applyOnce() throws InterruptedException {
        var r = impatientAppends("retried-appends", List.of(), 105);
        assertTrue(r.info() > 0, "some writes ended with an unknown outcome: " + r.line());
        assertEquals(Verdict.VALID, r.verdict());
    }

    /**
     * Without sessions the server applies a retried append again: the checker finds the value twice
     * in one list.
     */
    @Test
    void noSessions_retriedAppends_areCaughtAsDuplicates() throws InterruptedException {
        var r = impatientAppends("unsafe-no-sessions", List.of("--unsafe-no-sessions"), 203);
        assertEquals(Verdict.INVALID, r.verdict());
        assertTrue(
                r.results().stream().anyMatch(c -> c.summary().contains("duplicate-elements")),
                "the anomaly is a duplicate: " + r.results());
    }
}
