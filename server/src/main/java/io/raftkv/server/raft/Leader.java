package io.raftkv.server.raft;

import io.raftkv.server.raft.Message.AppendRequest;
import io.raftkv.server.raft.Message.AppendResponse;
import io.raftkv.server.raft.Message.InstallSnapshot;
import io.raftkv.server.raft.Message.TimeoutNow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State a leader keeps for its term (§5.3, Figure 2 "volatile state on leaders"): a {@link Progress}
 * per follower (voters and learners), heartbeats, commitment and ReadIndex rounds, and the promotion
 * of caught-up learners. Only voters count toward quorums; the leader itself counts only while it
 * is a voter (it keeps leading while its own removal commits, thesis §4.2.2). Created on election,
 * dropped on step down.
 */
final class Leader {
    private final RaftCore core;
    private final RaftConfig config;
    private final Map<String, Progress> followers = new LinkedHashMap<>();
    private final ReadIndexQueue reads = new ReadIndexQueue();
    private long readRound;
    private int heartbeatElapsed;
    private String transferee;
    private int transferElapsed;

    Leader(RaftCore core, RaftConfig config) {
        this.core = core;
        this.config = config;
        syncMembers();
    }

    /**
     * Tracks every member but this node: new ones start probing. A removed node is still sent the log
     * up to its removal and the commit index that covers it, so it learns it was removed and stays
     * quiet; it counts in no quorum and is forgotten once it knows (see {@link #forgetLeavers()}).
     */
    void syncMembers() {
        Membership members = core.membership();
        // A member removed and added back before it was told of its removal (it was down, say, and
        // its data is gone) restarts from nothing: what it acknowledged before no longer holds.
        followers.entrySet().removeIf(f -> f.getValue().leaving && members.contains(f.getKey()));
        followers.forEach((id, pr) -> {
            pr.leaving = !members.contains(id);
            if (!pr.leaving) {
                pr.leavingTicks = 0;
                pr.toldTicks = 0;
            }
        });
        for (String id : members.members().keySet()) {
            if (!id.equals(config.id()) && !followers.containsKey(id)) {
                // §5.3: nextIndex starts just after the leader's last entry; matchIndex at 0.
                followers.put(id, new Progress(core.log.lastIndex() + 1));
            }
        }
        if (transferee != null && !members.isVoter(transferee)) {
            transferee = null;
        }
    }

    /** The votes of this leader (if a voter) and of its voting followers, for a quorum count. */
    private List<Long> votersValues(long own, java.util.function.ToLongFunction<Progress> value) {
        Membership members = core.membership();
        List<Long> out = new ArrayList<>(followers.size() + 1);
        if (members.isVoter(config.id())) {
            out.add(own);
        }
        followers.forEach((id, pr) -> {
            if (members.isVoter(id)) {
                out.add(value.applyAsLong(pr));
            }
        });
        return out;
    }

    /**
     * Forgets removed nodes an election timeout after they hold their committed removal (heartbeats
     * carried the commit index meanwhile), or after ten if they never answer.
     */
    private void forgetLeavers() {
        boolean told = core.membershipCommitted();
        followers.values().removeIf(pr -> {
            if (!pr.leaving) {
                return false;
            }
            pr.leavingTicks++;
            if (told && pr.match >= core.members.index() && pr.toldTicks++ >= config.electionTicks()) {
                return true;
            }
            return pr.leavingTicks >= 10 * config.electionTicks();
        });
    }

    void tick() {
        forgetLeavers();
        if (transferee != null && ++transferElapsed >= config.electionTicks()) {
            transferee = null; // the target did not take over in time: serve again
        }
        for (Progress pr : followers.values()) {
            boolean waiting = pr.state == Progress.State.SNAPSHOT
                    || (pr.state == Progress.State.REPLICATE && !pr.inflight.isEmpty());
            if (waiting && ++pr.stalledTicks >= config.electionTicks()) {
                pr.becomeProbe(pr.match + 1); // requests or their answers were lost
            }
        }
        // Also when it caught up while another change was under way (a promotion changes no keys).
        List.copyOf(followers.entrySet()).forEach(f -> maybePromote(f.getKey(), f.getValue()));
        if (++heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            for (Progress pr : followers.values()) {
                pr.heartbeatDue = true;
            }
        }
    }

    void markActive(String id) {
        Progress pr = followers.get(id);
        if (pr != null) {
            pr.recentActive = true;
        }
    }

    /** Check-quorum: did a majority (this leader included) answer during the last window? */
    boolean quorumWasActive() {
        List<Long> active = votersValues(1, pr -> pr.recentActive ? 1 : 0);
        followers.values().forEach(pr -> pr.recentActive = false);
        return Quorum.agreedValue(active) == 1;
    }

    boolean hasSomethingToSend() {
        long last = core.log.lastIndex();
        for (Progress pr : followers.values()) {
            if (pr.heartbeatDue || (!pr.isPaused(config.maxInflight()) && pr.next <= last)) {
                return true;
            }
        }
        return false;
    }

    /** Sends what each follower can take now: batches up to maxBatchEntries, within its window. */
    void flush() {
        long last = core.log.lastIndex();
        for (Map.Entry<String, Progress> f : followers.entrySet()) {
            Progress pr = f.getValue();
            boolean sent = false;
            if (pr.state == Progress.State.PROBE) {
                if (!pr.probeSent && (pr.next <= last || pr.heartbeatDue)) {
                    sendAppend(f.getKey(), pr);
                    sent = true;
                }
            } else {
                while (!pr.isPaused(config.maxInflight()) && pr.next <= last) {
                    sendAppend(f.getKey(), pr);
                    sent = true;
                }
            }
            if (pr.heartbeatDue && !sent) {
                // Anchored at the known match so it is always accepted; carries commit and read round.
                core.send(new AppendRequest(
                        config.id(),
                        f.getKey(),
                        core.term(),
                        pr.match,
                        core.log.term(pr.match),
                        List.of(),
                        core.commitIndex(),
                        readRound));
            }
            pr.heartbeatDue = false;
        }
    }

    private void sendAppend(String to, Progress pr) {
        long prev = pr.next - 1;
        if (core.log.term(prev) < 0) {
            // The entries this follower needs were compacted: send the snapshot instead (§7).
            core.send(new InstallSnapshot(config.id(), to, core.term(), core.snapshot, readRound));
            pr.becomeSnapshot();
            return;
        }
        long lastToSend = Math.min(core.log.lastIndex(), prev + config.maxBatchEntries());
        List<Entry> entries = core.log.slice(pr.next, lastToSend);
        core.send(new AppendRequest(
                config.id(), to, core.term(), prev, core.log.term(prev), entries, core.commitIndex(), readRound));
        pr.sent(lastToSend, !entries.isEmpty());
    }

    void handleAppendResponse(AppendResponse r) {
        Progress pr = followers.get(r.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        pr.probeSent = false; // it answers: a probe that may have been lost can go again
        if (r.readContext() > pr.readAck) {
            pr.readAck = r.readContext();
            confirmReads();
        }
        if (r.success()) {
            if (pr.acknowledge(r.matchIndex())) {
                if (pr.state != Progress.State.REPLICATE) {
                    pr.becomeReplicate();
                }
                maybeCommit();
                maybeSendTimeoutNow(r.from());
                maybePromote(r.from(), pr);
            }
            return;
        }
        if (r.matchIndex() <= pr.match) {
            // It lacks an entry it acknowledged: its disk was wiped or restored from an old backup.
            // (Over one connection answers arrive in the order sent; only a reconnection could
            // deliver an answer older than the acknowledgement, and then this costs one probe.)
            // Forget what it acknowledged and find its log end again: commitment never goes back,
            // so only this follower's catch-up depends on its match.
            if (pr.match > 0) {
                core.reportLostEntries(r.from(), pr.match);
            }
            pr.match = 0;
        }
        pr.becomeProbe(nextAfterRejection(r));
    }

    /**
     * Fast backoff (§5.3, last paragraphs): skip the follower's whole conflicting term. If this log
     * holds that term, resume just after its last entry of it; otherwise at the follower's first
     * entry of it (or its log end).
     */
    private long nextAfterRejection(AppendResponse r) {
        if (r.conflictTerm() > 0) {
            long last = core.log.lastIndexOfTerm(r.conflictTerm(), r.matchIndex());
            if (last > 0) {
                return last + 1;
            }
        }
        return Math.max(1, Math.min(r.conflictIndex(), r.matchIndex()));
    }

    /**
     * Commits the highest index stored on a majority, but only if it belongs to the current term:
     * entries of earlier terms are committed only indirectly (§5.4.2, Figure 8). The leader's own log
     * counts only as far as it is durable.
     */
    void maybeCommit() {
        long n = Quorum.agreedValue(votersValues(core.log.persistedIndex(), pr -> pr.match));
        if (n > core.commitIndex() && core.log.term(n) == core.term()) {
            core.commitTo(n);
            if (reads.hasWaiting()) {
                reads.registerWaiting(core.commitIndex(), newReadRound());
                confirmReads();
            }
        }
    }

    /**
     * Promotes a learner once it holds everything committed (thesis §4.2.1 lets a new server catch up
     * before it counts, so adding it does not stall commitment), when no other change is under way.
     */
    private void maybePromote(String id, Progress pr) {
        Membership.Member m = core.membership().get(id);
        if (m != null && !m.voter() && pr.match >= core.commitIndex() && core.canChangeMembership()) {
            core.members.append(core.membership().with(m.asVoter()));
        }
    }

    /** Leadership transfer (thesis §3.10). */
    void transferTo(String target) {
        transferee = target;
        transferElapsed = 0;
        Progress pr = followers.get(target);
        if (pr.match < core.log.lastIndex() && pr.state == Progress.State.REPLICATE) {
            pr.becomeProbe(pr.match + 1); // send the missing entries now rather than after a stall
        }
        maybeSendTimeoutNow(target);
    }

    String transferee() {
        return transferee;
    }

    /** The target campaigns only once its log is complete, so it can win (§5.4.1). */
    private void maybeSendTimeoutNow(String peer) {
        if (peer.equals(transferee) && followers.get(peer).match == core.log.lastIndex()) {
            core.send(new TimeoutNow(config.id(), peer, core.term()));
        }
    }

    void readIndex(long requestId) {
        if (core.log.term(core.commitIndex()) != core.term()) {
            reads.await(requestId);
            return;
        }
        reads.register(requestId, core.commitIndex(), newReadRound());
        confirmReads();
    }

    private long newReadRound() {
        readRound++;
        followers.values().forEach(pr -> pr.heartbeatDue = true);
        return readRound;
    }

    private void confirmReads() {
        core.outbox.readAll(reads.confirm(Quorum.agreedValue(votersValues(readRound, pr -> pr.readAck))));
    }

    void failReads() {
        core.outbox.readAll(reads.failAll());
    }

    Map<String, Long> matchIndexes() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(config.id(), core.log.persistedIndex());
        followers.forEach((id, pr) -> out.put(id, pr.match));
        return out;
    }

    String describe() {
        return followers.toString();
    }

    Progress progress(String id) {
        return followers.get(id);
    }
}
