package io.raftkv.tester.fault;

import static io.raftkv.tester.fault.FaultAssertions.assertFailover;
import static io.raftkv.tester.fault.FaultAssertions.assertFaultsBit;
import static io.raftkv.tester.fault.FaultAssertions.assertRecheckAgrees;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.checker.graph.GraphChecker;
import io.raftkv.tester.history.JsonlHistory;
import io.raftkv.tester.history.Op;
import io.raftkv.tester.run.RunResult;
import io.raftkv.tester.run.RunSpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault suite: 3 containers, 32 s runs with 21 s of faults each. The correct server must come
 * out valid under every nemesis, and every case proves that its faults bit ({@link
 * FaultAssertions}): the faults of the run's own schedule injected and healed by kind, clients served
 * in every healed gap, and a failover wherever a fault hit the leader. Each unsafe switch must be
 * caught (invalid, with the anomaly it causes) by a nemesis and workload that expose it, and each
 * has a control: the safe server under the same seed and nemesis is valid. Each case prints its
 * verdict and run folder.
 *
 * <p>{@code --unsafe-no-fsync} has no case here: skipping fsync loses data only when the machine
 * loses its page cache (power loss, kernel crash), and SIGKILL of a process or {@code docker kill}
 * of a container keeps it. {@link PowerLossIT} catches it on both backends, with the nodes' disks
 * served by the rig's disk-fault file system.
 */
@Tag("fault")
class FaultSuiteIT {

    @BeforeAll
    static void engine() {
        Runs.requireDocker();
    }

    private static RunResult run(String name, String nemesis, String workload, List<String> flags, long seed) {
        return run(Runs.spec("docker", name, nemesis, workload, flags, seed));
    }

    private static RunResult run(RunSpec spec) {
        RunResult r = Runs.run(spec);
        assertEquals("docker", r.backend());
        assertTrue(
                r.schedule().faultNanos() >= 20e9,
                "at least 20 s of faults: " + r.schedule().describe());
        assertFaultsBit(r);
        assertRecheckAgrees(r);
        return r;
    }

    @Test
    void correctServer_underPartitions_failsOver_isValid() {
        var r = run("fault-partition", "partition-leader,partition", "cas-register", List.of(), 101);
        assertFailover(r);
        assertEquals(Verdict.VALID, r.verdict(), r.line());
    }

    @Test
    void correctServer_underKills_failsOver_isValid() {
        var r = run("fault-kill", "kill-leader,kill", "cas-register", List.of(), 102);
        assertFailover(r);
        assertEquals(Verdict.VALID, r.verdict(), r.line());
    }

    /**
     * Every 100 applied entries each node snapshots and compacts its log. A node killed or cut off
     * for 7 s misses several hundred entries (a few snapshots' worth) and finds them compacted on the
     * leader: it can only catch up by InstallSnapshot, in every one of the three fault windows.
     */
    @Test
    void correctServer_withSmallSnapshotThreshold_underKillsAndPartitions_installsSnapshots_isValid() {
        var r = run(
                Runs.spec("docker", "fault-snapshots", "kill-one,partition-one", "cas-register", List.of(), 110)
                        .toBuilder()
                        .snapshotThreshold(SNAPSHOT_THRESHOLD)
                        .build());
        assertTrue(r.faults("kill") > 0 && r.faults("partition") > 0, "kills and partitions: " + r.line());
        assertTrue(r.nodeLogs().taken() > 0, "nodes took snapshots: " + r.line());
        assertTrue(r.nodeLogs().installed() > 0, "a lagging node installed a leader's snapshot: " + r.line());
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
                .toBuilder()
                .snapshotThreshold(SNAPSHOT_THRESHOLD)
                .build());
        assertEquals(2, r.faults("membership"), "both membership windows were injected: " + r.line());
        assertEquals(1, r.faults("kill"), r.line());
        assertFailover(r);
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
        assertTrue(r.nodeLogs().taken() > 0, "nodes took snapshots: " + r.line());
        assertTrue(r.nodeLogs().installed() > 0, "a node added back or restarted installed a snapshot: " + r.line());
        assertEquals(Verdict.VALID, r.verdict(), r.line());
    }

    @Test
    void correctServer_underPauses_failsOver_isValid() {
        var r = run("fault-pause", "pause", "cas-register", List.of(), 103); // pauses the leader for 7 s once
        assertFailover(r);
        assertEquals(Verdict.VALID, r.verdict(), r.line());
    }

    @Test
    void correctServer_underMixedFaults_withAppends_failsOver_isValid() {
        var r = run("fault-mix-append", "partition,kill,pause", "append", List.of(), 104);
        assertFailover(r);
        assertEquals(Verdict.VALID, r.verdict(), r.line());
    }

    /**
     * An unsafe switch must be caught, and its catch must be the switch's doing: the safe server
     * under the same seed, nemesis and workload is valid (so the checker does not see this anomaly
     * in correct histories of this shape), and the unsafe run shows the anomaly the switch causes.
     */
    private static void assertCaught(RunSpec unsafe, String flag, Anomaly expected) {
        var control = run(unsafe.toBuilder()
                .name(unsafe.name() + "-control")
                .serverFlags(List.of())
                .build());
        assertEquals(Verdict.VALID, control.verdict(), "the control, without " + flag + ": " + control.line());
        var r = run(unsafe.toBuilder().serverFlags(List.of(flag)).build());
        assertEquals(Verdict.INVALID, r.verdict(), flag + " is caught: " + r.line());
        var found = r.results().stream().flatMap(c -> Anomaly.of(c).stream()).toList();
        assertTrue(found.contains(expected), "expected " + expected + ", found " + found + ": " + r.results());
    }

    /**
     * A leader that answers reads without confirming its leadership. A plain isolation rarely shows
     * it: check-quorum deposes the old leader about when the others can elect a new one. Frozen while
     * isolated, the old leader misses that moment; thawed, it answers reads from its own copy for up
     * to an election timeout while the new leader has taken appends that completed before those reads
     * began.
     */
    @Test
    void staleReads_underAFrozenIsolatedLeader_areCaught() {
        assertCaught(
                Runs.spec("docker", "unsafe-stale-reads", "partition-leader-frozen", "append", List.of(), 201),
                "--unsafe-stale-reads",
                new Anomaly(GraphChecker.NAME, Anomaly.STALE_READ, "read"));
    }

    /**
     * An isolated leader acknowledges appends it can never commit; the new leader's log wins, and no
     * read ever holds them. A plain isolation leaves it about one election timeout before it steps
     * down, often with no append sent its way. Here it is frozen while isolated and thawed still cut
     * off, and its clients wait out the freeze (a 10 s timeout), so the appends they sent are
     * acknowledged when it thaws, believing it still leads.
     */
    @Test
    void ackBeforeCommit_underAFrozenIsolatedLeader_isCaught() {
        var spec = Runs.spec("docker", "unsafe-ack-before-commit", "partition-leader-frozen", "append", List.of(), 202)
                .toBuilder()
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        assertCaught(spec, "--unsafe-ack-before-commit", new Anomaly(GraphChecker.NAME, Anomaly.LOST_WRITE, "append"));
    }

    /**
     * A client that times out after {@value #IMPATIENT_MS} ms leaves many appends with an unknown
     * outcome that still commit, and sends each again (same client id and sequence) to the next node;
     * leader kills add appends cut off mid-flight. Without sessions the server applies a retried
     * append again: the value is in the list twice for the rest of the run. The control, with
     * sessions, applies every retried append once. (A retry waits at least a second, so that a
     * loaded machine, slower than 100 ms, still settles appends in every healed gap.)
     */
    @Test
    void noSessions_retriedAppends_areCaughtAsDuplicates() {
        var spec = Runs.spec("docker", "unsafe-no-sessions", "kill-leader", "append", List.of(), 203).toBuilder()
                .requestTimeout(Duration.ofMillis(IMPATIENT_MS))
                .build();
        assertCaught(spec, "--unsafe-no-sessions", new Anomaly(GraphChecker.NAME, Anomaly.DUPLICATE, "read"));
    }

    private static final long IMPATIENT_MS = 100;
}
