package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message.AppendRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Linearizable reads by ReadIndex (Raft thesis §6.4). */
class ReadIndexTest {

    @Test
    void when_majorityConfirmsLeadership_then_readIsServedAtTheCommitIndex() { // thesis §6.4
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        RaftCore.Proposal p = net.propose("n1", "x");
        net.core("n1").readIndex(7);
        net.stabilize();
        assertEquals(List.of(new ReadState(7, p.index(), true)), net.node("n1").readStates);
    }

    @Test
    void when_leaderIsCutOffFromMajority_then_readIsNotConfirmed_andFailsWhenItStepsDown() { // §6.4
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n1");
        net.core("n1").readIndex(1);
        net.stabilize();
        net.tick("n1", 5);
        assertTrue(net.node("n1").readStates.isEmpty(), "no quorum, no answer yet");
        net.tick("n1", 20); // check-quorum deposes it
        assertEquals(List.of(new ReadState(1, 0, false)), net.node("n1").readStates);
    }

    @Test
    void when_oneFollowerAnswers_then_thatIsAMajorityOfThree() { // §6.4
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        net.core("n1").readIndex(1);
        net.stabilize();
        assertEquals(1, net.node("n1").readStates.size());
        assertTrue(net.node("n1").readStates.getFirst().ok());
    }

    @Test
    void when_newLeaderHasNotCommittedInItsTerm_then_readWaitsForIt() { // §6.4 step 1
        TestNetwork net = TestNetwork.of(3);
        net.drop(m -> m instanceof AppendRequest a && !a.entries().isEmpty()); // the no-op cannot spread
        net.elect("n1");
        assertEquals(Role.LEADER, net.core("n1").role());
        net.core("n1").readIndex(1);
        net.stabilize();
        assertTrue(net.node("n1").readStates.isEmpty(), "the no-op is not committed yet");
        net.recover();
        net.tickAll(2);
        assertEquals(List.of(new ReadState(1, 1, true)), net.node("n1").readStates);
    }

    @Test
    void when_askingAFollower_then_readIsRefusedAtOnce() { // §6.4: only the leader serves reads
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.core("n2").readIndex(3);
        net.process("n2");
        assertEquals(List.of(new ReadState(3, 0, false)), net.node("n2").readStates);
    }

    @Test
    void when_clusterHasOneNode_then_readIsConfirmedWithoutMessages() { // §6.4
        TestNetwork net = TestNetwork.of(1);
        net.elect("n1");
        net.core("n1").readIndex(9);
        net.process("n1");
        assertEquals(List.of(new ReadState(9, 1, true)), net.node("n1").readStates);
    }

    @Test
    void when_newerLeaderCommittedWrites_then_oldLeaderCannotServeAStaleRead() { // §6.4, §8
        TestNetwork net = TestNetwork.of(3, TestNetwork::plain);
        net.elect("n1");
        net.isolate("n1");
        net.elect("n2");
        RaftCore.Proposal p = net.propose("n2", "new");
        net.core("n1").readIndex(1);
        net.stabilize();
        net.recover();
        net.tick("n1", 1);
        net.stabilize();
        assertEquals(List.of(new ReadState(1, 0, false)), net.node("n1").readStates);
        net.core("n2").readIndex(2);
        net.stabilize();
        assertEquals(List.of(new ReadState(2, p.index(), true)), net.node("n2").readStates);
    }
}
