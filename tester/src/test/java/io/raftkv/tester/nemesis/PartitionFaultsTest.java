package io.raftkv.tester.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.tester.net.Partitions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Partitions go to the cluster's network as grudges and are recorded as their value. */
class PartitionFaultsTest {

    @Test
    void isolate_cutsTheNodeFromEveryOther_andHealRestoresAll() {
        var cluster = new RecordingCluster();
        var faults = new PartitionFaults(cluster);
        Object value = faults.isolate("n2");
        assertEquals(Map.of("n2", List.of("n1", "n3"), "n1", List.of("n2"), "n3", List.of("n2")), value);
        faults.heal();
        assertEquals(
                List.of("partition " + Partitions.isolate(cluster.nodes, "n2").drops(), "heal"), cluster.events);
    }
}
