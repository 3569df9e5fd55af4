package io.raftkv.server.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated server: durable storage (what was persisted through Ready and advance), a core
 * that may be down, a trivial state machine (the applied entries) and a Ready that may be taken
 * but not yet persisted (lost if the node crashes first).
 */
final class SimNode {
    final String id;
    final RaftConfig config;
    HardState hardState = HardState.EMPTY;
    Snapshot storedSnapshot;
    /** Stored entries after the snapshot. */
    final List<Entry> stored = new ArrayList<>();

    RaftCore core;
    Ready pending;
    final List<Entry> applied = new ArrayList<>();
    /** Commit index last observed, for the monotonicity check. */
    long observedCommit;

    long restartAt = -1;
    /** Last state printed in debug mode. */
    String debugState;
    /** Snapshots received from a leader and installed. */
    long installs;
    /** Snapshots taken of this node's own state machine. */
    long compactions;
    /** Applied entries already checked against the committed ones. */
    int checkedApplied;
    /** Applied index last observed, for the monotonicity check; reset only when a restart rebuilds. */
    long observedApplied;
    /** Index of a snapshot installed since the invariants last looked, else -1. */
    long installedSince = -1;

    SimNode(RaftConfig config, long seed) {
        this.id = config.id();
        this.config = config;
        this.core = new RaftCore(config, hardState, List.of(), new SplittableRandom(seed));
    }

    boolean up() {
        return core != null;
    }

    void crash(long restartAt) {
        core = null;
        pending = null; // handed out but never persisted: lost
        this.restartAt = restartAt;
    }

    void restart(long seed) {
        core = new RaftCore(config, hardState, storedSnapshot, List.copyOf(stored), new SplittableRandom(seed));
        applied.clear(); // the state machine is rebuilt from the snapshot and the log
        if (storedSnapshot != null) {
            applied.addAll(SimSnapshots.contents(storedSnapshot));
        }
        checkedApplied = 0;
        observedApplied = applied.size();
        installedSince = -1;
        observedCommit = core.commitIndex();
        restartAt = -1;
    }

    /** Takes the next Ready; it is done later by {@link #finishReady}. */
    void takeReady() {
        if (pending == null && core.hasReady()) {
            pending = core.ready();
        }
    }

    /** Persists, then returns the messages to send; applies and advances. */
    List<Message> finishReady(List<ReadState> readsOut) {
        Ready r = pending;
        pending = null;
        if (r.hardState() != null) {
            hardState = r.hardState();
        }
        if (r.snapshot() != null) {
            storedSnapshot = r.snapshot();
            stored.clear();
            installs++;
        }
        if (!r.entries().isEmpty()) {
            long first = r.entries().getFirst().index();
            if (first > storedLastIndex() + 1) {
                throw new AssertionError(id + ": Ready entries start at " + first + " after " + storedLastIndex());
            }
            while (!stored.isEmpty() && stored.getLast().index() >= first) {
                stored.removeLast();
            }
            stored.addAll(r.entries());
        }
        if (r.snapshot() != null) {
            installedSince = installedSince < 0
                    ? r.snapshot().index()
                    : Math.min(installedSince, r.snapshot().index());
            applied.clear();
            applied.addAll(SimSnapshots.contents(r.snapshot()));
        }
        applied.addAll(r.committed());
        readsOut.addAll(r.readStates());
        core.advance(r);
        return r.messages();
    }

    private long storedLastIndex() {
        if (!stored.isEmpty()) {
            return stored.getLast().index();
        }
        return storedSnapshot == null ? 0 : storedSnapshot.index();
    }

    /** Snapshots the state machine if the log grew by {@code threshold} since the last snapshot. */
    void maybeCompact(int threshold) {
        long index = applied.size();
        long from = storedSnapshot == null ? 0 : storedSnapshot.index();
        if (threshold <= 0 || index - from < threshold || index > core.log.persistedIndex()) {
            return;
        }
        Snapshot snap = SimSnapshots.take(applied, core.membershipAt(index));
        storedSnapshot = snap;
        stored.removeIf(e -> e.index() <= index);
        core.compact(snap);
        compactions++;
    }
}
