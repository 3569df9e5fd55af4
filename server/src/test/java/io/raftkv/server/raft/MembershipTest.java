package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Membership.Member;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Membership changes one server at a time (thesis ch. 4), learners and their promotion. */
class MembershipTest {

    private static Member learner(String id) {
        return new Member(id, id + ":9000", id + ":8000", false);
    }

    @Test
    void membershipRoundTripsAndRejectsGarbage() {
        Membership m = Membership.ofVoters(List.of("n1", "n2")).with(learner("n3"));
        assertEquals(m, Membership.decode(m.encode()));
        assertEquals(Set.of("n1", "n2"), m.voters());
        assertEquals(Set.of("n3"), m.learners());
        byte[] bytes = m.encode();
        assertThrows(IllegalArgumentException.class, () -> Membership.decode(new byte[] {9}));
        assertThrows(
                IllegalArgumentException.class,
                () -> Membership.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
        Snapshot s = Snapshot.of(7, 2, m, new byte[] {1, 2, 3});
        assertEquals(m, s.membership());
        assertEquals(3, s.data().length - s.payloadOffset());
    }

    @Test
    void singleServerChangesOnly() {
        Membership three = Membership.ofVoters(List.of("n1", "n2", "n3"));
        assertTrue(three.with(learner("n4")).isSingleChangeFrom(three));
        assertTrue(three.without("n3").isSingleChangeFrom(three));
        assertFalse(three.without("n3").without("n2").isSingleChangeFrom(three), "two voters at once");
        assertFalse(three.isSingleChangeFrom(three), "no change");
        Membership addressed = three.with(new Membership.Member("n1", "h1:7001", "h1:8001", true));
        assertTrue(addressed.isSingleChangeFrom(three), "addresses alone");
        assertFalse(addressed.with(learner("n4")).isSingleChangeFrom(three.without("n3")), "addresses and two members");
        Membership one = Membership.ofVoters(List.of("n1"));
        assertFalse(one.without("n1").isSingleChangeFrom(one), "no voter left");
    }

    @Test
    void aJoinerIsAddedAsLearnerCatchesUpAndIsPromoted() {
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        for (int i = 0; i < 5; i++) {
            net.propose("n1", "v" + i);
        }
        net.addJoiner("n4");
        net.tickAll(30);
        assertEquals(Role.FOLLOWER, net.core("n4").role(), "a node with no membership never campaigns");
        assertEquals(0, net.core("n4").term());

        RaftCore leader = net.core("n1");
        RaftCore.Proposal p = leader.proposeMembership(leader.membership().with(learner("n4")));
        assertNotNull(p);
        assertNull(leader.proposeMembership(leader.membership().without("n3")), "one change at a time");
        net.stabilize();
        net.tickAll(5);

        assertTrue(leader.membership().isVoter("n4"), "promoted once caught up: " + leader.membership());
        assertEquals(leader.membership(), net.core("n4").membership());
        assertEquals(net.node("n1").appliedCommands(), net.node("n4").appliedCommands());
        assertEquals("n4:9000", leader.membership().get("n4").raft());
    }

    @Test
    void learnersDoNotCountTowardCommitment() {
        TestNetwork net = TestNetwork.of(1);
        net.elect("n1");
        net.addJoiner("n2");
        RaftCore leader = net.core("n1");
        // Keep n2 a learner: its answers never arrive, so it never catches up.
        net.drop(m -> m.from().equals("n2"));
        leader.proposeMembership(leader.membership().with(learner("n2")));
        net.stabilize();
        var p = net.propose("n1", "x");
        assertEquals(p.index(), leader.commitIndex(), "the single voter commits alone");
        assertFalse(leader.membership().isVoter("n2"));
    }

    @Test
    void aRemovedLeaderStepsDownOnceItsRemovalCommitsAndTheOthersGoOn() {
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.propose("n1", "before");
        RaftCore old = net.core("n1");
        assertNotNull(old.proposeMembership(old.membership().without("n1")));
        net.stabilize();
        net.tickAll(2);
        assertEquals(Role.FOLLOWER, old.role());
        assertEquals(Set.of("n2", "n3"), net.core("n2").membership().voters());

        net.tickAll(60);
        assertEquals(1, net.leaders().size(), "the remaining voters elect a leader: " + net.leaders());
        String leader = net.leaders().getFirst();
        assertTrue(Set.of("n2", "n3").contains(leader));
        net.propose(leader, "after");
        assertEquals(List.of("before", "after"), net.node(leader).appliedCommands());
        assertEquals(Role.FOLLOWER, old.role(), "a removed node never campaigns again");
    }

    @Test
    void aTwoVoterChangeIsRefused() {
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        RaftCore leader = net.core("n1");
        assertThrows(
                IllegalArgumentException.class,
                () -> leader.proposeMembership(leader.membership().without("n2").without("n3")));
    }

    @Test
    void aNewLeaderMayNotChangeMembershipBeforeAnEntryOfItsTermCommits() { // thesis §4.1 fix
        TestNetwork net = TestNetwork.of(3);
        net.drop(m -> m instanceof Message.AppendResponse);
        net.elect("n1");
        RaftCore leader = net.core("n1");
        assertEquals(Role.LEADER, leader.role());
        assertFalse(leader.canChangeMembership(), "its no-op is not committed yet");
        assertNull(leader.proposeMembership(leader.membership().without("n3")));
        net.recover();
        net.tickAll(2);
        assertTrue(leader.canChangeMembership());
    }

    @Test
    void aSnapshotCarriesTheMembershipToANodeThatMissedItsEntry() { // §7 with chapter 4
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        RaftCore leader = net.core("n1");
        leader.proposeMembership(leader.membership().with(learner("n4")));
        net.addJoiner("n4");
        net.stabilize();
        net.tickAll(5);
        net.propose("n1", "y");
        TestNetwork.TestNode n1 = net.node("n1");
        Entry last = n1.applied.getLast();
        leader.compact(Snapshot.of(last.index(), last.term(), leader.membershipAt(last.index()), new byte[0]));
        net.recover();
        net.tickAll(10);
        assertTrue(net.node("n3").readies.stream().anyMatch(r -> r.snapshot() != null), "n3 got the snapshot");
        assertEquals(leader.membership(), net.core("n3").membership());
        assertTrue(net.core("n3").membership().isVoter("n4"));
    }

    @Test
    void aRemovedFollowerLearnsItsRemovalAndStaysQuiet() { // thesis §4.2.2
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        RaftCore leader = net.core("n1");
        leader.proposeMembership(leader.membership().without("n3"));
        net.stabilize();
        net.tickAll(3);
        RaftCore removed = net.core("n3");
        assertFalse(removed.membership().contains("n3"), "it got the entry that removed it");
        assertTrue(removed.membershipCommitted(), "and the commit index that covers it");
        long term = removed.term();
        net.tickAll(80);
        assertEquals(Role.FOLLOWER, removed.role());
        assertEquals(term, removed.term(), "it never campaigns");
        assertEquals(List.of("n1"), net.leaders());
        assertTrue(leader.matchIndexes().keySet().stream().noneMatch("n3"::equals), "the leader forgot it");
    }

    @Test
    void aNodeRemovedWhileDownThenAddedBackEmptyCatchesUp() {
        // An operator's repair of a node whose data was damaged: remove it, wipe it, add it again.
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        for (int i = 0; i < 5; i++) {
            net.propose("n1", "v" + i);
        }
        RaftCore leader = net.core("n1");
        assertNotNull(leader.proposeMembership(leader.membership().without("n3")));
        net.stabilize();
        net.tickAll(3);
        assertFalse(leader.membership().contains("n3"));
        assertTrue(leader.membershipCommitted());

        net.addJoiner("n3"); // the same id, no data
        net.recover();
        assertNotNull(leader.proposeMembership(leader.membership().with(learner("n3"))));
        net.stabilize();
        net.tickAll(5);
        net.stabilize();

        assertTrue(leader.membership().isVoter("n3"), "promoted once caught up: " + leader.membership());
        assertEquals(net.node("n1").appliedCommands(), net.node("n3").appliedCommands());
    }
}
