package io.raftkv.server.node;

import io.raftkv.server.raft.Snapshot;

/**
 * When this node takes a snapshot (§7), and what it has: the index and size of the latest snapshot,
 * how many it took and installed. A snapshot is due once {@code threshold} entries were applied
 * since the latest; one is written at a time; after a failed write the next try waits for another
 * threshold's worth of entries. Pure bookkeeping, used on the node's context only.
 */
final class SnapshotPolicy {
    private final long threshold;
    private long index;
    private long bytes;
    private long taken;
    private long installed;
    private boolean writing;
    private long nextAttempt;

    /** @param threshold entries applied between snapshots; 0 never takes one */
    SnapshotPolicy(long threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold must not be negative, got " + threshold);
        }
        this.threshold = threshold;
    }

    /** Whether to start a snapshot now that {@code applied} entries are applied. */
    boolean due(long applied) {
        return threshold > 0 && !writing && applied - index >= threshold && applied >= nextAttempt;
    }

    /** A snapshot at {@code applied} is being written: no other is due until it ends. */
    void writing() {
        writing = true;
    }

    /** The write of the snapshot at {@code applied} failed: retry once a threshold more is applied. */
    void failed(long applied) {
        writing = false;
        nextAttempt = applied + threshold;
    }

    /**
     * The snapshot at {@code applied} of {@code size} bytes is durable. Returns whether it is the
     * newest, so the log may be compacted up to it; false when a leader's newer snapshot was installed
     * while it was written.
     */
    boolean written(long applied, long size) {
        writing = false;
        if (applied <= index) {
            return false;
        }
        index = applied;
        bytes = size;
        taken++;
        return true;
    }

    /** A leader's snapshot replaced the state machine. */
    void installed(Snapshot snapshot) {
        recovered(snapshot);
        installed++;
        nextAttempt = 0;
    }

    /** The snapshot the node started from. */
    void recovered(Snapshot snapshot) {
        index = snapshot.index();
        bytes = snapshot.data().length;
    }

    long index() {
        return index;
    }

    long bytes() {
        return bytes;
    }

    long taken() {
        return taken;
    }

    long installed() {
        return installed;
    }
}
