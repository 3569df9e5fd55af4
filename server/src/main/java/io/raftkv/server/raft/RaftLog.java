package io.raftkv.server.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory log (§5.3) plus what the core knows about its durability. Entries up to {@link
 * #persistedIndex()} are on disk; entries after {@link #handedOutIndex()} still have to be given to
 * the node in a {@link Ready}. Indexes start at 1; index 0 has term 0.
 */
final class RaftLog {
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long persisted;
    private long handedOut;

    /** Restores a log from storage: all of {@code stored} is durable. */
    RaftLog(List<Entry> stored) {
        for (Entry e : stored) {
            if (e.index() != entries.size() + 1) {
                throw new IllegalArgumentException("log not contiguous from 1 at " + e);
            }
            if (!entries.isEmpty() && e.term() < lastTerm()) {
                throw new IllegalArgumentException("log terms decrease at " + e);
            }
            entries.add(e);
        }
        persisted = handedOut = lastIndex();
    }

    long lastIndex() {
        return entries.size();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** Term of the entry at {@code index}; 0 for index 0; -1 when the log does not hold it. */
    long term(long index) {
        if (index == 0) {
            return 0;
        }
        if (index < 0 || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) index - 1).term();
    }

    Entry entry(long index) {
        return entries.get((int) index - 1);
    }

    boolean matches(long index, long term) {
        return term(index) == term;
    }

    /** Entries {@code from..to} inclusive (empty when from > to). */
    List<Entry> slice(long from, long to) {
        if (from > to) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) from - 1, (int) to));
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
        entries.subList((int) index - 1, entries.size()).clear();
        persisted = Math.min(persisted, index - 1);
        handedOut = Math.min(handedOut, index - 1);
    }

    /** First index of the term that the entry at {@code index} has (for the conflict hint). */
    long firstIndexOfTermAt(long index) {
        long t = term(index);
        long i = index;
        while (i > 1 && term(i - 1) == t) {
            i--;
        }
        return i;
    }

    /** Last index at or below {@code atOrBelow} holding {@code term}, or 0. */
    long lastIndexOfTerm(long term, long atOrBelow) {
        for (long i = Math.min(atOrBelow, lastIndex()); i > 0; i--) {
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
