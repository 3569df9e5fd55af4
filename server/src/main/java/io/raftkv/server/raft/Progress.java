package io.raftkv.server.raft;

import java.util.ArrayDeque;

/**
 * The leader's view of one follower (§5.3 nextIndex/matchIndex), with flow control. In {@code
 * PROBE} the leader does not know where the logs diverge and sends one AppendRequest at a time; in
 * {@code REPLICATE} it streams optimistically, with at most {@code maxInflight} requests carrying
 * entries unacknowledged; in {@code SNAPSHOT} it waits for a snapshot to be installed.
 */
final class Progress {
    enum State {
        PROBE,
        REPLICATE,
        /** An InstallSnapshot is outstanding; nothing else is sent until it is answered. */
        SNAPSHOT
    }

    long match;
    long next;
    State state = State.PROBE;
    /** In PROBE: a probe is outstanding; the next goes out on its answer or a heartbeat's. */
    boolean probeSent;
    /** Last index of each in-flight AppendRequest with entries, oldest first. */
    final ArrayDeque<Long> inflight = new ArrayDeque<>();
    /** Heard from within the current check-quorum window. */
    boolean recentActive;
    /** Highest ReadIndex round this follower echoed in the current term. */
    long readAck;
    /** Ticks in REPLICATE with requests in flight and no progress: lost requests stall the stream. */
    int stalledTicks;
    /** A heartbeat is due at the next flush. */
    boolean heartbeatDue;
    /** No longer a member: still told about its removal for a while, never counted. */
    boolean leaving;
    /** Ticks since it became {@link #leaving}, and since it held its committed removal. */
    int leavingTicks;

    int toldTicks;

    Progress(long next) {
        this.next = next;
    }

    boolean isPaused(int maxInflight) {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflight.size() >= maxInflight;
            case SNAPSHOT -> true;
        };
    }

    void becomeSnapshot() {
        state = State.SNAPSHOT;
        inflight.clear();
        stalledTicks = 0;
    }

    /** Records an acknowledged match; returns whether it advanced. */
    boolean acknowledge(long index) {
        if (index <= match) {
            return false;
        }
        match = index;
        next = Math.max(next, index + 1);
        stalledTicks = 0;
        while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
            inflight.pollFirst();
        }
        return true;
    }

    void becomeProbe(long nextIndex) {
        state = State.PROBE;
        next = Math.max(match + 1, nextIndex);
        inflight.clear();
        probeSent = false;
        stalledTicks = 0;
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = match + 1;
        inflight.clear();
        stalledTicks = 0;
    }

    /** Notes that an AppendRequest ending at {@code last} went out. */
    void sent(long last, boolean withEntries) {
        if (state == State.PROBE) {
            probeSent = true;
        } else if (withEntries) {
            next = last + 1;
            inflight.addLast(last);
        }
    }

    @Override
    public String toString() {
        return state + "[match=" + match + " next=" + next + " inflight=" + inflight.size() + "]";
    }
}
