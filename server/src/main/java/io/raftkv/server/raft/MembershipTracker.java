package io.raftkv.server.raft;

/**
 * The membership in force (thesis §4.1) and the index of the entry it comes from: the last one in
 * the log, else the snapshot's, else the configured initial one. A change is in force as soon as
 * it is in the log, committed or not, so when entries are cut off an older one may be back.
 */
final class MembershipTracker {
    private final RaftCore core;
    private final Membership initial;
    private Membership current;
    private long index;

    MembershipTracker(RaftCore core, Membership initial) {
        this.core = core;
        this.initial = initial;
        refresh();
    }

    Membership current() {
        return current;
    }

    /** Index of the entry (or snapshot) that {@link #current()} comes from. */
    long index() {
        return index;
    }

    /** The membership as of log index {@code at} (for a snapshot taken there). */
    Membership at(long at) {
        RaftLog log = core.log;
        for (long i = Math.min(at, log.lastIndex()); i > log.snapshotIndex(); i--) {
            Entry e = log.entry(i);
            if (e.type() == EntryType.CONFIG) {
                return Membership.decode(e.data());
            }
        }
        return base();
    }

    /** Recomputes the membership from the log (after entries were appended or cut off). */
    void refresh() {
        RaftLog log = core.log;
        for (long i = log.lastIndex(); i > log.snapshotIndex(); i--) {
            Entry e = log.entry(i);
            if (e.type() == EntryType.CONFIG) {
                set(Membership.decode(e.data()), i);
                return;
            }
        }
        set(base(), log.snapshotIndex());
    }

    /** Appends a change to {@code next} in the current term; it is in force at once. */
    RaftCore.Proposal append(Membership next) {
        Entry e = new Entry(core.currentTerm, core.log.lastIndex() + 1, EntryType.CONFIG, next.encode());
        core.log.append(e);
        set(next, e.index());
        return new RaftCore.Proposal(e.index(), e.term());
    }

    private Membership base() {
        return core.snapshot != null ? core.snapshot.membership() : initial;
    }

    private void set(Membership next, long at) {
        current = next;
        index = at;
        Leader leader = core.leaderState();
        if (leader != null) {
            leader.syncMembers();
        }
    }
}
