package io.raftkv.server.testing;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.storage.RaftStorage;
import java.util.ArrayList;
import java.util.List;

/** Storage in memory that survives a node's restart as long as the object is reused. */
public class MemoryStorage implements RaftStorage {
    private HardState hardState = HardState.EMPTY;
    private final List<Entry> entries = new ArrayList<>();

    @Override
    public synchronized Recovered load() {
        return new Recovered(hardState, List.copyOf(entries));
    }

    @Override
    public synchronized void persist(HardState hs, List<Entry> newEntries) {
        if (hs != null) {
            hardState = hs;
        }
        if (!newEntries.isEmpty()) {
            long first = newEntries.getFirst().index();
            while (!entries.isEmpty() && entries.getLast().index() >= first) {
                entries.removeLast();
            }
            entries.addAll(newEntries);
        }
    }

    @Override
    public void close() {}
}
