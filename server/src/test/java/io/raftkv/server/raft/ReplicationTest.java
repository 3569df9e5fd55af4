package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message.AppendRequest;
import io.raftkv.server.raft.Message.AppendResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log replication and commitment: Raft §5.3 and §5.4. */
class ReplicationTest {

    @Test
    void when_leaderTakesOffice_then_itAppendsANoopOfItsTerm() { // §5.4.2, §8
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        Entry first = net.node("n2").stored.getFirst();
        assertEquals(EntryType.NOOP, first.type());
        assertEquals(net.core("n1").term(), first.term());
        assertEquals(1, net.core("n1").commitIndex());
    }

    /**
     * A follower whose disk was wiped (or restored from an old backup) rejects the leader's
     * heartbeats for entries it once acknowledged. The leader must take that rejection at its word
     * rather than discard it as an old answer, and replicate the log to it again, without an election.
     */
    @Test
    void when_aFollowerLosesEntriesItAcknowledged_then_theLeaderReplicatesThemAgainAndKeepsLeading() {
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.propose("n1", "x");
        net.propose("n1", "y");
        net.tickAll(1);
        long term = net.core("n1").term();
        assertEquals(3, net.node("n3").stored.size());

        net.node("n3").preload(HardState.EMPTY, List.of());
        net.tickAll(5);

        assertEquals(net.node("n1").stored, net.node("n3").stored, "the wiped follower holds the log again");
        assertEquals(3, net.core("n3").commitIndex());
        assertEquals(List.of("n1"), net.leaders());
        assertEquals(term, net.core("n1").term(), "no election");
        assertEquals(
                List.of(new RaftCore.LostEntries("n3", 3)),
                net.core("n1").takeLostEntries(),
                "the leader tells what the follower lost");
        assertEquals(List.of(), net.core("n1").takeLostEntries(), "once");
    }

    @Test
    void when_majorityStoresAnEntry_then_itIsCommittedAndAppliedEverywhere() { // §5.3
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        RaftCore.Proposal p = net.propose("n1", "x");
        net.tickAll(1); // the next heartbeat carries the commit index to followers
        for (TestNetwork.TestNode n : net.nodes.values()) {
            assertEquals(List.of("x"), n.appliedCommands());
            assertEquals(p.index(), n.core.commitIndex());
        }
    }

    @Test
    void when_leaderAppendsToMinority_then_itCannotCommit() { // §5.3
        TestNetwork net = TestNetwork.of(5);
        net.elect("n1");
        net.isolate("n3");
        net.isolate("n4");
        net.isolate("n5");
        RaftCore.Proposal p = net.propose("n1", "x");
        assertEquals(p.index() - 1, net.core("n1").commitIndex(), "two of five is no majority");
        assertTrue(net.node("n1").appliedCommands().isEmpty());
        net.recover();
        net.tickAll(10); // the lost requests are noticed and sent again
        assertEquals(p.index(), net.core("n1").commitIndex());
    }

    @Test
    void when_leaderHasNotPersistedItsEntry_then_itsOwnCopyDoesNotCount() { // §5.3 with Ready
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        RaftCore leader = net.core("n1");
        leader.propose("x".getBytes(StandardCharsets.UTF_8));
        Ready r = leader.ready(); // handed out, not yet persisted
        leader.step(new AppendResponse(
                "n3", "n1", leader.term(), true, r.entries().getLast().index(), 0, 0, 0));
        assertEquals(1, leader.commitIndex(), "one follower plus an unpersisted leader copy is no majority");
        leader.advance(r);
        assertEquals(2, leader.commitIndex());
    }

    @Test
    void when_followerAcknowledges_then_theAckTravelsWithTheEntriesItCovers() { // §5.3, durability
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        RaftCore follower = net.core("n2");
        Entry e = new Entry(1, 2, EntryType.NORMAL, new byte[] {1});
        follower.step(new AppendRequest("n1", "n2", 1, 1, 1, List.of(e), 1, 0));
        Ready r = follower.ready();
        assertEquals(List.of(e), r.entries());
        AppendResponse ack = (AppendResponse) r.messages().getFirst();
        assertTrue(ack.success());
        assertEquals(2, ack.matchIndex());
    }

    @Test
    void when_followerCrashesBeforePersisting_then_itNeverAcknowledgedAndTheLeaderResends() { // §5.3
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        RaftCore follower = net.core("n2");
        long term = net.core("n1").term();
        follower.step(new AppendRequest(
                "n1", "n2", term, 1, term, List.of(new Entry(term, 2, EntryType.NORMAL, new byte[] {7})), 1, 0));
        assertTrue(follower.hasReady());
        net.node("n2").restart(); // crashed before the Ready was persisted: entry and ack are gone
        assertEquals(1, net.core("n2").lastIndex());
        net.core("n1").propose("x".getBytes(StandardCharsets.UTF_8));
        net.stabilize();
        net.tickAll(12);
        assertEquals(List.of("x"), net.node("n2").appliedCommands());
    }

    @Test
    void when_followerHasConflictingEntries_then_theLeaderOverwritesThem() { // §5.3
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n1");
        net.core("n1").propose("lost-1".getBytes(StandardCharsets.UTF_8));
        net.core("n1").propose("lost-2".getBytes(StandardCharsets.UTF_8));
        net.stabilize();
        net.tickAll(40); // n1 steps down (check-quorum); n2 or n3 takes over
        net.propose(net.leaders().getFirst(), "kept");
        net.recover();
        net.tickAll(40);
        for (TestNetwork.TestNode n : net.nodes.values()) {
            assertEquals(List.of("kept"), n.appliedCommands(), n.config.id());
        }
        assertEquals(net.node("n2").stored, net.node("n1").stored);
    }

    @Test
    void when_appendRequestArrivesLateOrTwice_then_theFollowerKeepsLaterEntries() { // §5.3 step 3
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        RaftCore follower = net.core("n2");
        Entry e2 = new Entry(1, 2, EntryType.NORMAL, new byte[] {2});
        Entry e3 = new Entry(1, 3, EntryType.NORMAL, new byte[] {3});
        follower.step(new AppendRequest("n1", "n2", 1, 1, 1, List.of(e2, e3), 1, 0));
        follower.step(new AppendRequest("n1", "n2", 1, 1, 1, List.of(e2), 1, 0)); // delayed duplicate
        assertEquals(3, follower.lastIndex());
        List<Message> acks = net.node("n2").handleReady().stream().toList();
        assertEquals(
                List.of(3L, 2L),
                acks.stream().map(m -> ((AppendResponse) m).matchIndex()).toList());
    }

    @Test
    void when_followerDivergesOverManyEntries_then_fastBackoffSkipsWholeTerms() { // §5.3 end
        TestNetwork net = TestNetwork.of(3, TestNetwork::plain);
        net.node("n1").preload(new HardState(3, null, 1), log(1, 1, 1, 3, 2, 60));
        net.node("n2").preload(new HardState(3, null, 1), log(1, 1, 1, 3, 2, 60));
        net.node("n3").preload(new HardState(2, null, 1), log(1, 1, 1, 2, 2, 40));
        net.elect("n1");
        long rejections = net.delivered.stream()
                .filter(m -> m instanceof AppendResponse r
                        && !r.success()
                        && r.from().equals("n3"))
                .count();
        assertEquals(2, rejections, "one for the short log, one for the whole conflicting term");
        assertEquals(net.node("n1").stored, net.node("n3").stored);
    }

    /** Entries {@code from..to} of {@code term}, after entries {@code 1..} of earlier runs. */
    private static List<Entry> log(long... runs) {
        List<Entry> out = new java.util.ArrayList<>();
        for (int i = 0; i < runs.length; i += 3) {
            for (long idx = runs[i + 1]; idx <= runs[i + 2]; idx++) {
                out.add(new Entry(runs[i], idx, EntryType.NORMAL, new byte[0]));
            }
        }
        return out;
    }

    @Test
    void when_manyEntriesArePending_then_theyGoInBatchesWithinTheInflightWindow() { // flow control
        TestNetwork net = TestNetwork.of(2, c -> new RaftConfig(c.id(), c.peers(), 10, 1, true, true, 3, 4));
        net.elect("n1");
        RaftCore leader = net.core("n1");
        for (int i = 0; i < 40; i++) {
            leader.propose(new byte[] {(byte) i});
        }
        List<Message> sent = leader.ready().messages();
        assertEquals(3, sent.size(), "at most maxInflight requests in flight");
        for (Message m : sent) {
            assertEquals(4, ((AppendRequest) m).entries().size(), "batches of maxBatchEntries");
        }
    }

    @Test
    void when_restartedNodeReappliesALongLog_then_itComesInBoundedReadies() { // Figure 2 lastApplied
        TestNetwork net = TestNetwork.of(3);
        net.node("n1").preload(new HardState(1, null, 5000), log(1, 1, 5000));
        RaftCore core = net.core("n1");
        Ready first = core.ready();
        core.advance(first);
        Ready second = core.ready();
        assertEquals(4096, first.committed().size());
        assertEquals(5000, second.committed().getLast().index());
    }

    @Test
    void when_notLeader_then_proposalIsRefused() { // §5.1: only the leader appends
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        assertNull(net.core("n2").propose(new byte[] {1}));
    }
}
