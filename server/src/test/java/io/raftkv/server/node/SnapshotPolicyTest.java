package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Snapshot;
import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {
    private final SnapshotPolicy policy = new SnapshotPolicy(100);

    @Test
    void dueOnceAThresholdOfEntriesWasAppliedSinceTheLatest() {
        assertFalse(policy.due(99));
        assertTrue(policy.due(100));
        policy.writing();
        assertFalse(policy.due(500), "one snapshot at a time");
        assertTrue(policy.written(100, 42));
        assertFalse(policy.due(199));
        assertTrue(policy.due(200));
        assertEquals(100, policy.index());
        assertEquals(42, policy.bytes());
        assertEquals(1, policy.taken());
    }

    @Test
    void afterAFailedWriteTheNextTryWaitsAnotherThreshold() {
        policy.writing();
        policy.failed(150);
        assertFalse(policy.due(249));
        assertTrue(policy.due(250));
        assertEquals(0, policy.taken());
    }

    @Test
    void aLeadersNewerSnapshotInstalledMeanwhileWins() {
        policy.writing();
        policy.installed(new Snapshot(300, 4, new byte[10]));
        assertFalse(policy.written(120, 42), "older than the installed snapshot");
        assertEquals(300, policy.index());
        assertEquals(10, policy.bytes());
        assertEquals(0, policy.taken());
        assertEquals(1, policy.installed());
    }

    @Test
    void installingClearsTheRetryWait() {
        policy.writing();
        policy.failed(150); // next try at 250
        policy.installed(new Snapshot(120, 4, new byte[10]));
        assertTrue(policy.due(220));
    }

    @Test
    void recoveryStartsCountingFromTheSnapshotWithoutCountingIt() {
        policy.recovered(new Snapshot(1000, 3, new byte[7]));
        assertFalse(policy.due(1099));
        assertTrue(policy.due(1100));
        assertEquals(0, policy.installed());
        assertEquals(7, policy.bytes());
    }

    @Test
    void aZeroThresholdNeverSnapshotsAndANegativeOneIsRefused() {
        assertFalse(new SnapshotPolicy(0).due(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy(-1));
    }
}
