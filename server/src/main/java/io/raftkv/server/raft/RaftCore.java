package io.raftkv.server.raft;

import io.raftkv.server.raft.Message.AppendRequest;
import io.raftkv.server.raft.Message.AppendResponse;
import io.raftkv.server.raft.Message.InstallSnapshot;
import io.raftkv.server.raft.Message.TimeoutNow;
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

    /**
     * A follower that rejected entries up to {@code acknowledged} after acknowledging them: its disk
     * was wiped or restored from an old backup. The leader replicates its log to it again.
     */
    public record LostEntries(String follower, long acknowledged) {}

    /** Bounds a Ready's committed entries (e.g. when a restarted node re-applies a long log). */
    private static final int MAX_APPLY_PER_READY = 4096;

    final RaftConfig config;
    private final RandomGenerator random;
    final RaftLog log;
    final Outbox outbox;

    // Persistent state on all servers (Figure 2).
    long currentTerm;
    String votedFor;

    // Volatile state.
    private long commitIndex;
    private final List<LostEntries> lostEntries = new ArrayList<>();
    long appliedIndex; // last index handed to the node to apply
    /** The latest snapshot: sent to followers the log no longer serves. */
    Snapshot snapshot;
    /** A snapshot received from the leader, still to be handed to the node. */
    Snapshot snapshotToInstall;

    final MembershipTracker members;

    Role role = Role.FOLLOWER;
    String leaderId;
    private Leader leader; // non-null iff role == LEADER
    private final Voting voting = new Voting(this);
    private final Follower follower = new Follower(this);
    int electionElapsed;
    private int randomizedElectionTimeout;

    /**
     * Restores a core from durable state.
     *
     * @param log the stored entries, contiguous from index 1
     */
    public RaftCore(RaftConfig config, HardState hardState, List<Entry> log, RandomGenerator random) {
        this(config, hardState, null, log, random);
    }

    /**
     * Restores a core from durable state that includes a snapshot; the node restores its state
     * machine from the snapshot itself and gets only later entries to apply.
     *
     * @param snapshot the latest durable snapshot, or null
     * @param log the stored entries, contiguous from just after the snapshot
     */
    public RaftCore(
            RaftConfig config, HardState hardState, Snapshot snapshot, List<Entry> log, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.log = new RaftLog(snapshot, log);
        this.snapshot = snapshot;
        this.currentTerm = hardState.term();
        this.votedFor = hardState.votedFor();
        if (this.log.lastTerm() > currentTerm) {
            throw new IllegalArgumentException("log has term " + this.log.lastTerm() + " above " + hardState);
        }
        // A commit index is only a hint (HardState): never beyond what the log holds.
        this.appliedIndex = this.log.snapshotIndex();
        this.commitIndex = Math.max(appliedIndex, Math.min(hardState.commit(), this.log.lastIndex()));
        this.members = new MembershipTracker(this, Membership.ofVoters(config.peers()));
        this.outbox = new Outbox(hardState, softState());
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
            voting.startElection();
        }
    }

    /** Handles a message from a peer; messages not addressed to this node are ignored. */
    public void step(Message m) {
        // Senders need not be members: a joining node hears from a leader it has never heard of.
        if (!config.id().equals(m.to()) || m.from().equals(m.to())) {
            return;
        }
        if (m.term() > currentTerm) {
            if (m instanceof VoteRequest vr && !vr.transfer() && voting.inLease(vr)) {
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
            case VoteRequest vr -> voting.handleVoteRequest(vr);
            case VoteResponse vr -> voting.handleVoteResponse(vr);
            case AppendRequest ar -> follower.handleAppendRequest(ar);
            case InstallSnapshot is -> follower.handleInstallSnapshot(is);
            case AppendResponse ar -> {
                if (role == Role.LEADER) {
                    leader.handleAppendResponse(ar);
                    stepDownIfRemoved();
                }
            }
            case TimeoutNow t -> {
                if (role == Role.FOLLOWER && t.from().equals(leaderId)) {
                    voting.campaignForTransfer();
                }
            }
        }
    }

    /** §5.1: a request with a stale term is rejected; the answer's term tells the sender to step down. */
    private void rejectStale(Message m) {
        if (m instanceof AppendRequest) {
            send(new AppendResponse(config.id(), m.from(), currentTerm, false, 0, 0, 0, 0));
        } else if (m instanceof VoteRequest vr) {
            send(new VoteResponse(config.id(), m.from(), currentTerm, false, vr.preVote()));
        }
    }

    /** Appends a command if this node leads; returns null otherwise, or while it hands leadership over. */
    public Proposal propose(byte[] command) {
        if (role != Role.LEADER || leader.transferee() != null) {
            return null;
        }
        Entry e = new Entry(currentTerm, log.lastIndex() + 1, EntryType.NORMAL, command.clone());
        log.append(e);
        return new Proposal(e.index(), e.term());
    }

    /**
     * Whether this node may start a membership change now: it leads, hands nothing over, the last
     * change is committed, and so is an entry of its term (thesis §4.1 and its single-server change
     * fix: a leader must not change membership before it committed an entry of its own term).
     */
    public boolean canChangeMembership() {
        return role == Role.LEADER
                && leader.transferee() == null
                && members.index() <= commitIndex
                && log.term(commitIndex) == currentTerm;
    }

    /**
     * Appends a change to {@code next} if {@link #canChangeMembership()}; returns null otherwise. It
     * is in force at once; it is done when its entry commits. A learner in {@code next} is promoted
     * by the leader once it has caught up.
     *
     * @throws IllegalArgumentException if {@code next} is not a single-server change from {@link
     *     #membership()}
     */
    public Proposal proposeMembership(Membership next) {
        Membership current = members.current();
        if (!next.isSingleChangeFrom(current)) {
            throw new IllegalArgumentException(
                    "not a single-server change from " + current + " to " + next + ", or no voter left");
        }
        return canChangeMembership() ? members.append(next) : null;
    }

    /** Whether the membership in force is committed (no change is under way). */
    public boolean membershipCommitted() {
        return members.index() <= commitIndex;
    }

    /** The membership in force: possibly not yet committed. */
    public Membership membership() {
        return members.current();
    }

    /** The membership as of log index {@code index} (for a snapshot taken there). */
    public Membership membershipAt(long index) {
        return members.at(index);
    }

    /** A leader whose own removal committed steps down (thesis §4.2.2); it no longer campaigns. */
    private void stepDownIfRemoved() {
        if (role == Role.LEADER && !membership().isVoter(config.id()) && membershipCommitted()) {
            becomeFollower(currentTerm, null);
        }
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
            outbox.read(new ReadState(requestId, 0, false));
        }
    }

    /**
     * Starts handing leadership to {@code target} (thesis §3.10): proposals are refused meanwhile, the
     * target is brought up to date and then told to campaign at once. The transfer is abandoned if it
     * does not complete within an election timeout. Returns false if this node does not lead or the
     * target is not another voter.
     */
    public boolean transferLeadership(String target) {
        if (role != Role.LEADER || target.equals(config.id()) || !membership().isVoter(target)) {
            return false;
        }
        leader.transferTo(target);
        return true;
    }

    /**
     * The node took {@code snapshot} of its state machine, made it durable, and may now delete the
     * stored log up to its index (§7). The core forgets those entries too and sends the snapshot to
     * followers that need them. Ignored unless the snapshot covers only applied, persisted entries
     * beyond the current snapshot, with the log's term at its index.
     */
    public void compact(Snapshot snapshot) {
        long index = snapshot.index();
        if (index <= log.snapshotIndex()
                || index > appliedIndex
                || index > log.persistedIndex()
                || log.term(index) != snapshot.term()) {
            return;
        }
        log.compactTo(index);
        this.snapshot = snapshot;
    }

    public boolean hasReady() {
        return outbox.canHandOut()
                && (outbox.hasNews(hardState(), softState())
                        || log.hasUnstable()
                        || snapshotToInstall != null
                        || commitIndex > appliedIndex
                        || (leader != null && leader.hasSomethingToSend()));
    }

    /** What to persist, send and apply since the last {@link #advance(Ready)}. */
    public Ready ready() {
        if (leader != null) {
            leader.flush();
        }
        List<Entry> entries = log.takeUnstable();
        long applyTo = Math.min(commitIndex, appliedIndex + MAX_APPLY_PER_READY);
        List<Entry> committed = log.slice(appliedIndex + 1, applyTo);
        appliedIndex = applyTo;
        Snapshot install = snapshotToInstall;
        snapshotToInstall = null;
        return outbox.take(hardState(), softState(), entries, committed, install);
    }

    /** Acknowledges that everything in {@code ready} was done. */
    public void advance(Ready ready) {
        outbox.advanced();
        if (!ready.entries().isEmpty()) {
            log.persistedTo(ready.entries().getLast());
            if (leader != null) {
                leader.maybeCommit(); // the leader's own log now counts toward a majority
                stepDownIfRemoved();
            }
        }
    }

    /** Queues a message for the next {@link Ready} (see {@link Outbox#send} on why only so). */
    void send(Message m) {
        outbox.send(m);
    }

    void commitTo(long index) {
        if (index > commitIndex) {
            commitIndex = index; // never decreases
        }
    }

    void becomeLeader() {
        role = Role.LEADER;
        leaderId = config.id();
        electionElapsed = 0;
        leader = new Leader(this, config);
        // A no-op of the new term lets earlier entries commit (§5.4.2) and reads start (§8).
        log.append(Entry.noop(currentTerm, log.lastIndex() + 1));
    }

    void becomeFollower(long term, String newLeader) {
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

    void resetElectionTimer() {
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

    /** What followers lost since the last call, for the node to report; empty on most calls. */
    public List<LostEntries> takeLostEntries() {
        if (lostEntries.isEmpty()) {
            return List.of();
        }
        var out = List.copyOf(lostEntries);
        lostEntries.clear();
        return out;
    }

    void reportLostEntries(String follower, long acknowledged) {
        lostEntries.add(new LostEntries(follower, acknowledged));
    }

    /** Times out at once, as if the election timer fired (for tests). */
    void startElection() {
        voting.startElection();
    }

    Leader leaderState() {
        return leader;
    }

    String votedFor() {
        return votedFor;
    }
}
