package io.raftkv.server.node;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.storage.RaftStorage;
import java.io.IOException;
import java.util.List;

/** A {@link RaftStorage} that times each {@link #persist} and counts its entries; otherwise the same. */
final class MeteredStorage implements RaftStorage {
    private final RaftStorage storage;
    private final NodeMetrics metrics;

    MeteredStorage(RaftStorage storage, NodeMetrics metrics) {
        this.storage = storage;
        this.metrics = metrics;
    }

    @Override
    public Recovered load() throws IOException {
        return storage.load();
    }

    @Override
    public Recovered load(long coveredIndex) throws IOException {
        return storage.load(coveredIndex);
    }

    @Override
    public void persist(HardState hardState, List<Entry> entries) throws IOException {
        long started = System.nanoTime();
        storage.persist(hardState, entries);
        metrics.persisted(System.nanoTime() - started, entries.size());
    }

    @Override
    public void compact(long upToIndex) throws IOException {
        storage.compact(upToIndex);
    }

    @Override
    public void reset(long nextIndex) throws IOException {
        storage.reset(nextIndex);
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }
}
