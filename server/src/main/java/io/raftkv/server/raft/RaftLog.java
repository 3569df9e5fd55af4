package io.raftkv.server.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory log (§5.3) plus what the core knows about its durability. Entries up to {@link
 * #persistedIndex()} are on disk; entries after {@link #handedOutIndex()} still have to be given to
 * the node in a {@link Ready}. Entries up to {@link #snapshotIndex()} were compacted into a
 * snapshot (§7): only the last one's term is still known. Index 0 has term 0.
 */
final class RaftLog {
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long snapshotIndex;
    private long snapshotTerm;
    private long persisted;
    private long handedOut;

    /** Restores a log from storage: all of it is durable; {@code stored} follows the snapshot. */
    RaftLog(Snapshot snapshot, List<Entry> stored) {
        if (snapshot != null) {
            snapshotIndex = snapshot.index();
            snapshotTerm = snapshot.term();
        }
        for (Entry e : stored) {
            if (e.index() != lastIndex() + 1) {
                throw new IllegalArgumentException("log not contiguous from " + (snapshotIndex + 1) + " at " + e);
            }
            if (!entries.isEmpty() && e.term() < lastTerm()) {
                throw new IllegalArgumentException("log terms decrease at " + e);
            }
            entries.add(e);
        }
        persisted = handedOut = lastIndex();
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** Term of the entry at {@code index}; 0 for index 0; -1 when the log does not hold it. */
    long term(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return entry(index).term();
    }

    /** The entry at {@code index}, which must lie after the snapshot. */
    Entry entry(long index) {
        return entries.get((int) (index - snapshotIndex) - 1);
    }

    boolean matches(long index, long term) {
        return term(index) == term;
    }

    /** Entries {@code from..to} inclusive (empty when from > to). */
    List<Entry> slice(long from, long to) {
        if (from > to) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (from - snapshotIndex) - 1, (int) (to - snapshotIndex)));
    }

    /** Election restriction (§5.4.1): is a log ending at (index, term) at least as up-to-date? */
    boolean isUpToDate(long index, long term) {
        return term > lastTerm() || (term == lastTerm() && index >= lastIndex());
    }

    void append(Entry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalStateException("append " + e + " after " + lastIndex());
        }
        entries.add(e);
    }

    /**
     * Stores {@code incoming} (which follows index {@code prev}, already known to match) and returns
     * the index of the last of them. Entries already held with the same term are kept: a delayed or
     * duplicated AppendRequest must never cut off entries that arrived later (§5.3 step 3 truncates
     * only on a conflict). {@code commitIndex} guards committed entries, which can never conflict.
     */
    long appendAfter(long prev, List<Entry> incoming, long commitIndex) {
        for (Entry e : incoming) {
            long t = term(e.index());
            if (t == e.term()) {
                continue; // already held
            }
            if (t != -1) {
                if (e.index() <= commitIndex) {
                    throw new IllegalStateException("conflict at committed index " + e.index());
                }
                truncateFrom(e.index());
            }
            append(e);
        }
        return prev + incoming.size();
    }

    private void truncateFrom(long index) {
        entries.subList((int) (index - snapshotIndex) - 1, entries.size()).clear();
        persisted = Math.min(persisted, index - 1);
        handedOut = Math.min(handedOut, index - 1);
    }

    /** First index of the term that the entry at {@code index} has (for the conflict hint). */
    long firstIndexOfTermAt(long index) {
        long t = term(index);
        long i = index;
        while (i > snapshotIndex + 1 && term(i - 1) == t) {
            i--;
        }
        return i;
    }

    /** Last index at or below {@code atOrBelow} holding {@code term}, or 0. */
    long lastIndexOfTerm(long term, long atOrBelow) {
        for (long i = Math.min(atOrBelow, lastIndex()); i >= snapshotIndex && i > 0; i--) {
            long t = term(i);
            if (t == term) {
                return i;
            }
            if (t < term) {
                return 0;
            }
        }
        return 0;
    }

    /** Drops entries up to {@code index}, which a durable snapshot now covers (§7). */
    void compactTo(long index) {
        if (index <= snapshotIndex) {
            return;
        }
        long term = term(index);
        entries.subList(0, (int) (index - snapshotIndex)).clear();
        snapshotIndex = index;
        snapshotTerm = term;
    }

    /** Replaces the whole log by a snapshot received from the leader (§7, Figure 13 step 7). */
    void restore(Snapshot snapshot) {
        entries.clear();
        snapshotIndex = snapshot.index();
        snapshotTerm = snapshot.term();
        persisted = handedOut = snapshotIndex;
    }

    long persistedIndex() {
        return persisted;
    }

    long handedOutIndex() {
        return handedOut;
    }

    boolean hasUnstable() {
        return handedOut < lastIndex();
    }

    /** The entries not yet given to the node; they count as handed out from now on. */
    List<Entry> takeUnstable() {
        List<Entry> out = slice(handedOut + 1, lastIndex());
        handedOut = lastIndex();
        return out;
    }

    /**
     * The node persisted a Ready ending with {@code e}. If that entry was replaced meanwhile the write
     * is superseded by a later Ready, so nothing becomes durable on its account.
     */
    void persistedTo(Entry e) {
        if (matches(e.index(), e.term()) && e.index() <= handedOut) {
            persisted = Math.max(persisted, e.index());
        }
    }
}
