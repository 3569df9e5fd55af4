package io.raftkv.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.nemesis.Fault.Targets;
import io.raftkv.tester.net.Partitions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nemesis against a cluster that only records what was done to it. */
class ClusterNemesisTest {

    @Test
    void killThenStop_restartsExactlyTheKilledNodes() {
        var cluster = new RecordingCluster();
        var nemesis = new ClusterNemesis(cluster);
        assertEquals(List.of("n2", "n3"), nemesis.start(new Fault.Kill(Targets.of(List.of("n2", "n3")))));
        assertEquals(List.of("n2", "n3"), nemesis.stop(new Fault.Kill(Targets.of(List.of("n2", "n3")))));
        assertEquals(List.of("kill n2", "kill n3", "restart n2", "restart n3"), cluster.events);
    }

    @Test
    void powerLoss_killsEveryTargetBeforeDroppingWhatTheyDidNotFsync_andStopRestartsThem() {
        var cluster = new RecordingCluster();
        var nemesis = new ClusterNemesis(cluster);
        var fault = new Fault.PowerLoss(Targets.of(List.of("n1", "n3")));
        assertEquals(List.of("n1", "n3"), nemesis.start(fault));
        assertEquals(List.of("n1", "n3"), nemesis.stop(fault));
        assertEquals(
                List.of("kill n1", "kill n3", "lose-unfsynced n1", "lose-unfsynced n3", "restart n1", "restart n3"),
                cluster.events);
    }

    @Test
    void powerLoss_isRefusedByAClusterWhoseDisksTakeNoFaults() {
        var cluster = new RecordingCluster();
        cluster.servedDisks = false;
        var nemesis = new ClusterNemesis(cluster);
        var e = assertThrows(
                UnsupportedOperationException.class,
                () -> nemesis.start(new Fault.PowerLoss(Targets.of(List.of("n2")))));
        assertTrue(e.getMessage().contains("the local or docker backend"), e.getMessage());
        assertEquals(List.of(), cluster.events);
    }

    @Test
    void partitionStart_appliesTheGrudge_andLeaderShapeIsolatesTheLeader() {
        var cluster = new RecordingCluster();
        var nemesis = new ClusterNemesis(cluster);
        var grudge = Partitions.isolate(cluster.nodes, "n3");
        assertEquals(grudge.toValue(), nemesis.start(new Fault.Partition("one", grudge)));
        nemesis.stop(new Fault.Partition("one", grudge));
        nemesis.start(new Fault.Partition("leader", null));
        assertEquals(
                List.of(
                        "partition " + grudge.drops(),
                        "heal",
                        "partition " + Partitions.isolate(cluster.nodes, "n1").drops()),
                cluster.events);
    }

    @Test
    void healAll_undoesEveryOpenFault_pausesFirst() {
        var cluster = new RecordingCluster();
        var nemesis = new ClusterNemesis(cluster);
        nemesis.start(new Fault.Pause(Targets.of(List.of("n1"))));
        nemesis.start(new Fault.Kill(Targets.of(List.of("n2"))));
        cluster.events.clear();
        nemesis.healAll();
        assertEquals(List.of("resume n1", "heal", "restart n2"), cluster.events);
        cluster.events.clear();
        nemesis.healAll();
        assertEquals(List.of("heal"), cluster.events, "nothing left to resume or restart");
    }

    @Test
    void frozenLeader_isIsolatedAndPaused_thenThawedWhileStillIsolated() throws InterruptedException {
        var cluster = new RecordingCluster();
        var nemesis = new ClusterNemesis(cluster);
        var fault = new Fault.FrozenLeader(50_000_000L);
        Object grudge = nemesis.start(fault);
        assertEquals(Map.of("n1", List.of("n2", "n3"), "n2", List.of("n1"), "n3", List.of("n1")), grudge);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!cluster.events.contains("resume n1") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(3, cluster.events.size(), cluster.events.toString());
        assertTrue(cluster.events.get(0).startsWith("partition"));
        assertEquals(List.of("pause n1", "resume n1"), cluster.events.subList(1, 3));
        nemesis.stop(fault);
        assertEquals("heal", cluster.events.getLast(), "stop heals; the node was already resumed");
        assertEquals(4, cluster.events.size());
    }
}
