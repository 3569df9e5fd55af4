package io.raftkv.server.raft;

import io.raftkv.server.raft.Message.AppendRequest;
import io.raftkv.server.raft.Message.AppendResponse;
import io.raftkv.server.raft.Message.VoteRequest;
import io.raftkv.server.raft.Message.VoteResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The pure Raft state machine: no threads, clock or I/O. Inputs are {@link #tick()}, {@link
 * #step(Message)}, {@link #propose(byte[])} and {@link #readIndex(long)}; outputs are collected in a
 * {@link Ready} that the caller drains with {@link #ready()} and acknowledges with {@link
 * #advance(Ready)}. Inputs may keep arriving while a Ready is being handled; their outputs go into the
 * next one, and {@link #hasReady()} stays false until the outstanding one is advanced. Deterministic
 * given the random generator. Not thread-safe: one owner.
 */
public final class RaftCore {

    /** Where a proposal landed; it is committed iff the entry at {@code index} has {@code term}. */
    public record Proposal(long index, long term) {}

    private final RaftConfig config;
    private final RandomGenerator random;
    final RaftLog log;
    private final List<Message> outbox = new ArrayList<>();
    final List<ReadState> readStates = new ArrayList<>();

    // Persistent state on all servers (Figure 2).
    private long currentTerm;
    private String votedFor;

    // Volatile state.
    private long commitIndex;
    private long appliedIndex; // last index handed to the node to apply
    private Role role = Role.FOLLOWER;
    private String leaderId;
    private Leader leader; // non-null iff role == LEADER
    private final Election election = new Election();
    private int electionElapsed;
    private int randomizedElectionTimeout;

    // What was last handed out in a Ready.
    private HardState handedOutHardState;
    private SoftState handedOutSoftState;
    private boolean readyOutstanding;

    /**
     * Restores a core from durable state.
     *
     * @param log the stored entries, contiguous from index 1
     */
    public RaftCore(RaftConfig config, HardState hardState, List<Entry> log, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.log = new RaftLog(log);
        this.currentTerm = hardState.term();
        this.votedFor = hardState.votedFor();
        if (this.log.lastTerm() > currentTerm) {
            throw new IllegalArgumentException("log has term " + this.log.lastTerm() + " above " + hardState);
        }
        // A commit index is only a hint (HardState): never beyond what the log holds.
        this.commitIndex = Math.min(hardState.commit(), this.log.lastIndex());
        this.handedOutHardState = hardState;
        this.handedOutSoftState = softState();
        resetElectionTimer();
    }

    /** Advances logical time by one tick. */
    public void tick() {
        electionElapsed++;
        if (role == Role.LEADER) {
            if (electionElapsed >= config.electionTicks()) {
                electionElapsed = 0;
                // Check-quorum (thesis §6.2): a leader cut off from a majority steps down, so clients
                // go elsewhere instead of waiting on a leader that can no longer commit.
                if (config.checkQuorum() && !leader.quorumWasActive()) {
                    becomeFollower(currentTerm, null);
                    return;
                }
            }
            leader.tick();
        } else if (electionElapsed >= randomizedElectionTimeout) {
            startElection();
        }
    }

    /** Handles a message from a peer; messages not addressed to this node are ignored. */
    public void step(Message m) {
        if (!config.id().equals(m.to())
                || !config.peers().contains(m.from())
                || m.from().equals(m.to())) {
            return;
        }
        if (m.term() > currentTerm) {
            if (m instanceof VoteRequest vr && inLease(vr)) {
                // Leader stickiness (thesis §4.2.3): while we hear from a live leader, a server that
                // was partitioned away must not depose it; ignore it without adopting its term.
                return;
            }
            boolean keepsTerm = (m instanceof VoteRequest vr && vr.preVote())
                    || (m instanceof VoteResponse r && r.preVote() && r.granted());
            if (!keepsTerm) {
                // §5.1: a higher term makes any server a follower in that term.
                becomeFollower(m.term(), m instanceof AppendRequest ? m.from() : null);
            }
        } else if (m.term() < currentTerm) {
            rejectStale(m);
            return;
        }
        switch (m) {
            case VoteRequest vr -> handleVoteRequest(vr);
            case VoteResponse vr -> handleVoteResponse(vr);
            case AppendRequest ar -> handleAppendRequest(ar);
            case AppendResponse ar -> {
                if (role == Role.LEADER) {
                    leader.handleAppendResponse(ar);
                }
            }
        }
    }

    private boolean inLease(VoteRequest vr) {
        return (config.checkQuorum() || vr.preVote()) && leaderId != null && electionElapsed < config.electionTicks();
    }

    /** §5.1: a request with a stale term is rejected; the answer's term tells the sender to step down. */
    private void rejectStale(Message m) {
        if (m instanceof AppendRequest) {
            send(new AppendResponse(config.id(), m.from(), currentTerm, false, 0, 0, 0, 0));
        } else if (m instanceof VoteRequest vr) {
            send(new VoteResponse(config.id(), m.from(), currentTerm, false, vr.preVote()));
        }
    }

    /** RequestVote receiver (§5.2, §5.4.1) and pre-vote (thesis §9.6). */
    private void handleVoteRequest(VoteRequest vr) {
        boolean canVote = vr.from().equals(votedFor)
                || (votedFor == null && leaderId == null)
                || (vr.preVote() && vr.term() > currentTerm);
        // §5.4.1: grant only to a candidate whose log is at least as up-to-date as ours.
        boolean grant = canVote && log.isUpToDate(vr.lastLogIndex(), vr.lastLogTerm());
        if (grant && !vr.preVote()) {
            votedFor = vr.from();
            electionElapsed = 0;
        }
        long term = grant && vr.preVote() ? vr.term() : currentTerm;
        send(new VoteResponse(config.id(), vr.from(), term, grant, vr.preVote()));
    }

    private void handleVoteResponse(VoteResponse r) {
        boolean counts = r.preVote()
                ? role == Role.PRE_CANDIDATE && (!r.granted() || r.term() == currentTerm + 1)
                : role == Role.CANDIDATE && r.term() == currentTerm;
        if (!counts) {
            return;
        }
        switch (election.record(r.from(), r.granted(), config.peers().size())) {
            case WON -> {
                if (role == Role.PRE_CANDIDATE) {
                    campaign();
                } else {
                    becomeLeader();
                }
            }
            case LOST -> becomeFollower(currentTerm, null);
            case PENDING -> {}
        }
    }

    /** AppendEntries receiver (§5.3, Figure 2). Here {@code ar.term() == currentTerm}. */
    private void handleAppendRequest(AppendRequest ar) {
        if (role != Role.FOLLOWER) {
            becomeFollower(currentTerm, ar.from()); // §5.2: a candidate defers to the term's leader
        }
        leaderId = ar.from();
        electionElapsed = 0;
        // Reply false if log doesn't contain an entry at prevLogIndex whose term matches (§5.3).
        if (!log.matches(ar.prevLogIndex(), ar.prevLogTerm())) {
            long conflictTerm = Math.max(0, log.term(ar.prevLogIndex()));
            long conflictIndex = conflictTerm == 0 ? log.lastIndex() + 1 : log.firstIndexOfTermAt(ar.prevLogIndex());
            send(new AppendResponse(
                    config.id(),
                    ar.from(),
                    currentTerm,
                    false,
                    ar.prevLogIndex(),
                    conflictIndex,
                    conflictTerm,
                    ar.readContext()));
            return;
        }
        long lastNew = log.appendAfter(ar.prevLogIndex(), ar.entries(), commitIndex);
        // If leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry).
        commitTo(Math.min(ar.leaderCommit(), lastNew));
        send(new AppendResponse(config.id(), ar.from(), currentTerm, true, lastNew, 0, 0, ar.readContext()));
    }

    /** Appends a command if this node leads; returns null otherwise. */
    public Proposal propose(byte[] command) {
        if (role != Role.LEADER) {
            return null;
        }
        Entry e = new Entry(currentTerm, log.lastIndex() + 1, EntryType.NORMAL, command.clone());
        log.append(e);
        return new Proposal(e.index(), e.term());
    }

    /**
     * Registers a linearizable read. Its {@link ReadState} appears in a later {@link Ready}: ok with
     * the read index once a quorum confirmed leadership, or not ok if this node is not (or stops
     * being) a leader with a committed entry of its term.
     */
    public void readIndex(long requestId) {
        if (role == Role.LEADER) {
            leader.readIndex(requestId);
        } else {
            readStates.add(new ReadState(requestId, 0, false));
        }
    }

    public boolean hasReady() {
        if (readyOutstanding) {
            return false;
        }
        return !hardState().equals(handedOutHardState)
                || !softState().equals(handedOutSoftState)
                || log.hasUnstable()
                || !outbox.isEmpty()
                || commitIndex > appliedIndex
                || !readStates.isEmpty()
                || (leader != null && leader.hasSomethingToSend());
    }

    /** What to persist, send and apply since the last {@link #advance(Ready)}. */
    public Ready ready() {
        if (leader != null) {
            leader.flush();
        }
        HardState hs = hardState();
        HardState hsOut = hs.equals(handedOutHardState) ? null : hs;
        handedOutHardState = hs;
        List<Entry> entries = log.takeUnstable();
        List<Entry> committed = log.slice(appliedIndex + 1, commitIndex);
        appliedIndex = commitIndex;
        List<Message> messages = List.copyOf(outbox);
        outbox.clear();
        List<ReadState> reads = List.copyOf(readStates);
        readStates.clear();
        handedOutSoftState = softState();
        readyOutstanding = true;
        return new Ready(hsOut, entries, messages, committed, reads, handedOutSoftState);
    }

    /** Acknowledges that everything in {@code ready} was done. */
    public void advance(Ready ready) {
        readyOutstanding = false;
        if (!ready.entries().isEmpty()) {
            log.persistedTo(ready.entries().getLast());
            if (leader != null) {
                leader.maybeCommit(); // the leader's own log now counts toward a majority
            }
        }
    }

    /**
     * Queues a message for the next {@link Ready}. Nothing is ever sent directly, and that is what
     * makes acknowledgements safe. A granted vote promises that {@code votedFor} is on disk: a voter
     * that forgot its vote after a crash could vote again in the same term and elect a second leader
     * (§5.2). A successful AppendResponse promises that the entries it covers are on disk: the leader
     * counts them toward a majority and may commit and apply them, so a follower that lost them in a
     * crash could later help elect a leader without them and the committed entries would be
     * overwritten (§5.4). The node persists a Ready's hard state and entries before it sends that
     * Ready's messages, and persists Readies in order; every message here was produced after the
     * state it depends on entered this core, so that state is in this Ready or an earlier one. The
     * same ordering lets the leader send entries it has not yet persisted itself: its own log counts
     * toward commitment only from {@link #advance(Ready)} on.
     */
    void send(Message m) {
        outbox.add(m);
    }

    void commitTo(long index) {
        if (index > commitIndex) {
            commitIndex = index; // never decreases
        }
    }

    /** Election timeout elapsed (§5.2); with pre-vote, first ask whether an election could succeed. */
    void startElection() {
        if (role == Role.LEADER) {
            return;
        }
        if (config.preVote()) {
            becomePreCandidate();
        } else {
            campaign();
        }
    }

    private void becomePreCandidate() {
        role = Role.PRE_CANDIDATE;
        leaderId = null;
        resetElectionTimer();
        // Thesis §9.6: the term is not incremented, so a node that cannot win disrupts nobody.
        requestVotes(currentTerm + 1, true);
    }

    /** §5.2: increment currentTerm, vote for self, send RequestVote to all other servers. */
    private void campaign() {
        role = Role.CANDIDATE;
        currentTerm++;
        votedFor = config.id();
        leaderId = null;
        resetElectionTimer();
        requestVotes(currentTerm, false);
    }

    private void requestVotes(long term, boolean preVote) {
        election.reset();
        if (election.record(config.id(), true, config.peers().size()) == Election.Outcome.WON) {
            if (preVote) {
                campaign();
            } else {
                becomeLeader();
            }
            return;
        }
        for (String peer : config.peers()) {
            if (!peer.equals(config.id())) {
                send(new VoteRequest(config.id(), peer, term, log.lastIndex(), log.lastTerm(), preVote));
            }
        }
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = config.id();
        electionElapsed = 0;
        leader = new Leader(this, config, config.peers());
        // A no-op of the new term lets earlier entries commit (§5.4.2) and reads start (§8).
        log.append(Entry.noop(currentTerm, log.lastIndex() + 1));
    }

    private void becomeFollower(long term, String newLeader) {
        if (leader != null) {
            leader.failReads();
            leader = null;
        }
        if (term > currentTerm) {
            currentTerm = term;
            votedFor = null;
        }
        role = Role.FOLLOWER;
        leaderId = newLeader;
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        // §5.2: randomized in [e, 2e) so that split votes are rare.
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    private HardState hardState() {
        return new HardState(currentTerm, votedFor, commitIndex);
    }

    private SoftState softState() {
        return new SoftState(role, currentTerm, leaderId);
    }

    public String id() {
        return config.id();
    }

    public Role role() {
        return role;
    }

    public long term() {
        return currentTerm;
    }

    /** The leader this node knows of in its current term, or null. */
    public String leader() {
        return leaderId;
    }

    public long commitIndex() {
        return commitIndex;
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    /** On a leader: each peer's match index (itself included); empty otherwise. */
    public Map<String, Long> matchIndexes() {
        return leader == null ? Map.of() : leader.matchIndexes();
    }

    Leader leaderState() {
        return leader;
    }

    String votedFor() {
        return votedFor;
    }
}
