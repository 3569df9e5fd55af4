package io.raftkv.server.node;

import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.raft.ReadState;
import io.raftkv.server.raft.Ready;
import io.raftkv.server.raft.Role;
import io.raftkv.server.storage.RaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.transport.Transport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
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

    private final Vertx vertx;
    private final Context context;
    private final NodeOptions options;
    private final RaftStorage storage;
    private final Transport transport;
    private final SnapshotFiles snapshotFiles;
    private final boolean keepsSnapshots;

    private final PendingWrites writes;
    private final PendingReads reads;
    private final SnapshotPolicy snapshots;
    private final SnapshotTaker snapshotTaker;
    private final StateMachineApplier applier;
    private final NodeCluster cluster;
    private final NodeLoop loop;

    private RaftCore core;
    private Ticker ticker;
    private boolean persisting;
    private boolean pumpScheduled;
    private boolean stopped; // no more Raft work: closing, or storage failed
    private boolean closed;
    private Role lastRole = Role.FOLLOWER;
    private long lastTerm;
    private long durableTerm; // the term of the hard state last known to be on disk
    private Runnable fatalHandler = () -> {};

    /**
     * A node owned by the caller's context (or a new one if called off any context) that keeps
     * snapshots in {@code snapshots}: it takes one whenever {@link NodeOptions#snapshotThreshold()}
     * entries were applied since the last, then compacts its log. With a null store it never compacts
     * and cannot install a leader's snapshot.
     */
    public RaftNode(
            Vertx vertx, NodeOptions options, RaftStorage storage, Transport transport, SnapshotStore snapshots) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.storage = storage;
        this.transport = transport;
        this.snapshotFiles = new SnapshotFiles(snapshots, storage, options.maxSessions());
        this.keepsSnapshots = snapshots != null;
        this.loop = new NodeLoop(context, () -> core, () -> stopped, this::schedulePump);
        Timers timers = Timers.of(vertx);
        this.writes = new PendingWrites(timers, options.requestTimeoutMillis());
        this.reads = new PendingReads(timers, options.requestTimeoutMillis());
        this.snapshots = new SnapshotPolicy(keepsSnapshots ? options.snapshotThreshold() : 0);
        this.snapshotTaker = new SnapshotTaker(context, snapshotFiles, storage, this.snapshots, this::storageFailed);
        this.applier = new StateMachineApplier(new KvStateMachine(options.maxSessions()), writes, this.snapshots);
        this.cluster = new NodeCluster(loop, transport, options.peers(), timers);
    }

    /** Told, for each write answered here, how long it took from proposal to apply, in nanoseconds. */
    public RaftNode onCommit(LongConsumer nanos) {
        writes.onCommit(nanos);
        return this;
    }

    /**
     * This node's HTTP address as other nodes reach it: recorded in the membership whenever this node
     * leads, since followers forward client requests only to an address recorded there.
     */
    public RaftNode httpAddress(String address) {
        cluster.selfHttp(address);
        return this;
    }

    /** Called after the node stopped itself because its storage failed. */
    public RaftNode onFatal(Runnable handler) {
        this.fatalHandler = handler;
        return this;
    }

    /**
     * Loads the durable state and rebuilds the core and the state machine from the latest snapshot,
     * re-applying committed entries after it up to the persisted commit index; a node that starts a
     * new cluster first writes its initial members into the log ({@link Bootstrap}). Nothing ticks
     * or talks to peers yet.
     */
    public Future<Void> recover() {
        return loop.on(() -> context.executeBlocking(
                        () -> Bootstrap.apply(snapshotFiles.recover(), options.peers(), storage), true)
                .map(recovered -> {
                    core = new RaftCore(
                            options.raftConfig(),
                            recovered.hardState(),
                            recovered.snapshot(),
                            recovered.log(),
                            new Random());
                    long commit = recovered.hardState().commit();
                    applier.start(recovered, commit);
                    lastTerm = core.term();
                    durableTerm = recovered.hardState().term();
                    log.info(
                            "recovered term {} snapshot {} commit {} last index {}; applied {}",
                            core.term(),
                            snapshots.index(),
                            commit,
                            core.lastIndex(),
                            applier.kv().appliedIndex());
                    return null;
                }));
    }

    /** Starts the transport and the tick timer: from now on the node takes part in Raft. */
    public Future<Void> run() {
        return loop.on(() -> {
            cluster.progress(core);
            transport.handler(message -> loop.on(() -> {
                if (!stopped) {
                    core.step(message);
                    schedulePump();
                }
                return Future.succeededFuture();
            }));
            ticker = new Ticker(vertx, options.tickMillis(), () -> {
                if (!stopped) {
                    core.tick();
                    schedulePump();
                }
            });
            ticker.start();
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
        return loop.request(core -> writes.propose(core, cmd));
    }

    /**
     * A linearizable read barrier (ReadIndex, thesis §6.4): succeeds with an index once leadership
     * was confirmed by a quorum and this node has applied at least that index, so a read of the map
     * right after reflects every write acknowledged before the barrier began.
     */
    public Future<Long> readBarrier() {
        return loop.request(core -> options.unsafe().staleReads()
                ? Future.succeededFuture(applier.kv().appliedIndex())
                : reads.barrier(core));
    }

    /** Reads {@code key} linearizably (see {@link #readBarrier()}). */
    public Future<String> get(String key) {
        return readBarrier().map(index -> applier.kv().get(key));
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
        return applier.kv().get(key);
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

    /** Who leads, who is a member and where; leadership transfers and membership changes. */
    public NodeCluster cluster() {
        return cluster;
    }

    /** Current status. Call on the node's context. */
    public NodeStatus status(String selfHttp) {
        Map<String, String> http = new HashMap<>(cluster.httpAddresses());
        http.put(options.id(), selfHttp);
        return NodeStatus.of(
                options.id(),
                core,
                applier.kv().appliedIndex(),
                snapshots,
                writes.size(),
                reads.size(),
                cluster.membership(),
                http);
    }

    /** Stops ticking, fails what is pending, closes the transport, then the storage. */
    public Future<Void> close() {
        return loop.on(() -> {
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
        if (ticker != null) {
            ticker.stop();
        }
        writes.failAll(NodeException.indeterminate(reason));
        reads.failAll(NodeException.unavailable(reason));
        cluster.failAll(NodeException.unavailable(reason));
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
                        storageFailed(ar.cause());
                        return;
                    }
                    if (ready.hardState() != null) {
                        durableTerm = ready.hardState().term();
                    }
                    finish(ready, afterPersist, ar.result());
                    schedulePump();
                });
    }

    /**
     * A write to storage failed (an fsync answering EIO, a full disk): what it covered is not known
     * to be durable, so nothing that depends on it may be acknowledged; the node stops and tells
     * its owner, which exits. Call on the node's context.
     */
    private void storageFailed(Throwable cause) {
        if (stopped) {
            return;
        }
        log.error("storage failed; stopping this node", cause);
        stop("storage failed");
        fatalHandler.run();
    }

    /** The part of a Ready that may only happen once its state is durable. */
    private void finish(Ready ready, List<Message> messages, KvStateMachine installed) {
        // Votes and append acknowledgements promise that the state they depend on survives a crash:
        // they leave only now, after persist returned (§5.1, Figure 2 "before responding to RPCs").
        messages.forEach(transport::send);
        if (installed != null) {
            applier.install(ready.snapshot(), installed);
        }
        if (options.unsafe().ackBeforeCommit()) {
            writes.answerEarly(ready.entries(), applier.kv()::preview);
        }
        for (Entry e : ready.committed()) {
            applier.apply(e);
        }
        for (ReadState rs : ready.readStates()) {
            reads.confirmed(rs, core.leader());
        }
        core.advance(ready);
        reads.applied(applier.kv().appliedIndex());
        noticeRoleChange();
        if (!stopped) {
            snapshotTaker.maybeTake(core, applier.kv(), applier.lastAppliedTerm(), () -> stopped);
        }
    }

    private void noticeRoleChange() {
        Role role = core.role();
        long term = core.term();
        if (lastRole == Role.LEADER && (role != Role.LEADER || term != lastTerm)) {
            log.info("lost leadership in term {} (now {} in term {})", lastTerm, role, term);
            writes.failAll(NodeException.indeterminate("leadership lost after proposing"));
            reads.failAll(NodeException.notLeader(core.leader()));
        }
        if (role == Role.LEADER && (lastRole != Role.LEADER || term != lastTerm)) {
            log.info("became leader in term {}", term);
        }
        lastRole = role;
        lastTerm = term;
        cluster.progress(core);
    }
}
