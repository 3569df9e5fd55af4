package io.raftkv.server.node;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.kv.Result;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.RaftCore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Proposals waiting for their entry to be applied, by log index, each with its timeout. Every one
 * is answered exactly once: applied, refused (it definitely had no effect) or indeterminate (it may
 * have taken effect). Used on the node's context only.
 */
final class PendingWrites {
    private record Write(long term, Command command, Promise<Applied> promise, long timer, long proposedNanos) {}

    private final TreeMap<Long, Write> byIndex = new TreeMap<>();
    private final Timers timers;
    private final long timeoutMillis;
    private LongConsumer commitNanos = nanos -> {};

    PendingWrites(Timers timers, long timeoutMillis) {
        this.timers = timers;
        this.timeoutMillis = timeoutMillis;
    }

    /** Tells {@code listener} how long each write took from its proposal to its apply. */
    void onCommit(LongConsumer listener) {
        this.commitNanos = listener;
    }

    /** Proposes {@code command} to {@code core} and waits for it; fails NOT_LEADER when it does not lead. */
    Future<Applied> propose(RaftCore core, Command command) {
        RaftCore.Proposal proposal = core.propose(Codec.encode(command));
        return proposal == null
                ? Future.failedFuture(NodeException.notLeader(core.leader()))
                : add(proposal.index(), proposal.term(), command);
    }

    /**
     * Waits for the entry proposed at {@code index} in {@code term}. Not applied within the timeout,
     * it fails INDETERMINATE. A write that was waiting at the same index fails UNAVAILABLE: its entry
     * was overwritten before this one was proposed.
     */
    Future<Applied> add(long index, long term, Command command) {
        Promise<Applied> promise = Promise.promise();
        long timer = timers.schedule(timeoutMillis, () -> {
            Write w = byIndex.get(index);
            if (w != null && w.promise() == promise) {
                byIndex.remove(index);
                promise.tryFail(NodeException.indeterminate("timed out waiting for commit"));
            }
        });
        Write previous = byIndex.put(index, new Write(term, command, promise, timer, System.nanoTime()));
        if (previous != null) {
            fail(previous, NodeException.unavailable("entry was replaced"));
        }
        return promise.future();
    }

    /**
     * Entry {@code e} was applied with {@code outcome}: answers the write waiting at its index, or
     * refuses it when another leader's entry took that index, since then it never commits (§5.3 Log
     * Matching).
     */
    void applied(Entry e, KvStateMachine.Outcome outcome) {
        Write w = byIndex.remove(e.index());
        if (w == null) {
            return;
        }
        if (w.term() == e.term()) {
            timers.cancel(w.timer());
            commitNanos.accept(System.nanoTime() - w.proposedNanos());
            w.promise().tryComplete(new Applied(outcome.index(), outcome.result()));
        } else {
            fail(w, NodeException.unavailable("a new leader replaced the proposal; it had no effect"));
        }
    }

    /**
     * UNSAFE ({@code --unsafe-ack-before-commit}): answers the writes of {@code persisted} as soon as
     * the leader has them on disk, with the result {@code preview} predicts.
     */
    void answerEarly(List<Entry> persisted, Function<Command, Result> preview) {
        for (Entry e : persisted) {
            Write w = byIndex.get(e.index());
            if (w != null && w.term() == e.term()) {
                byIndex.remove(e.index());
                timers.cancel(w.timer());
                w.promise().tryComplete(new Applied(e.index(), preview.apply(w.command())));
            }
        }
    }

    /** Fails every write at an index up to {@code index} (a snapshot covers them) with {@code outcome}. */
    void failThrough(long index, NodeException outcome) {
        var covered = byIndex.headMap(index, true);
        List<Write> all = List.copyOf(covered.values());
        covered.clear();
        all.forEach(w -> fail(w, outcome));
    }

    /** Fails every waiting write with {@code outcome}. */
    void failAll(NodeException outcome) {
        List<Write> all = List.copyOf(byIndex.values());
        byIndex.clear();
        all.forEach(w -> fail(w, outcome));
    }

    /** How many writes are waiting. */
    int size() {
        return byIndex.size();
    }

    private void fail(Write w, NodeException outcome) {
        timers.cancel(w.timer());
        w.promise().tryFail(outcome);
    }
}
