package io.raftkv.server.raft;

/**
 * A message between Raft peers. Every message carries the sender's term; the core handles terms
 * uniformly (§5.1) before dispatching to a per-type handler. Node ids are the stable ids of {@link
 * RaftConfig#peers()}.
 */
public sealed interface Message
        permits Message.VoteRequest,
                Message.VoteResponse,
                Message.AppendRequest,
                Message.AppendResponse,
                Message.TimeoutNow,
                Message.InstallSnapshot {

    String from();

    String to();

    long term();

    /**
     * RequestVote (§5.2). With {@code preVote} set it is a pre-vote (thesis §9.6): {@code term} is the
     * term the sender would campaign in, and no receiver changes its own term or vote because of it.
     * With {@code transfer} set the sender campaigns because the leader asked it to ({@link
     * TimeoutNow}), so receivers answer even if they heard from that leader recently.
     */
    record VoteRequest(
            String from, String to, long term, long lastLogIndex, long lastLogTerm, boolean preVote, boolean transfer)
            implements Message {

        /** An ordinary (pre-)vote request, not part of a leadership transfer. */
        public VoteRequest(String from, String to, long term, long lastLogIndex, long lastLogTerm, boolean preVote) {
            this(from, to, term, lastLogIndex, lastLogTerm, preVote, false);
        }
    }

    /** Answer to a {@link VoteRequest}; {@code preVote} echoes the request's. */
    record VoteResponse(String from, String to, long term, boolean granted, boolean preVote) implements Message {}

    /**
     * AppendEntries (§5.3); a heartbeat when {@code entries} is empty. {@code readContext} is the
     * leader's latest ReadIndex round (thesis §6.4); followers echo it so the leader can confirm
     * leadership for all reads registered up to that round.
     */
    record AppendRequest(
            String from,
            String to,
            long term,
            long prevLogIndex,
            long prevLogTerm,
            java.util.List<Entry> entries,
            long leaderCommit,
            long readContext)
            implements Message {}

    /**
     * Answer to an {@link AppendRequest}. On success {@code matchIndex} is the last index known to
     * match the leader's log; on rejection it is the request's prevLogIndex, so the leader can tell a
     * late rejection of an old request from a current one. On rejection {@code conflictIndex}/{@code conflictTerm} let the leader
     * skip a whole term at a time (fast backoff, §5.3 end): conflictTerm is the follower's term at
     * prevLogIndex (0 if its log is shorter) and conflictIndex the first index it holds of that term
     * (or its last index + 1).
     */
    record AppendResponse(
            String from,
            String to,
            long term,
            boolean success,
            long matchIndex,
            long conflictIndex,
            long conflictTerm,
            long readContext)
            implements Message {}

    /**
     * Leadership transfer (thesis §3.10): the leader tells a caught-up follower to start an election
     * at once, without waiting for its timeout or a pre-vote round.
     */
    record TimeoutNow(String from, String to, long term) implements Message {}

    /**
     * InstallSnapshot (§7, Figure 13), whole: the leader no longer holds the entries a follower needs.
     * Answered by an {@link AppendResponse} whose {@code matchIndex} is the snapshot's index. A
     * transport may split {@code snapshot.data()} into chunks; the core sees the whole snapshot.
     */
    record InstallSnapshot(String from, String to, long term, Snapshot snapshot, long readContext) implements Message {}
}
