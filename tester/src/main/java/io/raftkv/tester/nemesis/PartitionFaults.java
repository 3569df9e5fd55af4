package io.raftkv.tester.nemesis;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.net.Grudge;
import io.raftkv.tester.net.Partitions;

/** Network partitions through the cluster's {@link io.raftkv.tester.net.Net}. */
final class PartitionFaults {
    private final Cluster cluster;

    PartitionFaults(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Applies {@code grudge}; returns it as recorded in the history. */
    Object apply(Grudge grudge) {
        cluster.net().apply(grudge);
        return grudge.toValue();
    }

    /** Cuts {@code node} off from every other node; returns the grudge as recorded. */
    Object isolate(String node) {
        return apply(Partitions.isolate(cluster.nodes(), node));
    }

    /** Restores every link. */
    void heal() {
        cluster.net().heal();
    }
}
