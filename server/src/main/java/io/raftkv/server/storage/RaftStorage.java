package io.raftkv.server.storage;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.util.List;

/**
 * Durable Raft state: the log and the hard state. Blocking; call it from a worker thread, one caller
 * at a time.
 */
public interface RaftStorage extends AutoCloseable {

    /**
     * What survived: the hard state and the log, contiguous from index 1 or, after {@link #compact}
     * or {@link #reset}, from a later index.
     */
    record Recovered(HardState hardState, List<Entry> entries) {}

    /**
     * Reads the stored state, truncating a torn or corrupt tail of the log (a record that was never
     * fully written was never acknowledged).
     */
    Recovered load() throws IOException;

    /**
     * Like {@link #load()}, for a caller that holds a durable snapshot through {@code coveredIndex}
     * (§7): a stored commit index up to it is consistent even where the log ends earlier, as it does
     * after a crash while the log was being reset for that snapshot.
     */
    default Recovered load(long coveredIndex) throws IOException {
        return load();
    }

    /**
     * Saves {@code hardState} (when non-null, atomically) and appends {@code entries}, first removing
     * any stored entries at or after the first new entry's index. When this returns, all of it is
     * durable (fsync), unless the storage was opened with fsync disabled.
     */
    void persist(HardState hardState, List<Entry> entries) throws IOException;

    /**
     * Allows the storage to drop entries up to {@code upToIndex}, which a durable snapshot covers
     * (§7). It may keep some or all of them (whole segments are removed), never a later one. Keeping
     * everything is a valid implementation, and the default.
     */
    default void compact(long upToIndex) throws IOException {}

    /**
     * Discards the whole log, so that the next entry persisted has index {@code nextIndex}: for a
     * follower that installed a snapshot at {@code nextIndex - 1} that its log does not match (§7).
     * Save the snapshot first; a crash during the reset leaves a prefix of the old log, which the
     * caller reconciles with the snapshot on restart.
     */
    default void reset(long nextIndex) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot reset its log");
    }

    @Override
    void close() throws IOException;
}
