package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.ReadState;
import org.junit.jupiter.api.Test;

class PendingReadsTest {
    private final ManualTimers timers = new ManualTimers();
    private final PendingReads reads = new PendingReads(timers, 1000);

    @Test
    void aConfirmedReadWaitsUntilItsIndexIsApplied() {
        PendingReads.Started r = reads.start();
        reads.confirmed(new ReadState(r.id(), 7, true), "n1");
        reads.applied(6);
        assertFalse(r.index().isComplete());
        reads.applied(7);
        assertEquals(7L, r.index().result());
        assertEquals(0, reads.size());
        assertEquals(0, timers.pending());
    }

    @Test
    void readsCompleteInIndexOrderAsApplyAdvances() {
        PendingReads.Started late = reads.start();
        PendingReads.Started early = reads.start();
        assertNotEquals(late.id(), early.id());
        reads.confirmed(new ReadState(late.id(), 9, true), "n1");
        reads.confirmed(new ReadState(early.id(), 3, true), "n1");
        reads.applied(5);
        assertTrue(early.index().succeeded());
        assertFalse(late.index().isComplete());
        assertEquals(1, reads.size());
    }

    @Test
    void aRefusedReadFailsNotLeaderNamingTheLeader() {
        PendingReads.Started r = reads.start();
        reads.confirmed(new ReadState(r.id(), 0, false), "n2");
        NodeException e = (NodeException) r.index().cause();
        assertEquals(NodeException.Kind.NOT_LEADER, e.kind());
        assertEquals("n2", e.leader());
    }

    @Test
    void aReadNotConfirmedOrNotAppliedInTimeIsUnavailable() {
        PendingReads.Started unconfirmed = reads.start();
        PendingReads.Started unapplied = reads.start();
        reads.confirmed(new ReadState(unapplied.id(), 4, true), "n1");
        timers.fireAll();
        assertEquals(
                NodeException.Kind.UNAVAILABLE,
                ((NodeException) unconfirmed.index().cause()).kind());
        assertEquals(
                NodeException.Kind.UNAVAILABLE,
                ((NodeException) unapplied.index().cause()).kind());
        assertEquals(0, reads.size());
    }

    @Test
    void failAllFailsBothStagesAndForgetsThem() {
        PendingReads.Started a = reads.start();
        PendingReads.Started b = reads.start();
        reads.confirmed(new ReadState(b.id(), 4, true), "n1");
        reads.failAll(NodeException.notLeader(null));
        assertTrue(a.index().failed());
        assertTrue(b.index().failed());
        assertEquals(0, reads.size());
        reads.confirmed(new ReadState(a.id(), 1, true), "n1"); // a late answer changes nothing
        assertEquals(0, reads.size());
    }
}
