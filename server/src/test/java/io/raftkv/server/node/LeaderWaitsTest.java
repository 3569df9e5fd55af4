package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class LeaderWaitsTest {
    private final ManualTimers timers = new ManualTimers();
    private final LeaderWaits waits = new LeaderWaits(timers);

    @Test
    void aLeaderAnswersEveryAnyLeaderWaitButOnlyItsOwnTransfer() {
        Future<String> any = waits.anyLeader(100);
        Future<String> toN2 = waits.transferTo("n2", 100, () -> "n1");
        Future<String> toN3 = waits.transferTo("n3", 100, () -> "n1");
        waits.leaderIs(null);
        assertFalse(any.isComplete());
        waits.leaderIs("n2");
        assertEquals("n2", any.result());
        assertEquals("n2", toN2.result());
        assertFalse(toN3.isComplete());
        assertEquals(1, timers.pending());
    }

    @Test
    void aTransferThatDoesNotFinishFailsNamingTheLeaderThen() {
        String[] leader = {"n1"};
        Future<String> moved = waits.transferTo("n2", 250, () -> leader[0]);
        leader[0] = "n3";
        timers.fireAll();
        NodeException e = (NodeException) moved.cause();
        assertEquals(NodeException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("within 250 ms; the leader is n3"), e.getMessage());
        waits.leaderIs("n2"); // too late: answered once
        assertTrue(moved.failed());
    }

    @Test
    void anyLeaderTimesOutUnavailable() {
        Future<String> any = waits.anyLeader(40);
        timers.fireAll();
        assertTrue(any.cause().getMessage().contains("no leader after 40 ms"));
    }

    @Test
    void failAllFailsEveryWait() {
        Future<String> any = waits.anyLeader(100);
        Future<String> moved = waits.transferTo("n2", 100, () -> null);
        waits.failAll(NodeException.unavailable("stopping"));
        assertTrue(any.failed());
        assertTrue(moved.failed());
        assertEquals(0, timers.pending());
    }
}
