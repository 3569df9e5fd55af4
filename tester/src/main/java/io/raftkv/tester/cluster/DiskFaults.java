package io.raftkv.tester.cluster;

/**
 * A cluster whose nodes' data directories are served by the disk-fault file system
 * ({@code io.raftkv.tester.disk}), so that what a node did not fsync can be lost.
 */
public interface DiskFaults {

    /**
     * Drops everything {@code node} wrote and did not fsync, as a power loss does. Call it while the
     * node is down (killed). Returns what was dropped, in words.
     *
     * @throws IllegalStateException where the node's file system does not answer
     */
    String loseUnfsynced(String node);
}
