package io.raftkv.server.transport;

import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.Snapshot;

/**
 * Puts an InstallSnapshot back together from {@link Frame.SnapshotChunk}s. A transfer is one
 * snapshot of one leader's term ({@link SnapshotId}); it survives reconnections, so a sender that
 * lost its connection resumes where the receiver's acknowledgements left off. A chunk that starts
 * at or before the end of what is held continues the transfer (a resumed sender may send a little
 * again); a chunk at offset 0 of another snapshot starts a new transfer in its place; any other
 * chunk (past a gap, or of another snapshot) is ignored, and {@link #held()} tells the sender where
 * to resume.
 */
final class SnapshotAssembly {
    /** Largest snapshot accepted, so a bad total cannot make this node allocate without bound. */
    static final long MAX_SNAPSHOT_BYTES = 1L << 30;

    private Frame.SnapshotChunk first;
    private SnapshotId id;
    private byte[] data;
    private long received;
    private long held;

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
        SnapshotId cid = SnapshotId.of(c);
        boolean continues = cid.equals(id) && c.from().equals(first.from()) && c.offset() <= received;
        if (!continues && c.offset() == 0) {
            first = c;
            id = cid;
            data = new byte[(int) c.total()];
            received = 0;
        } else if (!continues) {
            held = cid.equals(id) && c.from().equals(first.from()) ? received : 0;
            return null;
        }
        System.arraycopy(c.data(), 0, data, (int) c.offset(), c.data().length);
        received = Math.max(received, c.offset() + c.data().length);
        held = received;
        if (received < first.total()) {
            return null;
        }
        var message = new Message.InstallSnapshot(
                first.from(),
                first.to(),
                first.term(),
                new Snapshot(first.index(), first.snapshotTerm(), data),
                first.readContext());
        first = null;
        id = null;
        data = null;
        received = 0;
        return message;
    }

    /**
     * Bytes held, from the start, of the snapshot of the chunk last added (all of it if that chunk
     * completed it; 0 if another snapshot is being assembled): what the sender is told.
     */
    long held() {
        return held;
    }
}
