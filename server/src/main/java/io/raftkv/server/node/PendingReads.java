package io.raftkv.server.node;

import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.raft.ReadState;
import io.raftkv.server.raft.Role;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Linearizable reads in flight (ReadIndex, thesis §6.4): first waiting for the core to confirm
 * leadership at a read index, then for this node to apply up to it. Each has a timeout after which
 * it fails UNAVAILABLE. Used on the node's context only.
 */
final class PendingReads {
    private record Read(long id, Promise<Long> promise, long timer) {}

    private record Confirmed(long index, Read read) {}

    /** A read registered under {@code id}, the request id to hand the core. */
    record Started(long id, Future<Long> index) {}

    private final Map<Long, Read> unconfirmed = new HashMap<>();
    private final PriorityQueue<Confirmed> awaitingApply =
            new PriorityQueue<>((a, b) -> Long.compare(a.index(), b.index()));
    private final Timers timers;
    private final long timeoutMillis;
    private long nextId = 1;

    PendingReads(Timers timers, long timeoutMillis) {
        this.timers = timers;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Starts a read barrier on {@code core}: completes with the read index once leadership was
     * confirmed at it and it is applied; fails NOT_LEADER at once when the core does not lead.
     */
    Future<Long> barrier(RaftCore core) {
        if (core.role() != Role.LEADER) {
            return Future.failedFuture(NodeException.notLeader(core.leader()));
        }
        Started read = start();
        core.readIndex(read.id());
        return read.index();
    }

    /** Registers a read; its future completes with the read index once that is applied. */
    Started start() {
        long id = nextId++;
        Promise<Long> promise = Promise.promise();
        long timer = timers.schedule(timeoutMillis, () -> {
            if (unconfirmed.remove(id) != null
                    || awaitingApply.removeIf(r -> r.read().id() == id)) {
                promise.tryFail(NodeException.unavailable("read could not be confirmed in time"));
            }
        });
        unconfirmed.put(id, new Read(id, promise, timer));
        return new Started(id, promise.future());
    }

    /**
     * The core's answer for one read: confirmed at an index, which it then waits to see applied, or
     * refused (this node does not lead; {@code leader} is the one it knows of, or null).
     */
    void confirmed(ReadState state, String leader) {
        Read read = unconfirmed.remove(state.requestId());
        if (read == null) {
            return;
        }
        if (state.ok()) {
            awaitingApply.add(new Confirmed(state.index(), read));
        } else {
            timers.cancel(read.timer());
            read.promise().tryFail(NodeException.notLeader(leader));
        }
    }

    /** Completes every confirmed read whose index is at most {@code appliedIndex}. */
    void applied(long appliedIndex) {
        while (!awaitingApply.isEmpty() && awaitingApply.peek().index() <= appliedIndex) {
            Confirmed c = awaitingApply.poll();
            timers.cancel(c.read().timer());
            c.read().promise().tryComplete(c.index());
        }
    }

    /** Fails every read in flight with {@code reason}. */
    void failAll(NodeException reason) {
        List<Read> all = new ArrayList<>(unconfirmed.values());
        awaitingApply.forEach(c -> all.add(c.read()));
        unconfirmed.clear();
        awaitingApply.clear();
        for (Read r : all) {
            timers.cancel(r.timer());
            r.promise().tryFail(reason);
        }
    }

    /** How many reads are in flight. */
    int size() {
        return unconfirmed.size() + awaitingApply.size();
    }
}
