package io.raftkv.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.nemesis.Fault.Targets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The disk faults other than power loss, against a cluster that only records what was done to it. */
class StorageFaultsTest {
    private final RecordingCluster cluster = new RecordingCluster();
    private final ClusterNemesis nemesis = new ClusterNemesis(cluster);

    @Test
    void tornWrite_killsTheNodeBeforeTearingWithTheFaultsSeed_andStopRestartsIt() {
        var fault = new Fault.TornWrite(Targets.of(List.of("n2")), 77);
        assertEquals(Map.of("node", "n2", "torn", "kept 1 of 2 pages"), nemesis.start(fault));
        assertEquals(List.of("n2"), nemesis.stop(fault));
        assertEquals(List.of("kill n2", "torn n2 77", "restart n2"), cluster.events);
    }

    @Test
    void corrupt_damagesAKilledNodeAndStartsItAtOnce_stopRepairsItWhileDown() {
        var fault = new Fault.Corrupt(Targets.of(List.of("n3")), 5);
        assertEquals(
                Map.of("node", "n3", "file", "log/1.seg", "offset", 100L, "length", StorageFaults.CORRUPT_LENGTH),
                nemesis.start(fault));
        assertEquals(List.of("kill n3", "corrupt n3 5 4", "restart n3"), cluster.events);
        cluster.events.clear();

        cluster.exited.add("n3"); // it refused to start
        @SuppressWarnings("unchecked")
        var healed = (Map<String, Object>) nemesis.stop(fault);

        assertEquals(true, healed.get("stopped"));
        assertEquals("ERROR n3 stopped", healed.get("error"));
        assertEquals("restored log/1.seg 100 4", healed.get("repair"));
        assertEquals(List.of("repair n3", "restart n3"), cluster.events, "nothing to kill: it had exited");
    }

    @Test
    void corrupt_aRunningNodeIsKilledBeforeTheRepair() {
        var fault = new Fault.Corrupt(Targets.of(List.of("n1")), 5);
        nemesis.start(fault);
        cluster.events.clear();
        @SuppressWarnings("unchecked")
        var healed = (Map<String, Object>) nemesis.stop(fault);
        assertEquals(false, healed.get("stopped"));
        assertEquals(List.of("kill n1", "repair n1", "restart n1"), cluster.events);
    }

    @Test
    void corrupt_neverDamagesASecondNodeWhileOneIsNotRepaired() {
        nemesis.start(new Fault.Corrupt(Targets.of(List.of("n1")), 5));
        cluster.events.clear();
        var e = assertThrows(
                IllegalStateException.class, () -> nemesis.start(new Fault.Corrupt(Targets.of(List.of("n2")), 6)));
        assertTrue(e.getMessage().contains("n1 is still corrupted"), e.getMessage());
        assertEquals(List.of(), cluster.events, "n2 untouched");

        nemesis.healAll();
        assertTrue(
                cluster.events.containsAll(List.of("kill n1", "repair n1", "restart n1")), cluster.events.toString());
        nemesis.start(new Fault.Corrupt(Targets.of(List.of("n2")), 6)); // repaired: allowed now
    }

    @Test
    void corrupt_takesExactlyOneNamedNode() {
        assertThrows(IllegalArgumentException.class, () -> new Fault.Corrupt(Targets.of(List.of("n1", "n2")), 1));
        assertThrows(IllegalArgumentException.class, () -> new Fault.Corrupt(Targets.leaderOnly(), 1));
        assertThrows(IllegalArgumentException.class, () -> new Fault.Corrupt(Targets.of(List.of()), 1));
    }

    @Test
    void fsyncError_thatStoppedTheNode_isDisarmedAndTheNodeRestarted() {
        var fault = new Fault.FsyncError(Targets.of(List.of("n2")));
        assertEquals(List.of("n2"), nemesis.start(fault));
        cluster.exited.add("n2"); // the fsync failed, the node stopped itself

        var healed = nemesis.stop(fault);

        assertEquals(
                List.of(Map.of("node", "n2", "fired", true, "stopped", true, "error", "ERROR n2 stopped")), healed);
        assertEquals(List.of("fsync-error n2", "fsync-error off n2", "restart n2"), cluster.events);
    }

    @Test
    void fsyncError_thatNeverFired_isDisarmedAndTheNodeLeftRunning() {
        var fault = new Fault.FsyncError(Targets.of(List.of("n1")));
        nemesis.start(fault);
        cluster.disarmAnswer = "disarmed the fsync error before it fired";
        assertEquals(List.of(Map.of("node", "n1", "fired", false, "stopped", false)), nemesis.stop(fault));
        assertEquals(List.of("fsync-error n1", "fsync-error off n1"), cluster.events);
    }

    @Test
    void diskFaults_areRefusedByAClusterWhoseDisksTakeNoFaults() {
        cluster.servedDisks = false;
        for (Fault f : List.of(
                new Fault.TornWrite(Targets.leaderOnly(), 1),
                new Fault.Corrupt(Targets.of(List.of("n1")), 1),
                new Fault.FsyncError(Targets.of(List.of("n1"))))) {
            var e = assertThrows(UnsupportedOperationException.class, () -> nemesis.start(f));
            assertTrue(e.getMessage().contains("the local or docker backend"), e.getMessage());
        }
        assertEquals(List.of(), cluster.events);
    }
}
