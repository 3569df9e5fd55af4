package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;

/**
 * Which snapshot transfer a chunk or acknowledgement belongs to: the snapshot (index, term, size) a
 * leader sends in one of its terms. Resending the same snapshot in the same term continues the
 * transfer; anything else starts another.
 */
record SnapshotId(long term, long index, long snapshotTerm, long total) {
    static SnapshotId of(Message.InstallSnapshot m) {
        return new SnapshotId(
                m.term(),
                m.snapshot().index(),
                m.snapshot().term(),
                m.snapshot().data().length);
    }

    static SnapshotId of(Frame.SnapshotChunk c) {
        return new SnapshotId(c.term(), c.index(), c.snapshotTerm(), c.total());
    }

    static SnapshotId of(Frame.SnapshotAck a) {
        return new SnapshotId(a.term(), a.index(), a.snapshotTerm(), a.total());
    }
}
