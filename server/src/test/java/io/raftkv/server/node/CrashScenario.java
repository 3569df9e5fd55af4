package io.raftkv.server.node;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.FileOpRecorder;
import io.raftkv.server.storage.FileRaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A scenario of {@link StorageCrashPointTest}: drives the real log, hard state and snapshots as a
 * node does (the snapshots inside the data directory, as the server lays them out) and keeps a model
 * of what each call that returned promised.
 */
final class CrashScenario {
    /** What had been acknowledged at one point: storage calls that returned, and their effect. */
    record Acked(int ops, long term, String vote, long snapshot, TreeMap<Long, Entry> log) {}

    final FileRaftStorage storage;
    final SnapshotStore store;
    final SnapshotFiles files;
    final FileOpRecorder recorder;
    final List<Acked> acked = new ArrayList<>();
    /** Every entry ever committed, by index: a committed entry never changes (§5.4). */
    final TreeMap<Long, Entry> committed = new TreeMap<>();

    long term;
    String vote;
    long commit;
    long snapshot;
    final TreeMap<Long, Entry> log = new TreeMap<>();

    CrashScenario(Path root, StorageOptions options, FileOpRecorder recorder) throws IOException {
        this.recorder = recorder;
        storage = new FileRaftStorage(root.resolve("data"), options);
        store = new SnapshotStore(root.resolve("data").resolve("snapshots"), 2, true);
        files = new SnapshotFiles(store, storage, 10);
        files.recover();
        ack();
    }

    void persist(HardState hs, List<Entry> entries) throws IOException {
        storage.persist(hs, entries);
        if (!entries.isEmpty()) {
            log.tailMap(entries.getFirst().index(), true).clear();
            entries.forEach(e -> log.put(e.index(), e));
        }
        term = hs.term();
        vote = hs.votedFor();
        commit = Math.max(commit, hs.commit());
        for (long i = Math.max(snapshot + 1, 1); i <= hs.commit(); i++) {
            Entry e = log.get(i);
            Entry before = committed.putIfAbsent(i, e);
            if (before != null && !before.equals(e)) {
                throw new IllegalStateException("scenario changes committed entry " + i);
            }
        }
        ack();
    }

    void install(Snapshot s) throws IOException {
        files.install(s);
        snapshot = s.index();
        log.clear();
        ack();
    }

    void save(Snapshot s) throws IOException {
        store.save(s);
        snapshot = s.index();
        ack();
    }

    /** Compacts the log as the node does after a snapshot. */
    void compact() throws IOException {
        storage.compact(files.compactableIndex());
        ack();
    }

    long lastIndex() {
        return log.isEmpty() ? snapshot : Math.max(snapshot, log.lastKey());
    }

    private void ack() {
        acked.add(new Acked(recorder.size(), term, vote, snapshot, new TreeMap<>(log)));
    }

    static byte[] put(long i, int size) {
        return Codec.encode(new Command(null, 0, new Command.Put("k" + i, "v".repeat(size))));
    }

    static List<Entry> entries(long term, long from, long to, int size) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new Entry(term, i, EntryType.NORMAL, put(i, size)));
        }
        return out;
    }

    static Snapshot snapshot(long index, long term) {
        KvStateMachine kv = new KvStateMachine(10);
        for (long i = 1; i <= index; i++) {
            kv.apply(i, put(i, 4));
        }
        return Snapshot.of(index, term, Membership.ofVoters(List.of("n1")), kv.snapshot());
    }
}
