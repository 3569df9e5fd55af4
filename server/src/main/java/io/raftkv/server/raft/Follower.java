package io.raftkv.server.raft;

import io.raftkv.server.raft.Message.AppendRequest;
import io.raftkv.server.raft.Message.AppendResponse;
import io.raftkv.server.raft.Message.InstallSnapshot;
import java.util.List;

/** The receiving side of replication: AppendEntries (§5.3) and InstallSnapshot (§7). */
final class Follower {
    private final RaftCore core;

    Follower(RaftCore core) {
        this.core = core;
    }

    private void acceptLeader(String leader) {
        if (core.role != Role.FOLLOWER) {
            core.becomeFollower(core.currentTerm, leader); // §5.2: a candidate defers to the term's leader
        }
        core.leaderId = leader;
        core.electionElapsed = 0;
    }

    /** AppendEntries receiver (Figure 2). Here the request's term equals currentTerm. */
    void handleAppendRequest(AppendRequest ar) {
        if (!membershipsDecode(ar.entries())) {
            return; // a malformed membership entry: drop the request, the leader will resend
        }
        acceptLeader(ar.from());
        RaftLog log = core.log;
        long prev = ar.prevLogIndex();
        long prevTerm = ar.prevLogTerm();
        List<Entry> entries = ar.entries();
        if (prev < core.commitIndex()) {
            // Committed entries match any current leader's (§5.4), even where compacted away.
            int covered = (int) Math.min(entries.size(), core.commitIndex() - prev);
            if (covered == entries.size()) {
                reply(ar, true, prev + entries.size(), 0, 0);
                return;
            }
            prev += covered;
            prevTerm = entries.get(covered - 1).term();
            entries = entries.subList(covered, entries.size());
        }
        // Reply false if log doesn't contain an entry at prevLogIndex whose term matches (§5.3).
        if (!log.matches(prev, prevTerm)) {
            long conflictTerm = Math.max(0, log.term(prev));
            long conflictIndex = conflictTerm == 0 ? log.lastIndex() + 1 : log.firstIndexOfTermAt(prev);
            reply(ar, false, ar.prevLogIndex(), conflictIndex, conflictTerm);
            return;
        }
        long lastNew = log.appendAfter(prev, entries, core.commitIndex());
        if (core.members.index() > prev || entries.stream().anyMatch(e -> e.type() == EntryType.CONFIG)) {
            core.members.refresh(); // a membership arrived, or the entry it came from may be gone
        }
        // If leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry).
        core.commitTo(Math.min(ar.leaderCommit(), lastNew));
        reply(ar, true, lastNew, 0, 0);
    }

    private static boolean membershipsDecode(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.type() == EntryType.CONFIG) {
                try {
                    Membership.decode(e.data());
                } catch (IllegalArgumentException bad) {
                    return false;
                }
            }
        }
        return true;
    }

    private void reply(AppendRequest ar, boolean success, long index, long conflictIndex, long conflictTerm) {
        core.send(new AppendResponse(
                core.id(), ar.from(), core.currentTerm, success, index, conflictIndex, conflictTerm, ar.readContext()));
    }

    /** InstallSnapshot receiver (Figure 13). */
    void handleInstallSnapshot(InstallSnapshot is) {
        Snapshot s = is.snapshot();
        try {
            s.membership();
        } catch (IllegalArgumentException bad) {
            return; // malformed: the leader will send it again
        }
        acceptLeader(is.from());
        long matched;
        if (s.index() <= core.commitIndex()) {
            matched = core.commitIndex(); // stale or duplicate: what we hold is already committed
        } else if (core.log.matches(s.index(), s.term())) {
            core.commitTo(s.index()); // step 6: we hold its last entry; keep the log that follows
            matched = s.index();
        } else {
            // Step 7: discard the entire log and reset the state machine from the snapshot.
            core.log.restore(s);
            core.snapshot = s;
            core.snapshotToInstall = s;
            core.members.refresh();
            core.commitTo(s.index());
            core.appliedIndex = s.index();
            matched = s.index();
        }
        core.send(new AppendResponse(core.id(), is.from(), core.currentTerm, true, matched, 0, 0, is.readContext()));
    }
}
