package io.raftkv.server.raft;

import io.raftkv.server.raft.Message.VoteRequest;
import io.raftkv.server.raft.Message.VoteResponse;

/**
 * Leader election (§5.2): campaigning, the pre-vote round (thesis §9.6), and both sides of
 * RequestVote. Works on the core's persistent and volatile state.
 */
final class Voting {
    private final RaftCore core;
    private final Election election = new Election();

    Voting(RaftCore core) {
        this.core = core;
    }

    /**
     * Leader stickiness (thesis §4.2.3): a server that heard from a live leader within the minimum
     * election timeout ignores requests to replace it, so a rejoining server cannot depose it.
     */
    boolean inLease(VoteRequest vr) {
        return (core.config.checkQuorum() || vr.preVote())
                && core.leaderId != null
                && core.electionElapsed < core.config.electionTicks();
    }

    /** Election timeout elapsed (§5.2); with pre-vote, first ask whether an election could succeed. */
    void startElection() {
        if (core.role == Role.LEADER) {
            return;
        }
        if (!mayCampaign()) {
            return; // the timer keeps running out, so this node does not guard a lease it has not got
        }
        if (core.config.preVote()) {
            // Thesis §9.6: the term is not incremented, so a node that cannot win disrupts nobody.
            core.role = Role.PRE_CANDIDATE;
            core.leaderId = null;
            core.resetElectionTimer();
            requestVotes(core.currentTerm + 1, true, false);
        } else {
            campaign();
        }
    }

    /** The leader asked for this election (TimeoutNow): no pre-vote, and voters answer at once. */
    void campaignForTransfer() {
        if (mayCampaign()) {
            campaign(true);
        }
    }

    /**
     * A voter campaigns; so does a server whose removal (or any membership change) is still
     * uncommitted, counting only the new voters: it may hold the only complete log, and without it the
     * remaining voters could not elect anyone (as in hashicorp/raft). A learner, a joining node and a
     * node whose removal committed never campaign.
     */
    private boolean mayCampaign() {
        Membership m = core.membership();
        return m.isVoter(core.config.id()) || (!m.voters().isEmpty() && core.members.index() > core.commitIndex());
    }

    private void campaign() {
        campaign(false);
    }

    /** §5.2: increment currentTerm, vote for self, send RequestVote to all other servers. */
    private void campaign(boolean transfer) {
        core.role = Role.CANDIDATE;
        core.currentTerm++;
        core.votedFor = core.config.id();
        core.leaderId = null;
        core.resetElectionTimer();
        requestVotes(core.currentTerm, false, transfer);
    }

    private void requestVotes(long term, boolean preVote, boolean transfer) {
        election.reset();
        var voters = core.membership().voters();
        if (voters.contains(core.config.id())
                && election.record(core.config.id(), true, voters.size()) == Election.Outcome.WON) {
            won(preVote);
            return;
        }
        for (String peer : voters) {
            if (!peer.equals(core.config.id())) {
                core.send(new VoteRequest(
                        core.config.id(), peer, term, core.log.lastIndex(), core.log.lastTerm(), preVote, transfer));
            }
        }
    }

    private void won(boolean preVote) {
        if (preVote) {
            campaign();
        } else {
            core.becomeLeader();
            // The voters just heard from count as active in the first check-quorum window, so a
            // slow round trip right after the election does not depose the new leader at once.
            election.granted().forEach(core.leaderState()::markActive);
        }
    }

    /** RequestVote receiver (§5.2, §5.4.1) and pre-vote. Terms were already reconciled (§5.1). */
    void handleVoteRequest(VoteRequest vr) {
        boolean canVote = vr.from().equals(core.votedFor)
                || (core.votedFor == null && core.leaderId == null)
                || (vr.preVote() && vr.term() > core.currentTerm);
        // §5.4.1: grant only to a candidate whose log is at least as up-to-date as ours.
        boolean grant = canVote && core.log.isUpToDate(vr.lastLogIndex(), vr.lastLogTerm());
        if (grant && !vr.preVote()) {
            core.votedFor = vr.from(); // persisted before the answer leaves (see RaftCore.send)
            core.electionElapsed = 0;
        }
        long term = grant && vr.preVote() ? vr.term() : core.currentTerm;
        core.send(new VoteResponse(core.config.id(), vr.from(), term, grant, vr.preVote()));
    }

    void handleVoteResponse(VoteResponse r) {
        boolean counts = r.preVote()
                ? core.role == Role.PRE_CANDIDATE && (!r.granted() || r.term() == core.currentTerm + 1)
                : core.role == Role.CANDIDATE && r.term() == core.currentTerm;
        if (!counts || !core.membership().isVoter(r.from())) {
            return;
        }
        switch (election.record(
                r.from(), r.granted(), core.membership().voters().size())) {
            case WON -> won(core.role == Role.PRE_CANDIDATE);
            case LOST -> core.becomeFollower(core.currentTerm, null);
            case PENDING -> {}
        }
    }
}
