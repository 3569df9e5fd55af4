package io.raftkv.server.raft;

import java.util.List;

/**
 * Everything the core wants done, as data. The node must, in this order:
 *
 * <ol>
 *   <li>persist {@code hardState} (if non-null), {@code snapshot} (if non-null) and {@code entries}
 *       durably (fsync) — a snapshot replaces the whole stored log; the first of {@code entries} may
 *       have an index at or below the stored last index, in which case the stored suffix from that
 *       index on is replaced;
 *   <li>only then send {@code messages} (votes and acknowledgements depend on what was persisted);
 *   <li>restore the state machine from {@code snapshot} (if non-null), apply {@code committed} to it
 *       in order, and answer {@code readStates};
 *   <li>call {@link RaftCore#advance(Ready)}.
 * </ol>
 */
public record Ready(
        HardState hardState,
        List<Entry> entries,
        List<Message> messages,
        List<Entry> committed,
        List<ReadState> readStates,
        SoftState softState,
        Snapshot snapshot) {

    /** A Ready without a snapshot to install. */
    public Ready(
            HardState hardState,
            List<Entry> entries,
            List<Message> messages,
            List<Entry> committed,
            List<ReadState> readStates,
            SoftState softState) {
        this(hardState, entries, messages, committed, readStates, softState, null);
    }

    public boolean isEmpty() {
        return hardState == null
                && snapshot == null
                && entries.isEmpty()
                && messages.isEmpty()
                && committed.isEmpty()
                && readStates.isEmpty();
    }
}
