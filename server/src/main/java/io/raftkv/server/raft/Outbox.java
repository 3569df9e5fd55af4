package io.raftkv.server.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * What the core hands out in {@link Ready}s: the messages and read states queued for the next one,
 * and the hard and soft state last handed out, so that a Ready carries them only when they changed.
 * At most one Ready is outstanding at a time.
 */
final class Outbox {
    private final List<Message> messages = new ArrayList<>();
    private final List<ReadState> reads = new ArrayList<>();
    private HardState handedOutHardState;
    private SoftState handedOutSoftState;
    private boolean outstanding;

    Outbox(HardState hardState, SoftState softState) {
        this.handedOutHardState = hardState;
        this.handedOutSoftState = softState;
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
     * toward commitment only from {@link RaftCore#advance(Ready)} on.
     */
    void send(Message m) {
        messages.add(m);
    }

    /** Queues the answer to a read for the next {@link Ready}. */
    void read(ReadState rs) {
        reads.add(rs);
    }

    void readAll(List<ReadState> rs) {
        reads.addAll(rs);
    }

    /** Whether no Ready is outstanding, so that a new one may be handed out. */
    boolean canHandOut() {
        return !outstanding;
    }

    /** Whether messages or reads are queued, or the given states differ from those last handed out. */
    boolean hasNews(HardState hardState, SoftState softState) {
        return !hardState.equals(handedOutHardState)
                || !softState.equals(handedOutSoftState)
                || !messages.isEmpty()
                || !reads.isEmpty();
    }

    /**
     * Hands out a Ready with what is queued and the hard state if it changed; the Ready is
     * outstanding until {@link #advanced()}.
     */
    Ready take(HardState hardState, SoftState softState, List<Entry> entries, List<Entry> committed, Snapshot install) {
        HardState hsOut = hardState.equals(handedOutHardState) ? null : hardState;
        handedOutHardState = hardState;
        handedOutSoftState = softState;
        List<Message> sent = List.copyOf(messages);
        messages.clear();
        List<ReadState> answered = List.copyOf(reads);
        reads.clear();
        outstanding = true;
        return new Ready(hsOut, entries, sent, committed, answered, softState, install);
    }

    /** The outstanding Ready was done. */
    void advanced() {
        outstanding = false;
    }
}
