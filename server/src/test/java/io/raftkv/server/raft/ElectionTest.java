package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message.VoteRequest;
import io.raftkv.server.raft.Message.VoteResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leader election: Raft §5.1, §5.2, §5.4.1 and the thesis' pre-vote (§9.6) and check-quorum (§6.2). */
class ElectionTest {

    @Test
    void when_followerTimesOut_then_itCampaignsAndAMajorityElectsIt() { // §5.2
        TestNetwork net = TestNetwork.of(3, TestNetwork::plain);
        net.tick("n1", 2 * 10); // randomized timeout is below 2 * electionTicks
        net.stabilize();
        assertEquals(List.of("n1"), net.leaders());
        assertEquals(1, net.core("n1").term());
        assertEquals("n1", net.core("n2").leader());
        assertEquals("n1", net.core("n3").leader());
    }

    @Test
    void when_singleNodeTimesOut_then_itLeadsAlone() { // §5.2
        TestNetwork net = TestNetwork.of(1);
        net.tick("n1", 20);
        assertEquals(Role.LEADER, net.core("n1").role());
    }

    @Test
    void when_candidateReachesNoMajority_then_itDoesNotLead() { // §5.2
        TestNetwork net = TestNetwork.of(5, TestNetwork::plain);
        net.isolate("n1");
        net.cut("n2", "n1");
        net.elect("n1");
        assertEquals(Role.CANDIDATE, net.core("n1").role());
        assertTrue(net.leaders().isEmpty());
    }

    @Test
    void when_twoCandidatesAskInOneTerm_then_eachVoterVotesOnce() { // §5.2
        TestNetwork net = TestNetwork.of(3, TestNetwork::plain);
        RaftCore voter = net.core("n3");
        voter.step(new VoteRequest("n1", "n3", 1, 0, 0, false));
        voter.step(new VoteRequest("n2", "n3", 1, 0, 0, false));
        List<VoteResponse> answers = net.node("n3").handleReady().stream()
                .map(VoteResponse.class::cast)
                .toList();
        assertEquals(
                List.of(true, false),
                answers.stream().map(VoteResponse::granted).toList());
        assertEquals("n1", net.node("n3").hardState.votedFor(), "the vote is persisted with the answer");
    }

    @Test
    void when_candidateLogIsLessUpToDate_then_voteIsDenied() { // §5.4.1
        TestNetwork net = TestNetwork.of(3, TestNetwork::plain);
        net.elect("n1");
        net.cut("n1", "n3");
        net.propose("n1", "x"); // n1 and n2 hold index 2, n3 does not
        net.recover();
        net.isolate("n1");
        net.elect("n3");
        assertEquals(Role.CANDIDATE, net.core("n3").role(), "n2's log is more up-to-date than n3's");
        net.elect("n2");
        assertEquals(Role.LEADER, net.core("n2").role());
    }

    @Test
    void when_leaderSeesHigherTerm_then_itStepsDown() { // §5.1
        TestNetwork net = TestNetwork.of(3, TestNetwork::plain);
        net.elect("n1");
        net.isolate("n1");
        net.elect("n2");
        net.recover();
        net.tick("n1", 1); // its heartbeat is answered with the higher term
        net.stabilize();
        assertEquals(Role.FOLLOWER, net.core("n1").role());
        assertEquals(net.core("n2").term(), net.core("n1").term());
        assertEquals(List.of("n2"), net.leaders());
    }

    @Test
    void when_requestCarriesStaleTerm_then_itIsRejected() { // §5.1
        TestNetwork net = TestNetwork.of(3, TestNetwork::plain);
        net.elect("n1");
        net.isolate("n1");
        net.elect("n2");
        net.core("n3").step(new VoteRequest("n1", "n3", 1, 10, 1, false));
        VoteResponse answer = (VoteResponse) net.node("n3").handleReady().getFirst();
        assertFalse(answer.granted());
        assertEquals(net.core("n3").term(), answer.term(), "the answer tells the sender the current term");
        assertEquals("n2", net.core("n3").leader());
    }

    @Test
    void when_partitionedNodeRejoins_then_preVoteKeepsItFromDisruptingTheLeader() { // thesis §9.6
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        long term = net.core("n1").term();
        net.isolate("n3");
        net.tickAll(100); // n3 times out again and again, but only pre-campaigns
        assertEquals(term, net.core("n3").term(), "pre-vote never raised the isolated node's term");
        net.recover();
        net.tickAll(30);
        assertEquals(List.of("n1"), net.leaders());
        assertEquals(term, net.core("n1").term());
        assertEquals("n1", net.core("n3").leader());
    }

    @Test
    void when_followerHeardFromLeaderRecently_then_itIgnoresVoteRequests() { // thesis §4.2.3
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.core("n2").step(new VoteRequest("n3", "n2", 5, 100, 5, false));
        net.core("n2").step(new VoteRequest("n3", "n2", 5, 100, 5, true));
        assertTrue(net.node("n2").handleReady().isEmpty());
        assertEquals(1, net.core("n2").term(), "the disruptive term was not adopted");
        assertEquals("n1", net.core("n2").votedFor(), "its vote of term 1 stands");
    }

    @Test
    void when_leaderLosesContactWithMajority_then_checkQuorumStepsItDown() { // thesis §6.2
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n1");
        net.tick("n1", 2 * 10);
        assertEquals(Role.FOLLOWER, net.core("n1").role());
        assertNull(net.core("n1").leader());
    }

    @Test
    void when_leaderHearsFromMajority_then_checkQuorumKeepsIt() { // thesis §6.2
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        net.tickAll(50);
        assertEquals(Role.LEADER, net.core("n1").role());
    }

    @Test
    void when_preVoteIsGranted_then_votersKeepTheirTermAndVote() { // thesis §9.6
        TestNetwork net = TestNetwork.of(3);
        RaftCore voter = net.core("n2");
        voter.step(new VoteRequest("n1", "n2", 1, 0, 0, true));
        VoteResponse answer = (VoteResponse) net.node("n2").handleReady().getFirst();
        assertTrue(answer.granted() && answer.preVote());
        assertEquals(0, voter.term());
        assertNull(voter.votedFor());
        assertFalse(net.core("n1").role() == Role.LEADER);
    }
}
