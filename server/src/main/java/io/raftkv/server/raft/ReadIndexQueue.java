package io.raftkv.server.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A leader's linearizable reads (thesis §6.4). A read waits until the leader has committed an entry
 * of its own term (before that its commit index may lag entries committed by earlier leaders), then
 * takes the commit index as its read index and a new round number; it is confirmed once a majority
 * has echoed a round at least as recent, proving no newer leader existed when the read was taken.
 */
final class ReadIndexQueue {
    private record Pending(long requestId, long index, long round) {}

    private final ArrayDeque<Long> waitingForCommit = new ArrayDeque<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    /** Queues a read until the leader's first commit in its term. */
    void await(long requestId) {
        waitingForCommit.add(requestId);
    }

    boolean hasWaiting() {
        return !waitingForCommit.isEmpty();
    }

    /** Registers every waiting read at {@code index} and {@code round}. */
    void registerWaiting(long index, long round) {
        while (!waitingForCommit.isEmpty()) {
            register(waitingForCommit.poll(), index, round);
        }
    }

    void register(long requestId, long index, long round) {
        pending.add(new Pending(requestId, index, round));
    }

    /** Confirms, in order, every read whose round a majority has acknowledged. */
    List<ReadState> confirm(long quorumRound) {
        List<ReadState> out = new ArrayList<>();
        while (!pending.isEmpty() && pending.peek().round() <= quorumRound) {
            Pending p = pending.poll();
            out.add(new ReadState(p.requestId(), p.index(), true));
        }
        return out;
    }

    /** Leadership lost: every read fails (it had no effect, the client may retry). */
    List<ReadState> failAll() {
        List<ReadState> out = new ArrayList<>();
        for (long id : waitingForCommit) {
            out.add(new ReadState(id, 0, false));
        }
        for (Pending p : pending) {
            out.add(new ReadState(p.requestId(), 0, false));
        }
        waitingForCommit.clear();
        pending.clear();
        return out;
    }
}
