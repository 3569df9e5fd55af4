package io.raftkv.server.node;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.raft.ReadState;
import io.raftkv.server.raft.Ready;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bridge between the pure {@link RaftCore} and the world. Everything runs on the single
 * Vert.x context that created the node: the tick timer, incoming messages, client calls (which hop
 * onto it when they come from elsewhere), and the completion of each fsync.
 *
 * <p>The loop: when the core has a {@link Ready} and no persist is in flight, take it, persist it on
 * a worker ({@code executeBlocking}, ordered), and only then send its messages, apply its committed
 * entries, answer its reads and call {@code advance}. Whatever accumulates during an fsync goes into
 * the next one (group commit).
 */
public final class RaftNode {
    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);

    private record PendingWrite(long term, Command command, Promise<Applied> promise, long timer) {}

    private record PendingRead(long id, Promise<Long> promise, long timer) {}

    private record ReadyRead(long index, PendingRead read) {}

    private record Transfer(String target, Promise<String> promise) {}

    private final Vertx vertx;
    private final Context context;
    private final NodeOptions options;
    private final RaftStorage storage;
    private final Transport transport;
    private final SnapshotFiles snapshotFiles;
    private final boolean keepsSnapshots;
    private KvStateMachine kv;

    private final TreeMap<Long, PendingWrite> writes = new TreeMap<>();
    private final Map<Long, PendingRead> reads = new HashMap<>();
    private final PriorityQueue<ReadyRead> readsAwaitingApply =
            new PriorityQueue<>((a, b) -> Long.compare(a.index(), b.index()));
    private final List<Promise<String>> leaderWaiters = new ArrayList<>();
    private final List<Transfer> transfers = new ArrayList<>();
    private final MembershipChanges membershipChanges = new MembershipChanges(this::addressed);
    /** The membership in force with every address known, for other threads (HTTP). */
    private volatile Membership membershipView = Membership.EMPTY;

    private Membership syncedMembership; // the core's membership the transport was last set up for
    /** Raft addresses of every node that was a member while this one ran, by id. */
    private final Map<String, String> knownRaft = new HashMap<>();

    private RaftCore core;
    private long tickTimer = -1;
    private long nextReadId = 1;
    private boolean persisting;
    private boolean pumpScheduled;
    private boolean stopped; // no more Raft work: closing, or storage failed
    private boolean closed;
    private Role lastRole = Role.FOLLOWER;
    private long lastTerm;
    private long durableTerm; // the term of the hard state last known to be on disk
    private Runnable fatalHandler = () -> {};

    // Snapshots (§7). lastAppliedTerm is the term of the entry at kv.appliedIndex().
    private long lastAppliedTerm;
    private long snapshotIndex;
    private long snapshotBytes;
    private long snapshotsTaken;
    private long snapshotsInstalled;
    private boolean snapshotting;
    private long nextSnapshotAttempt; // after a failed write, wait for another threshold's worth

    /** Creates a node owned by the caller's context (or a new one if called off any context). */
    public RaftNode(Vertx vertx, NodeOptions options, RaftStorage storage, Transport transport) {
        this(vertx, options, storage, transport, null);
    }

    /**
     * A node that keeps snapshots in {@code snapshots}: it takes one whenever {@link
     * NodeOptions#snapshotThreshold()} entries were applied since the last, then compacts its log.
     * With a null store it never compacts and cannot install a leader's snapshot.
     */
    public RaftNode(
            Vertx vertx, NodeOptions options, RaftStorage storage, Transport transport, SnapshotStore snapshots) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.storage = storage;
        this.transport = transport;
        this.kv = new KvStateMachine(options.maxSessions());
        this.snapshotFiles = new SnapshotFiles(snapshots, storage, options.maxSessions());
        this.keepsSnapshots = snapshots != null;
    }

    /** Called after the node stopped itself because its storage failed. */
    public RaftNode onFatal(Runnable handler) {
        this.fatalHandler = handler;
        return this;
    }

    /** {@link #recover()}, then {@link #run()}. */
    public Future<Void> start() {
        return recover().compose(v -> run());
    }

    /**
     * Loads the durable state and rebuilds the core and the state machine from the latest snapshot,
     * re-applying committed entries after it up to the persisted commit index. Nothing ticks or talks
     * to peers yet.
     */
    public Future<Void> recover() {
        return onContext(
                () -> context.executeBlocking(snapshotFiles::recover, true).map(recovered -> {
                    RaftConfig config = new RaftConfig(
                            options.id(),
                            // The members a new cluster starts with; a membership in the log or snapshot wins.
                            List.copyOf(new java.util.TreeSet<>(options.peers().keySet())),
                            options.electionTicks(),
                            options.heartbeatTicks(),
                            true,
                            true,
                            64,
                            options.maxBatchEntries());
                    core = new RaftCore(
                            config, recovered.hardState(), recovered.snapshot(), recovered.log(), new Random());
                    kv = recovered.kv();
                    if (recovered.snapshot() != null) {
                        snapshotIndex = recovered.snapshot().index();
                        snapshotBytes = recovered.snapshot().data().length;
                        lastAppliedTerm = recovered.snapshot().term();
                    }
                    long commit = recovered.hardState().commit();
                    for (Entry e : recovered.log()) {
                        if (e.index() > commit) {
                            break;
                        }
                        applyToStateMachine(e);
                    }
                    lastTerm = core.term();
                    durableTerm = recovered.hardState().term();
                    log.info(
                            "recovered term {} snapshot {} commit {} last index {}; applied {}",
                            core.term(),
                            snapshotIndex,
                            commit,
                            core.lastIndex(),
                            kv.appliedIndex());
                    return null;
                }));
    }

    /** Starts the transport and the tick timer: from now on the node takes part in Raft. */
    public Future<Void> run() {
        return onContext(() -> {
            syncMembership();
            transport.handler(message -> onContext(() -> {
                if (!stopped) {
                    core.step(message);
                    schedulePump();
                }
                return Future.succeededFuture();
            }));
            tickTimer = vertx.setPeriodic(options.tickMillis(), id -> {
                if (!stopped) {
                    core.tick();
                    schedulePump();
                }
            });
            return transport.start();
        });
    }

    /**
     * Proposes a write. Succeeds once it is committed and applied here; fails with {@link
     * NodeException}: NOT_LEADER (nothing happened), UNAVAILABLE (definitely not applied) or
     * INDETERMINATE (leadership lost or timed out after proposing: it may have happened).
     */
    public Future<Applied> propose(Command command) {
        Command cmd = options.unsafe().noSessions() ? command.withoutSession() : command;
        return onContext(() -> {
            if (stopped) {
                return Future.failedFuture(NodeException.unavailable("node is stopping"));
            }
            RaftCore.Proposal proposal = core.propose(Codec.encode(cmd));
            if (proposal == null) {
                return Future.failedFuture(NodeException.notLeader(core.leader()));
            }
            Promise<Applied> promise = Promise.promise();
            long timer = vertx.setTimer(options.requestTimeoutMillis(), id -> {
                PendingWrite w = writes.get(proposal.index());
                if (w != null && w.promise() == promise) {
                    writes.remove(proposal.index());
                    promise.tryFail(NodeException.indeterminate("timed out waiting for commit"));
                }
            });
            PendingWrite previous =
                    writes.put(proposal.index(), new PendingWrite(proposal.term(), cmd, promise, timer));
            if (previous != null) {
                finishWrite(previous, NodeException.unavailable("entry was replaced"));
            }
            schedulePump();
            return promise.future();
        });
    }

    /**
     * A linearizable read barrier (ReadIndex, thesis §6.4): succeeds with an index once leadership
     * was confirmed by a quorum and this node has applied at least that index, so a read of the map
     * right after reflects every write acknowledged before the barrier began.
     */
    public Future<Long> readBarrier() {
        return onContext(() -> {
            if (stopped) {
                return Future.failedFuture(NodeException.unavailable("node is stopping"));
            }
            if (options.unsafe().staleReads()) {
                return Future.succeededFuture(kv.appliedIndex());
            }
            if (core.role() != Role.LEADER) {
                return Future.failedFuture(NodeException.notLeader(core.leader()));
            }
            long id = nextReadId++;
            Promise<Long> promise = Promise.promise();
            long timer = vertx.setTimer(options.requestTimeoutMillis(), t -> {
                if (reads.remove(id) != null
                        || readsAwaitingApply.removeIf(r -> r.read().id() == id)) {
                    promise.tryFail(NodeException.unavailable("read could not be confirmed in time"));
                }
            });
            reads.put(id, new PendingRead(id, promise, timer));
            core.readIndex(id);
            schedulePump();
            return promise.future();
        });
    }

    /** Reads {@code key} linearizably (see {@link #readBarrier()}). */
    public Future<String> get(String key) {
        return readBarrier().map(index -> kv.get(key));
    }

    /**
     * Whether linearizable reads are served from this node's map without asking the leader: only
     * with the unsafe stale-reads switch.
     */
    public boolean readsLocally() {
        return options.unsafe().staleReads();
    }

    /** Reads {@code key} from the local map: may be stale. Call on the node's context. */
    public String staleGet(String key) {
        return kv.get(key);
    }

    /** Completes with the leader's id as soon as one is known, or fails UNAVAILABLE after the wait. */
    public Future<String> awaitLeader(long timeoutMillis) {
        return onContext(() -> {
            if (core.leader() != null) {
                return Future.succeededFuture(core.leader());
            }
            Promise<String> promise = Promise.promise();
            leaderWaiters.add(promise);
            vertx.setTimer(timeoutMillis, t -> {
                if (leaderWaiters.remove(promise)) {
                    promise.tryFail(NodeException.unavailable("no leader after " + timeoutMillis + " ms"));
                }
            });
            return promise.future();
        });
    }

    /**
     * Hands leadership to {@code target} (thesis §3.10) and completes with its id once this node
     * knows it leads; fails NOT_LEADER if this node does not lead, UNAVAILABLE if the transfer did not
     * finish within {@code timeoutMillis} (the core then abandons it and this node serves again).
     *
     * @throws IllegalArgumentException if {@code target} is not a voting member
     */
    public Future<String> transferLeadership(String target, long timeoutMillis) {
        if (!isVoter(target)) {
            throw new IllegalArgumentException("'" + target + "' is not a voting member");
        }
        return onContext(() -> {
            if (stopped) {
                return Future.failedFuture(NodeException.unavailable("node is stopping"));
            }
            if (target.equals(core.leader())) {
                return Future.succeededFuture(target);
            }
            if (!core.transferLeadership(target)) {
                return Future.failedFuture(NodeException.notLeader(core.leader()));
            }
            log.info("handing leadership to {}", target);
            Transfer transfer = new Transfer(target, Promise.promise());
            transfers.add(transfer);
            vertx.setTimer(timeoutMillis, t -> {
                if (transfers.remove(transfer)) {
                    transfer.promise()
                            .tryFail(NodeException.unavailable("leadership did not move to " + target + " within "
                                    + timeoutMillis + " ms; the leader is " + core.leader()));
                }
            });
            schedulePump();
            return transfer.promise().future();
        });
    }

    /** Whether {@code id} is one of the cluster's members (voter or learner), as this node knows. */
    public boolean isMember(String id) {
        return membershipView.contains(id);
    }

    /** Whether {@code id} is a voting member, as this node knows. */
    public boolean isVoter(String id) {
        return membershipView.isVoter(id);
    }

    /**
     * The membership in force on this node (the latest in its log, possibly not committed yet), with
     * every address it knows. Safe from any thread.
     */
    public Membership membership() {
        return membershipView;
    }

    /**
     * Adds a node: first as a learner, promoted by the leader once it caught up (thesis §4.2.1).
     * Completes with the membership once the node is a voter. Fails NOT_LEADER here if this node does
     * not lead; IN_PROGRESS when it is still a learner after {@code timeoutMillis}; {@link
     * IllegalArgumentException} when that id is a member at another raft address. Idempotent.
     */
    public Future<Membership> addMember(String id, String raft, String http, long timeoutMillis) {
        return membershipChange(
                () -> membershipChanges.add(core, new Membership.Member(id, raft, http, false), timeoutMillis));
    }

    /**
     * Removes a member (thesis §4.1); completes with the membership once its removal is committed.
     * A leader that removes itself steps down then. Idempotent: removing a non-member succeeds.
     * Fails with {@link IllegalArgumentException} for the last voter.
     */
    public Future<Membership> removeMember(String id, long timeoutMillis) {
        return membershipChange(() -> membershipChanges.remove(core, id, timeoutMillis));
    }

    /** Starts a membership request on the node's context; a refused one fails the future. */
    private Future<Membership> membershipChange(Supplier<Future<Membership>> request) {
        return onContext(() -> {
            if (stopped) {
                return Future.failedFuture(NodeException.unavailable("node is stopping"));
            }
            try {
                Future<Membership> f = request.get();
                schedulePump();
                return f;
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(e);
            }
        });
    }

    /** {@code m} with the addresses the core does not hold filled in from flags and peers' hellos. */
    private Membership addressed(Membership m) {
        Map<String, String> http = transport.peerHttp();
        Membership out = m;
        for (Membership.Member member : m.members().values()) {
            String raft =
                    member.raft() != null ? member.raft() : options.peers().get(member.id());
            String h = member.http() != null ? member.http() : http.get(member.id());
            if (!java.util.Objects.equals(raft, member.raft()) || !java.util.Objects.equals(h, member.http())) {
                out = out.with(new Membership.Member(member.id(), raft, h, member.voter()));
            }
        }
        return out;
    }

    /** Points the transport at the members whenever the membership in force changes. */
    private void syncMembership() {
        Membership m = core.membership();
        if (m == syncedMembership) {
            if (membershipView.members().values().stream().anyMatch(member -> member.http() == null)) {
                membershipView = addressed(m); // HTTP addresses learned from hellos since
            }
            return;
        }
        syncedMembership = m;
        Membership view = addressed(m);
        membershipView = view;
        // Removed nodes stay reachable: the leader still tells them of their removal. A node named
        // in this node's own --peers is dialed where those say (they may name a proxy or a local
        // route that differs from node to node); the membership's address serves the others.
        view.members().values().stream()
                .filter(member -> member.raft() != null)
                .forEach(
                        member -> knownRaft.put(member.id(), options.peers().getOrDefault(member.id(), member.raft())));
        try {
            transport.setPeers(knownRaft);
        } catch (IllegalArgumentException e) {
            log.error("membership {} has an unusable address: {}", view, e.getMessage());
        }
        log.info("membership: {}", describe(view, knownRaft));
    }

    /** The members, each with the address this node dials (or listens on, for itself). */
    private static String describe(Membership m, Map<String, String> dialed) {
        StringBuilder b = new StringBuilder();
        for (Membership.Member member : m.members().values()) {
            String address = dialed.getOrDefault(member.id(), member.raft());
            b.append(b.isEmpty() ? "" : ", ")
                    .append(member.id())
                    .append(member.voter() ? "" : " (learner)")
                    .append(address == null ? "" : " at " + address);
        }
        return b.isEmpty() ? "none yet" : b.toString();
    }

    public String id() {
        return options.id();
    }

    /** Whether this node leads. Call on the node's context. */
    public boolean isLeader() {
        return core != null && core.role() == Role.LEADER;
    }

    /** The leader's id as this node knows it, or null. Call on the node's context. */
    public String leader() {
        return core == null ? null : core.leader();
    }

    /** The HTTP address a node announced, or the one its membership entry gives; null if unknown. */
    public String httpAddress(String nodeId) {
        String announced = transport.peerHttp().get(nodeId);
        if (announced != null) {
            return announced;
        }
        Membership.Member m = membershipView.get(nodeId);
        return m == null ? null : m.http();
    }

    /** Current status. Call on the node's context. */
    public NodeStatus status(String selfHttp) {
        Map<String, Long> match = core.matchIndexes();
        Map<String, String> http = new HashMap<>(transport.peerHttp());
        http.put(options.id(), selfHttp);
        List<NodeStatus.Peer> peers = new ArrayList<>();
        Membership members = membershipView;
        for (Membership.Member m : members.members().values()) {
            String h = http.getOrDefault(m.id(), m.http());
            peers.add(new NodeStatus.Peer(m.id(), m.raft(), h, m.voter(), match.get(m.id())));
        }
        String leader = core.leader();
        return new NodeStatus(
                options.id(),
                roleName(members),
                core.term(),
                leader,
                leader == null ? null : http.get(leader),
                core.commitIndex(),
                kv.appliedIndex(),
                core.lastIndex(),
                core.lastIndex() - snapshotIndex,
                snapshotIndex,
                snapshotBytes,
                snapshotsTaken,
                snapshotsInstalled,
                peers);
    }

    /**
     * The core's role, except that a follower that is not a voter says why: a learner, a node still
     * joining (no membership yet) or one that was removed.
     */
    private String roleName(Membership members) {
        String id = options.id();
        if (core.role() == Role.FOLLOWER && !members.isVoter(id)) {
            return members.isEmpty() ? "joining" : members.contains(id) ? "learner" : "removed";
        }
        return core.role().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Stops ticking, fails what is pending, closes the transport, then the storage. */
    public Future<Void> close() {
        return onContext(() -> {
            if (closed) {
                return Future.succeededFuture();
            }
            closed = true;
            if (!stopped) {
                stop("node is stopping");
            }
            return transport
                    .close()
                    .transform(ar -> context.executeBlocking(
                            () -> {
                                storage.close();
                                return null;
                            },
                            true))
                    .mapEmpty();
        });
    }

    private void stop(String reason) {
        stopped = true;
        vertx.cancelTimer(tickTimer);
        failAllWrites(reason);
        failAllReads(NodeException.unavailable(reason));
        leaderWaiters.forEach(p -> p.tryFail(NodeException.unavailable(reason)));
        leaderWaiters.clear();
        transfers.forEach(t -> t.promise().tryFail(NodeException.unavailable(reason)));
        transfers.clear();
        membershipChanges.failAll(NodeException.unavailable(reason));
    }

    // ---- the loop ----

    private void schedulePump() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            // Later on the same context, so everything arriving in this turn shares one Ready.
            context.runOnContext(v -> {
                pumpScheduled = false;
                pump();
            });
        }
    }

    private void pump() {
        if (stopped) {
            return;
        }
        noticeRoleChange();
        if (persisting || !core.hasReady()) {
            return;
        }
        Ready ready = core.ready();
        if (ready.hardState() == null && ready.entries().isEmpty() && ready.snapshot() == null) {
            finish(ready, ready.messages(), null);
            schedulePump();
            return;
        }
        // A leader's AppendEntries may leave while it writes the same entries to its own disk
        // (thesis §10.2.1): the core counts the leader's own log toward a majority only after
        // advance(), and the term they carry became durable when this node voted for itself. Only
        // the rest of the messages (votes, acknowledgements) must wait for the fsync.
        List<Message> afterPersist = new ArrayList<>();
        for (Message m : ready.messages()) {
            if (m instanceof Message.AppendRequest && m.term() <= durableTerm) {
                transport.send(m);
            } else {
                afterPersist.add(m);
            }
        }
        persisting = true;
        context.executeBlocking(
                        () -> {
                            // A leader's snapshot is durable, and the log it replaces gone, before
                            // the entries that follow it and before the acknowledgement (Ready order).
                            KvStateMachine installed =
                                    ready.snapshot() == null ? null : snapshotFiles.install(ready.snapshot());
                            storage.persist(ready.hardState(), ready.entries());
                            return installed;
                        },
                        true)
                .onComplete(ar -> {
                    persisting = false;
                    if (stopped) {
                        return;
                    }
                    if (ar.failed()) {
                        log.error("storage failed; stopping this node", ar.cause());
                        stop("storage failed");
                        fatalHandler.run();
                        return;
                    }
                    if (ready.hardState() != null) {
                        durableTerm = ready.hardState().term();
                    }
                    finish(ready, afterPersist, ar.result());
                    schedulePump();
                });
    }

    /** The part of a Ready that may only happen once its state is durable. */
    private void finish(Ready ready, List<Message> messages, KvStateMachine installed) {
        // Votes and append acknowledgements promise that the state they depend on survives a crash:
        // they leave only now, after persist returned (§5.1, Figure 2 "before responding to RPCs").
        messages.forEach(transport::send);
        if (installed != null) {
            installSnapshot(ready.snapshot(), installed);
        }
        if (options.unsafe().ackBeforeCommit()) {
            for (Entry e : ready.entries()) {
                PendingWrite w = writes.get(e.index());
                if (w != null && w.term() == e.term()) {
                    writes.remove(e.index());
                    vertx.cancelTimer(w.timer());
                    w.promise().tryComplete(new Applied(e.index(), kv.preview(w.command())));
                }
            }
        }
        for (Entry e : ready.committed()) {
            applyToStateMachine(e);
        }
        for (ReadState rs : ready.readStates()) {
            PendingRead read = reads.remove(rs.requestId());
            if (read == null) {
                continue;
            }
            if (!rs.ok()) {
                vertx.cancelTimer(read.timer());
                read.promise().tryFail(NodeException.notLeader(core.leader()));
            } else {
                readsAwaitingApply.add(new ReadyRead(rs.index(), read));
            }
        }
        core.advance(ready);
        completeReads();
        noticeRoleChange();
        maybeTakeSnapshot();
    }

    /** Replaces the state machine by a leader's snapshot, which is already durable (§7). */
    private void installSnapshot(Snapshot snapshot, KvStateMachine restored) {
        kv = restored;
        lastAppliedTerm = snapshot.term();
        snapshotIndex = snapshot.index();
        snapshotBytes = snapshot.data().length;
        snapshotsInstalled++;
        nextSnapshotAttempt = 0;
        // Proposals at covered indexes came from an earlier leadership; their fate is in the snapshot.
        for (PendingWrite w : List.copyOf(writes.headMap(snapshot.index(), true).values())) {
            finishWrite(w, NodeException.indeterminate("replaced by the leader's snapshot"));
        }
        writes.headMap(snapshot.index(), true).clear();
        log.info("installed the leader's snapshot {}", snapshot);
    }

    /**
     * Takes a snapshot once enough entries were applied since the last one. Only a copy of the map is
     * made here, on the event loop; encoding and the fsynced write run on a worker, concurrently with
     * log writes. Once the file is durable, the core and the stored log drop what it covers.
     */
    private void maybeTakeSnapshot() {
        long threshold = options.snapshotThreshold();
        long applied = kv.appliedIndex();
        if (!keepsSnapshots
                || threshold <= 0
                || snapshotting
                || stopped
                || applied - snapshotIndex < threshold
                || applied < nextSnapshotAttempt) {
            return;
        }
        Membership membership = core.membershipAt(applied);
        if (membership.isEmpty()) {
            return; // joining, and the membership it joins is not applied yet: nothing true to record
        }
        snapshotting = true;
        long started = System.nanoTime();
        KvStateMachine.Image image = kv.capture();
        long term = lastAppliedTerm;
        long captured = System.nanoTime();
        context.executeBlocking(() -> snapshotFiles.write(image, term, membership), false)
                .onComplete(ar -> {
                    snapshotting = false;
                    if (ar.failed()) {
                        log.error("could not write the snapshot at index {}; retrying later", applied, ar.cause());
                        nextSnapshotAttempt = applied + threshold;
                        return;
                    }
                    Snapshot snapshot = ar.result();
                    int data = snapshot.data().length;
                    log.info(
                            "took snapshot at index {}: {} keys, {} bytes, copy {} ms, encode and write {} ms",
                            applied,
                            image.size(),
                            data,
                            (captured - started) / 1_000_000,
                            (System.nanoTime() - captured) / 1_000_000);
                    if (stopped || applied <= snapshotIndex) {
                        return; // a leader's newer snapshot was installed meanwhile
                    }
                    core.compact(snapshot);
                    snapshotIndex = applied;
                    snapshotBytes = data;
                    snapshotsTaken++;
                    // Ordered with the log's own writes: the storage has one caller at a time.
                    context.executeBlocking(
                                    () -> {
                                        storage.compact(applied);
                                        return null;
                                    },
                                    true)
                            .onFailure(e -> log.error("could not compact the log up to {}", applied, e));
                });
    }

    private void applyToStateMachine(Entry e) {
        if (e.index() <= kv.appliedIndex()) {
            return; // already re-applied from the log at start-up
        }
        lastAppliedTerm = e.term();
        KvStateMachine.Outcome outcome = null;
        if (e.type() != EntryType.NORMAL) {
            kv.applyNoop(e.index()); // no-ops and memberships: the core acted on them already
        } else {
            outcome = kv.apply(e.index(), e.data());
        }
        PendingWrite w = writes.remove(e.index());
        if (w == null) {
            return;
        }
        if (w.term() == e.term()) {
            vertx.cancelTimer(w.timer());
            w.promise().tryComplete(new Applied(outcome.index(), outcome.result()));
        } else {
            // Another entry was committed at this index, so ours never will be (§5.3 Log Matching).
            finishWrite(w, NodeException.unavailable("a new leader replaced the proposal; it had no effect"));
        }
    }

    private void completeReads() {
        while (!readsAwaitingApply.isEmpty() && readsAwaitingApply.peek().index() <= kv.appliedIndex()) {
            ReadyRead r = readsAwaitingApply.poll();
            vertx.cancelTimer(r.read().timer());
            r.read().promise().tryComplete(r.index());
        }
    }

    private void noticeRoleChange() {
        Role role = core.role();
        long term = core.term();
        if (lastRole == Role.LEADER && (role != Role.LEADER || term != lastTerm)) {
            log.info("lost leadership in term {} (now {} in term {})", lastTerm, role, term);
            failAllWrites("leadership lost after proposing");
            failAllReads(NodeException.notLeader(core.leader()));
        }
        if (role == Role.LEADER && (lastRole != Role.LEADER || term != lastTerm)) {
            log.info("became leader in term {}", term);
        }
        lastRole = role;
        lastTerm = term;
        membershipChanges.progress(core);
        syncMembership();
        if (!transfers.isEmpty()) {
            for (Transfer t : List.copyOf(transfers)) {
                if (t.target().equals(core.leader())) {
                    transfers.remove(t);
                    t.promise().tryComplete(t.target());
                }
            }
        }
        if (core.leader() != null && !leaderWaiters.isEmpty()) {
            List<Promise<String>> waiters = List.copyOf(leaderWaiters);
            leaderWaiters.clear();
            waiters.forEach(p -> p.tryComplete(core.leader()));
        }
    }

    private void failAllWrites(String reason) {
        List<PendingWrite> all = List.copyOf(writes.values());
        writes.clear();
        all.forEach(w -> finishWrite(w, NodeException.indeterminate(reason)));
    }

    private void finishWrite(PendingWrite w, NodeException outcome) {
        vertx.cancelTimer(w.timer());
        w.promise().tryFail(outcome);
    }

    private void failAllReads(NodeException reason) {
        List<PendingRead> all = new ArrayList<>(reads.values());
        readsAwaitingApply.forEach(r -> all.add(r.read()));
        reads.clear();
        readsAwaitingApply.clear();
        for (PendingRead r : all) {
            vertx.cancelTimer(r.timer());
            r.promise().tryFail(reason);
        }
    }

    /** Runs {@code action} on the node's context, hopping there if called from elsewhere. */
    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
