package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message.AppendRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raft §5.4.2, Figure 8: an entry of an earlier term stored on a majority can still be overwritten,
 * so a leader must not commit it by counting replicas.
 */
class Figure8Test {

    @Test
    void when_leaderReplicatesAnEarlierTermsEntryToAMajority_then_itIsNotCommitted_andMayBeOverwritten() {
        TestNetwork net = TestNetwork.of(5, c -> new RaftConfig(c.id(), c.peers(), 10, 1, false, false, 8, 1));
        // (a) s1 leads and replicates an entry to s2 only.
        net.elect("n1");
        net.isolate("n3");
        net.isolate("n4");
        net.isolate("n5");
        RaftCore.Proposal old = net.propose("n1", "old");
        assertEquals(2, old.index());
        // (b) s5 is elected by s3, s4, s5 and appends an entry of its term that nobody else gets.
        net.recover();
        net.isolate("n1");
        net.cut("n2", "n5");
        net.drop(m -> m instanceof AppendRequest a
                && a.from().equals("n5")
                && !a.entries().isEmpty());
        net.elect("n5");
        assertEquals(Role.LEADER, net.core("n5").role());
        assertEquals(2, net.core("n5").lastIndex());
        // (c) s5 is down; s1 is elected again and brings s3 its old entry, which now sits on a majority
        // (s1, s2, s3), but not its own no-op.
        net.node("n5").restart();
        net.node("n1").restart();
        net.recover();
        net.isolate("n5");
        // Every request that would store s1's new entry somewhere is lost.
        net.drop(m -> m instanceof AppendRequest a
                && a.from().equals("n1")
                && a.entries().stream().anyMatch(e -> e.term() > old.term())
                && net.core(a.to()).log.matches(a.prevLogIndex(), a.prevLogTerm()));
        electUntilLeader(net, "n1");
        for (String id : List.of("n1", "n2", "n3")) {
            assertEquals(old.term(), net.node(id).stored.get(1).term(), id + " holds the old entry");
        }
        assertEquals(1, net.core("n1").commitIndex(), "an earlier term's entry is never committed by counting");
        // (d) s1 crashes; s5's log (last term higher) wins s2, s3, s4 and overwrites index 2.
        net.node("n1").restart();
        net.recover();
        net.isolate("n1");
        electUntilLeader(net, "n5");
        net.tickAll(2);
        for (String id : List.of("n2", "n3", "n4", "n5")) {
            assertTrue(net.node(id).appliedCommands().isEmpty(), id + " applied nothing of the old entry");
            assertEquals(net.node("n5").stored.get(1), net.node(id).stored.get(1));
        }
        assertTrue(net.core("n5").commitIndex() >= 2);
    }

    /** A candidate that meets voters of a later term learns it and tries again. */
    private static void electUntilLeader(TestNetwork net, String id) {
        for (int attempt = 0; attempt < 3 && net.core(id).role() != Role.LEADER; attempt++) {
            net.elect(id);
        }
        assertEquals(Role.LEADER, net.core(id).role());
    }
}
