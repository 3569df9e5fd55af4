package io.raftkv.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message.AppendRequest;
import io.raftkv.server.raft.Message.TimeoutNow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leadership transfer with TimeoutNow (Raft thesis §3.10). */
class LeadershipTransferTest {

    @Test
    void when_leaderHandsOverToAnUpToDateFollower_then_itLeadsTheNextTerm() { // thesis §3.10
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        long term = net.core("n1").term();
        assertTrue(net.core("n1").transferLeadership("n3"));
        net.stabilize();
        assertEquals(List.of("n3"), net.leaders());
        assertEquals(term + 1, net.core("n3").term());
        assertEquals("n3", net.core("n1").leader(), "despite check-quorum's leader stickiness");
    }

    @Test
    void when_targetLagsBehind_then_itIsCaughtUpBeforeItIsToldToCampaign() { // thesis §3.10 step 2
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        net.propose("n1", "x");
        net.recover();
        net.core("n1").transferLeadership("n3");
        net.stabilize();
        TimeoutNow order = net.delivered.stream()
                .filter(m -> m instanceof TimeoutNow)
                .map(TimeoutNow.class::cast)
                .findFirst()
                .orElseThrow();
        int orderAt = net.delivered.indexOf(order);
        assertTrue(net.delivered.subList(0, orderAt).stream()
                .anyMatch(m -> m instanceof AppendRequest a
                        && a.to().equals("n3")
                        && !a.entries().isEmpty()));
        assertEquals(List.of("n3"), net.leaders());
        net.tickAll(1);
        assertEquals(List.of("x"), net.node("n3").appliedCommands());
    }

    @Test
    void when_transferIsUnderway_then_proposalsAreRefused_untilItIsAbandoned() { // thesis §3.10 step 1
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        net.isolate("n3");
        net.core("n1").propose(new byte[] {1});
        net.stabilize();
        net.core("n1").transferLeadership("n3");
        assertNull(net.core("n1").propose(new byte[] {2}));
        net.tick("n1", 10); // an election timeout later the transfer is abandoned
        assertEquals(Role.LEADER, net.core("n1").role());
        assertNotNull(net.core("n1").propose(new byte[] {3}));
    }

    @Test
    void when_targetIsNotAnotherMember_then_transferIsRefused() {
        TestNetwork net = TestNetwork.of(3);
        net.elect("n1");
        assertFalse(net.core("n1").transferLeadership("n1"));
        assertFalse(net.core("n1").transferLeadership("n9"));
        assertFalse(net.core("n2").transferLeadership("n3"), "only a leader can hand over");
    }
}
