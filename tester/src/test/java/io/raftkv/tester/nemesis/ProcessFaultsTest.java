package io.raftkv.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Kills and pauses against a cluster that records them; a cluster without either refuses. */
class ProcessFaultsTest {
    private static final long ONE_HOUR_NANOS = 3_600_000_000_000L;

    @Test
    void restartKilled_restartsEachKilledNodeOnce() {
        var cluster = new RecordingCluster();
        var faults = new ProcessFaults(cluster);
        assertEquals(List.of("n1", "n3"), faults.kill(List.of("n1", "n3")));
        assertEquals(List.of("n1", "n3"), faults.restartKilled());
        assertEquals(List.of(), faults.restartKilled(), "nothing left to restart");
        assertEquals(List.of("kill n1", "kill n3", "restart n1", "restart n3"), cluster.events);
    }

    @Test
    void resumePaused_resumesAFrozenNodeBeforeItsThaw_andTheThawThenDoesNothing() {
        var cluster = new RecordingCluster();
        var faults = new ProcessFaults(cluster);
        faults.pause(List.of("n2"));
        faults.freezeFor("n1", ONE_HOUR_NANOS);
        assertEquals(List.of("n2", "n1"), faults.resumePaused());
        assertEquals(List.of(), faults.resumePaused());
        assertEquals(List.of("pause n2", "pause n1", "resume n2", "resume n1"), cluster.events);
    }

    @Test
    void aClusterThatCannotKillOrPause_refusesNamingItsBackend_andHasNothingToUndo() {
        var faults = new ProcessFaults(new MembershipNemesisTest.StubCluster());
        var kill = assertThrows(UnsupportedOperationException.class, () -> faults.kill(List.of("n1")));
        assertEquals("stub cluster cannot kill", kill.getMessage());
        var pause = assertThrows(UnsupportedOperationException.class, () -> faults.freezeFor("n1", ONE_HOUR_NANOS));
        assertEquals("stub cluster cannot pause", pause.getMessage());
        assertEquals(List.of(), faults.restartKilled());
        assertEquals(List.of(), faults.resumePaused());
    }
}
