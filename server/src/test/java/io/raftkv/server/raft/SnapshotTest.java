package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message.InstallSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log compaction and InstallSnapshot (Raft §7). */
class SnapshotTest {

    private static Snapshot snapshotOf(TestNetwork.TestNode n) {
        Entry last = n.applied.getLast();
        return Snapshot.of(
                last.index(), last.term(), n.core.membershipAt(last.index()), "state".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void when_followerNeedsCompactedEntries_then_theLeaderSendsItsSnapshot() { // §7
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        for (int i = 0; i < 5; i++) {
            net.propose("n1", "v" + i);
        }
        Snapshot snap = snapshotOf(net.node("n1"));
        net.core("n1").compact(snap);
        net.propose("n1", "after");
        net.recover();
        net.tickAll(12);
        assertTrue(net.delivered.stream()
                .anyMatch(m -> m instanceof InstallSnapshot s && s.snapshot().equals(snap)));
        TestNetwork.TestNode n3 = net.node("n3");
        Ready installed = n3.readies.stream()
                .filter(r -> r.snapshot() != null)
                .findFirst()
                .orElseThrow();
        assertEquals(snap, installed.snapshot());
        assertEquals(net.core("n1").lastIndex(), net.core("n3").lastIndex());
        assertEquals(net.core("n1").commitIndex(), net.core("n3").commitIndex());
        assertEquals(List.of("after"), n3.appliedCommands(), "entries after the snapshot are applied");
    }

    @Test
    void when_snapshotCoversOnlyAppliedEntries_then_compactionIsAccepted_otherwiseIgnored() { // §7
        TestNetwork net = TestNetwork.of(1);
        net.elect("n1");
        net.propose("n1", "x");
        RaftCore core = net.core("n1");
        long applied = net.node("n1").applied.size();
        core.compact(Snapshot.of(applied + 1, core.term(), core.membership(), new byte[0])); // not applied yet: ignored
        assertEquals(0, core.log.snapshotIndex());
        core.compact(snapshotOf(net.node("n1")));
        assertEquals(applied, core.log.snapshotIndex());
        assertEquals(applied, core.lastIndex());
    }

    @Test
    void when_nodeRestartsFromASnapshot_then_itAppliesOnlyLaterEntries() { // §7
        TestNetwork net = TestNetwork.of(1);
        net.elect("n1");
        net.propose("n1", "a");
        TestNetwork.TestNode n1 = net.node("n1");
        Snapshot snap = snapshotOf(n1);
        RaftCore restarted = new RaftCore(n1.config, n1.hardState, snap, List.of(), new java.util.SplittableRandom(1));
        assertEquals(snap.index(), restarted.commitIndex());
        assertEquals(snap.index(), restarted.lastIndex());
        restarted.tick();
        for (int i = 0; i < 30 && restarted.role() != Role.LEADER; i++) {
            restarted.tick();
        }
        assertEquals(Role.LEADER, restarted.role());
        Ready r = restarted.ready();
        assertTrue(r.committed().isEmpty(), "nothing at or below the snapshot is applied again");
        assertNotNull(r.hardState());
    }
}
