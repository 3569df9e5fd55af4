package io.raftkv.server.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raft's safety properties (Figure 3) checked against the whole simulated cluster. A violation
 * throws {@link AssertionError} with what was seen.
 */
final class Invariants {
    /** Entries known committed, by index - 1, and the term in which each was first seen committed. */
    private final List<Entry> committed = new ArrayList<>();

    private final List<Long> committedInTerm = new ArrayList<>();
    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final Map<String, Long> checkedCommit = new HashMap<>();

    long commits() {
        return committed.size();
    }

    long elections() {
        return leaderOfTerm.size();
    }

    /** Highest index known committed anywhere. */
    long highestCommitted() {
        return committed.size();
    }

    Entry committedEntry(long index) {
        return index <= committed.size() ? committed.get((int) index - 1) : null;
    }

    /** Per-step checks on every live node. */
    void check(List<SimNode> nodes) {
        for (SimNode n : nodes) {
            if (!n.up()) {
                continue;
            }
            RaftCore core = n.core;
            if (core.role() == Role.LEADER) {
                electionSafety(n);
            }
            if (core.commitIndex() < n.observedCommit) {
                throw new AssertionError(
                        n.id + ": commit index fell from " + n.observedCommit + " to " + core.commitIndex());
            }
            n.observedCommit = core.commitIndex();
            stateMachineSafety(n);
        }
    }

    /** Election Safety: at most one leader per term. New leaders must be complete. */
    private void electionSafety(SimNode n) {
        long term = n.core.term();
        String previous = leaderOfTerm.putIfAbsent(term, n.id);
        if (previous == null) {
            leaderCompleteness(n);
        } else if (!previous.equals(n.id)) {
            throw new AssertionError("two leaders in term " + term + ": " + previous + " and " + n.id);
        }
    }

    /** Leader Completeness: a leader holds every entry committed in an earlier term. */
    private void leaderCompleteness(SimNode n) {
        RaftLog log = n.core.log;
        for (int i = (int) log.snapshotIndex(); i < committed.size(); i++) {
            if (committedInTerm.get(i) < n.core.term() && !committed.get(i).equals(safeEntry(log, i + 1))) {
                throw new AssertionError(n.id + " leads term " + n.core.term() + " without committed "
                        + committed.get(i) + ", holds " + safeEntry(log, i + 1));
            }
        }
    }

    /** State Machine Safety: every node commits and applies the same entry at each index. */
    private void stateMachineSafety(SimNode n) {
        long from = checkedCommit.getOrDefault(n.id, 0L) + 1;
        for (long i = Math.max(from, n.core.log.snapshotIndex() + 1); i <= n.core.commitIndex(); i++) {
            Entry e = n.core.log.entry(i);
            if (i <= committed.size()) {
                if (!committed.get((int) i - 1).equals(e)) {
                    throw new AssertionError(
                            n.id + " committed " + e + " where " + committed.get((int) i - 1) + " was committed");
                }
            } else {
                committed.add(e);
                committedInTerm.add(n.core.term());
            }
        }
        checkedCommit.merge(n.id, n.core.commitIndex(), Math::max);
        appliedMonotonic(n);
        for (int i = n.checkedApplied; i < n.applied.size(); i++) {
            Entry e = n.applied.get(i);
            if (e.index() != i + 1 || !e.equals(committedEntry(e.index()))) {
                throw new AssertionError(
                        n.id + " applied " + e + " at position " + (i + 1) + ", committed is " + committedEntry(i + 1));
            }
        }
        n.checkedApplied = n.applied.size();
        n.observedApplied = n.applied.size();
    }

    /**
     * A running state machine never goes back: an installed snapshot must be ahead of what was applied
     * (a restart, which rebuilds the state machine from scratch, is the only reset). The snapshot's
     * contents replace the applied entries, so they are checked again from the start.
     */
    private static void appliedMonotonic(SimNode n) {
        long now = n.installedSince >= 0 ? n.installedSince : n.applied.size();
        if (now < n.observedApplied) {
            throw new AssertionError(n.id + ": applied index fell from " + n.observedApplied + " to " + now
                    + (n.installedSince >= 0 ? " (snapshot install)" : ""));
        }
        if (n.installedSince >= 0) {
            n.checkedApplied = 0;
            n.installedSince = -1;
        }
    }

    /** Log Matching: if two logs hold an entry with the same index and term, they agree up to it. */
    void logMatching(List<SimNode> nodes) {
        for (int a = 0; a < nodes.size(); a++) {
            for (int b = a + 1; b < nodes.size(); b++) {
                if (nodes.get(a).up() && nodes.get(b).up()) {
                    logMatching(nodes.get(a), nodes.get(b));
                }
            }
        }
    }

    private static void logMatching(SimNode a, SimNode b) {
        RaftLog la = a.core.log;
        RaftLog lb = b.core.log;
        long floor = Math.max(la.snapshotIndex(), lb.snapshotIndex()); // compacted below: committed
        long i = Math.min(la.lastIndex(), lb.lastIndex());
        while (i > floor && la.term(i) != lb.term(i)) {
            i--;
        }
        for (long j = i; j > floor; j--) {
            if (!la.entry(j).equals(lb.entry(j))) {
                throw new AssertionError("logs of " + a.id + " and " + b.id + " agree on the term at " + i
                        + " but differ at " + j + ": " + la.entry(j) + " vs " + lb.entry(j));
            }
        }
    }

    private static Entry safeEntry(RaftLog log, long index) {
        return index > log.snapshotIndex() && index <= log.lastIndex() ? log.entry(index) : null;
    }
}
