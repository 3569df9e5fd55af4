package io.raftkv.server.node;

import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's key-value state machine and what goes into it: committed entries one by one, answering
 * the writes waiting for them, or a leader's snapshot that replaces it whole. Remembers the term of
 * the last applied entry, which a snapshot taken now records. Used on the node's context only.
 */
final class StateMachineApplier {
    private static final Logger log = LoggerFactory.getLogger(StateMachineApplier.class);

    private final PendingWrites writes;
    private final SnapshotPolicy snapshots;
    private KvStateMachine kv;
    private long lastAppliedTerm;

    StateMachineApplier(KvStateMachine kv, PendingWrites writes, SnapshotPolicy snapshots) {
        this.kv = kv;
        this.writes = writes;
        this.snapshots = snapshots;
    }

    /** The state machine as applied so far; a new one after {@link #start} or {@link #install}. */
    KvStateMachine kv() {
        return kv;
    }

    /** The term of the entry at {@code kv().appliedIndex()}. */
    long lastAppliedTerm() {
        return lastAppliedTerm;
    }

    /**
     * Starts from recovered state: the snapshot's state machine, then the log's entries after it up
     * to {@code commit} re-applied.
     */
    void start(SnapshotFiles.Start recovered, long commit) {
        kv = recovered.kv();
        if (recovered.snapshot() != null) {
            snapshots.recovered(recovered.snapshot());
            lastAppliedTerm = recovered.snapshot().term();
        }
        for (Entry e : recovered.log()) {
            if (e.index() > commit) {
                break;
            }
            apply(e);
        }
    }

    /** Applies a committed entry and answers the write waiting for it; one applied already is skipped. */
    void apply(Entry e) {
        if (e.index() <= kv.appliedIndex()) {
            return; // already re-applied from the log at start-up
        }
        lastAppliedTerm = e.term();
        KvStateMachine.Outcome outcome = null;
        if (e.type() != EntryType.NORMAL) {
            kv.applyNoop(e.index()); // no-ops and memberships: the core acted on them already
        } else {
            outcome = kv.apply(e.index(), e.data());
        }
        writes.applied(e, outcome);
    }

    /** Replaces the state machine by a leader's snapshot, which is already durable (§7). */
    void install(Snapshot snapshot, KvStateMachine restored) {
        kv = restored;
        lastAppliedTerm = snapshot.term();
        snapshots.installed(snapshot);
        // Proposals at covered indexes came from an earlier leadership; their fate is in the snapshot.
        writes.failThrough(snapshot.index(), NodeException.indeterminate("replaced by the leader's snapshot"));
        log.info("installed the leader's snapshot {}", snapshot);
    }
}
