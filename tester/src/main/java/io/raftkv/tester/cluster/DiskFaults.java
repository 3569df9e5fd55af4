package io.raftkv.tester.cluster;

/**
 * A cluster whose nodes' data directories are served by the disk-fault file system
 * ({@code io.raftkv.tester.disk}), so that what a node did not fsync can be lost, torn or damaged.
 * Every method throws {@link IllegalStateException} where the node's file system does not answer
 * or refuses, and {@link IllegalArgumentException} for a node with no served disk.
 */
public interface DiskFaults {

    /**
     * Drops everything {@code node} wrote and did not fsync, as a power loss does. Call it while the
     * node is down (killed). Returns what was dropped, in words.
     */
    String loseUnfsynced(String node);

    /**
     * A power loss while the disk was writing back: of what {@code node} did not fsync, a prefix
     * drawn from {@code seed} survives and the rest is dropped. Call it while the node is down.
     * Returns what was kept, in words.
     */
    String tear(String node, long seed);

    /**
     * Flips every bit of {@code length} bytes at a place drawn from {@code seed} among the content
     * {@code node} had fsynced. Call it while the node is down.
     */
    Corruption corrupt(String node, long seed, int length);

    /**
     * Flips back what {@link #corrupt} damaged on {@code node}, where the damaged bytes are still in
     * place; returns, range by range, what was restored and what was left (rewritten since, or gone).
     */
    String repair(String node);

    /** Makes the next fsync of {@code node} fail with EIO. */
    String armFsyncError(String node);

    /** Disarms an fsync error of {@code node} that has not fired; returns whether one was armed, in words. */
    String disarmFsyncError(String node);

    /** Bytes damaged by {@link #corrupt}: {@code file} relative to the node's data directory. */
    record Corruption(String file, long offset, int length) {
        /** Parses the file system's answer, {@code FILE OFFSET LEN}. */
        static Corruption parse(String answer) {
            String[] words = answer.trim().split(" ");
            if (words.length != 3) {
                throw new IllegalStateException(
                        "the disk-fault file system answered '" + answer + "', not FILE OFFSET LEN");
            }
            return new Corruption(words[0], Long.parseLong(words[1]), Integer.parseInt(words[2]));
        }
    }
}
