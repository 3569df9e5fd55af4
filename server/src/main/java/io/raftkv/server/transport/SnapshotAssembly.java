package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.Snapshot;

/**
 * Puts an InstallSnapshot back together from the {@link Frame.SnapshotChunk}s of one connection.
 * Chunks of a transfer arrive in order (one TCP stream), possibly with other frames between them; a
 * chunk at offset 0 starts a transfer, and one that does not continue the current transfer abandons
 * it (the leader sends the snapshot again, §7).
 */
final class SnapshotAssembly {
    /** Largest snapshot accepted, so a bad total cannot make this node allocate without bound. */
    static final long MAX_SNAPSHOT_BYTES = 1L << 30;

    private Frame.SnapshotChunk first;
    private byte[] data;
    private long received;

    /** Adds {@code c}; returns the whole message when {@code c} completes one, else null. */
    Message.InstallSnapshot add(Frame.SnapshotChunk c) throws FrameException {
        if (c.total() < 0 || c.total() > MAX_SNAPSHOT_BYTES) {
            throw new FrameException("SnapshotChunk: total " + c.total() + " outside 0.." + MAX_SNAPSHOT_BYTES);
        }
        if (c.index() < 1 || c.snapshotTerm() < 1) {
            throw new FrameException(
                    "SnapshotChunk: snapshot index " + c.index() + " and term " + c.snapshotTerm() + " must be >= 1");
        }
        if (c.offset() < 0 || c.offset() + c.data().length > c.total()) {
            throw new FrameException("SnapshotChunk: " + c.data().length + " bytes at offset " + c.offset()
                    + " do not fit in " + c.total());
        }
        if (c.offset() == 0) {
            first = c;
            data = new byte[(int) c.total()];
            received = 0;
        } else if (first == null || !continues(c)) {
            abandon();
            return null;
        }
        System.arraycopy(c.data(), 0, data, (int) c.offset(), c.data().length);
        received += c.data().length;
        if (received < first.total()) {
            return null;
        }
        var message = new Message.InstallSnapshot(
                first.from(),
                first.to(),
                first.term(),
                new Snapshot(first.index(), first.snapshotTerm(), data),
                first.readContext());
        abandon();
        return message;
    }

    private boolean continues(Frame.SnapshotChunk c) {
        return c.offset() == received
                && c.total() == first.total()
                && c.index() == first.index()
                && c.snapshotTerm() == first.snapshotTerm()
                && c.term() == first.term()
                && c.from().equals(first.from())
                && c.to().equals(first.to());
    }

    private void abandon() {
        first = null;
        data = null;
        received = 0;
    }
}
