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

    /** What survived: the hard state and the log, contiguous from index 1. */
    record Recovered(HardState hardState, List<Entry> entries) {}

    /**
     * Reads the stored state, truncating a torn or corrupt tail of the log (a record that was never
     * fully written was never acknowledged).
     */
    Recovered load() throws IOException;

    /**
     * Saves {@code hardState} (when non-null, atomically) and appends {@code entries}, first removing
     * any stored entries at or after the first new entry's index. When this returns, all of it is
     * durable (fsync), unless the storage was opened with fsync disabled.
     */
    void persist(HardState hardState, List<Entry> entries) throws IOException;

    @Override
    void close() throws IOException;
}
