package io.raftkv.server.node;

import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.storage.SnapshotMeta;
import io.raftkv.server.storage.SnapshotStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking half of a node's snapshots (§7): loading the latest one with the log that follows it
 * at start-up, writing one the node took, and storing one received from the leader. Every method
 * runs on a worker thread. The store is used under its own lock, because a snapshot being written in
 * the background may meet one arriving from the leader; the log storage is only touched from the
 * node's ordered worker queue.
 */
final class SnapshotFiles {
    private static final Logger log = LoggerFactory.getLogger(SnapshotFiles.class);

    /** What a node starts from: the latest snapshot (or null), the log after it and the state machine. */
    record Start(HardState hardState, Snapshot snapshot, List<Entry> log, KvStateMachine kv) {}

    private final SnapshotStore store; // null: this node takes and keeps no snapshots
    private final RaftStorage storage;
    private final int maxSessions;

    SnapshotFiles(SnapshotStore store, RaftStorage storage, int maxSessions) {
        this.store = store;
        this.storage = storage;
        this.maxSessions = maxSessions;
    }

    /**
     * Loads the latest snapshot and the log and fits them together. The log may still hold entries
     * the snapshot covers (compaction removes whole segments) and, after a crash while a leader's
     * snapshot was being installed, a prefix of an older log that the snapshot replaces, or no log at
     * all: then the log is reset to start right after the snapshot. The snapshot is read first, so
     * that the log's storage can judge the stored commit index against it before it changes a file.
     */
    Start recover() throws IOException {
        if (store == null) {
            RaftStorage.Recovered stored = storage.load();
            return new Start(stored.hardState(), null, stored.entries(), new KvStateMachine(maxSessions));
        }
        Optional<Snapshot> latest;
        synchronized (store) {
            latest = store.loadLatest();
        }
        RaftStorage.Recovered stored = storage.load(latest.map(Snapshot::index).orElse(0L));
        if (latest.isEmpty()) {
            return new Start(stored.hardState(), null, stored.entries(), new KvStateMachine(maxSessions));
        }
        Snapshot snapshot = latest.get();
        List<Entry> tail = after(stored.entries(), snapshot);
        if (tail == null) {
            log.warn("log does not continue snapshot {}; starting the log after it", snapshot);
            storage.reset(snapshot.index() + 1);
            tail = List.of();
        }
        KvStateMachine kv = KvStateMachine.restore(snapshot.data(), snapshot.payloadOffset(), maxSessions);
        if (kv.appliedIndex() != snapshot.index()) {
            throw new IOException("snapshot " + snapshot + " holds state at index " + kv.appliedIndex());
        }
        HardState hs = stored.hardState();
        if (snapshot.term() > hs.term()) {
            // A leader's snapshot is stored before the term that came with it (one Ready: install,
            // then persist), so a crash in between leaves a snapshot of a term the hard state has
            // not reached. The node was in that term or a later one, and cast no vote in it that is
            // not stored: adopting the term with no vote is what it would have persisted next.
            log.warn("snapshot {} is of a term above the stored term {}; adopting its term", snapshot, hs.term());
            hs = new HardState(snapshot.term(), null, hs.commit());
            storage.persist(hs, List.of());
        }
        return new Start(hs, snapshot, tail, kv);
    }

    /** The entries after the snapshot, or null if the log does not continue it. */
    private static List<Entry> after(List<Entry> entries, Snapshot snapshot) throws IOException {
        if (entries.isEmpty()) {
            return null;
        }
        long first = entries.getFirst().index();
        long last = entries.getLast().index();
        if (first > snapshot.index() + 1) {
            throw new IOException("the log starts at " + first + ", after a gap behind snapshot " + snapshot);
        }
        if (first == snapshot.index() + 1) {
            return entries; // written after the snapshot was taken or installed
        }
        if (last < snapshot.index()) {
            return null;
        }
        Entry at = entries.get((int) (snapshot.index() - first));
        if (at.term() != snapshot.term()) {
            return null;
        }
        return List.copyOf(entries.subList((int) (snapshot.index() - first) + 1, entries.size()));
    }

    /** Encodes a captured state with the membership as of its index and stores it durably. */
    Snapshot write(KvStateMachine.Image image, long term, Membership membership) throws IOException {
        var snapshot = new Snapshot(image.appliedIndex(), term, image.encode(Snapshot.header(membership)));
        synchronized (store) {
            store.save(snapshot);
        }
        return snapshot;
    }

    /**
     * How far the stored log may be compacted: up to the oldest snapshot kept, not the newest, so
     * that if the newest is found damaged at start-up the older one, with the log after it, still
     * makes a whole state (0 while there is none).
     */
    long compactableIndex() throws IOException {
        List<SnapshotMeta> kept;
        synchronized (store) {
            kept = store.list();
        }
        return kept.isEmpty() ? 0 : kept.getFirst().index();
    }

    /**
     * Stores a snapshot from the leader, then discards the log it replaces (Figure 13 steps 5-7), and
     * decodes it into a new state machine. The snapshot is durable before the log goes, so a crash in
     * between leaves the snapshot and a prefix of the old log, which {@link #recover()} reconciles.
     */
    KvStateMachine install(Snapshot snapshot) throws IOException {
        if (store == null) {
            throw new IOException("received snapshot " + snapshot + " but this node keeps no snapshots");
        }
        KvStateMachine kv = KvStateMachine.restore(snapshot.data(), snapshot.payloadOffset(), maxSessions);
        if (kv.appliedIndex() != snapshot.index()) {
            throw new IOException("snapshot " + snapshot + " holds state at index " + kv.appliedIndex());
        }
        synchronized (store) {
            store.save(snapshot);
        }
        storage.reset(snapshot.index() + 1);
        return kv;
    }
}
