package io.raftkv.server.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Callers waiting on who leads: for any leader to be known, or for leadership to reach a transfer's
 * target (thesis §3.10). Each wait has a timeout after which it fails UNAVAILABLE. Used on the node's
 * context only; {@link #leaderIs} is called whenever the leader may have changed.
 */
final class LeaderWaits {
    private record Waiter(String target, Promise<String> promise, long timer) {}

    private final List<Waiter> waiters = new ArrayList<>();
    private final Timers timers;

    LeaderWaits(Timers timers) {
        this.timers = timers;
    }

    /** Completes with the first leader named to {@link #leaderIs}, or fails after {@code timeoutMillis}. */
    Future<String> anyLeader(long timeoutMillis) {
        return add(null, timeoutMillis, () -> "no leader after " + timeoutMillis + " ms");
    }

    /** As {@link #anyLeader(long)}, failing with {@code what} (what was awaited) in the message. */
    Future<String> anyLeader(long timeoutMillis, String what) {
        return add(null, timeoutMillis, () -> "no " + what + " after " + timeoutMillis + " ms");
    }

    /**
     * Completes with {@code target} once it leads, or fails after {@code timeoutMillis} with a message
     * naming the leader {@code leader} gives then.
     */
    Future<String> transferTo(String target, long timeoutMillis, Supplier<String> leader) {
        return add(
                target,
                timeoutMillis,
                () -> "leadership did not move to " + target + " within " + timeoutMillis + " ms; the leader is "
                        + leader.get());
    }

    private Future<String> add(String target, long timeoutMillis, Supplier<String> timeoutMessage) {
        Promise<String> promise = Promise.promise();
        Waiter[] self = new Waiter[1];
        long timer = timers.schedule(timeoutMillis, () -> {
            if (waiters.remove(self[0])) {
                promise.tryFail(NodeException.unavailable(timeoutMessage.get()));
            }
        });
        self[0] = new Waiter(target, promise, timer);
        waiters.add(self[0]);
        return promise.future();
    }

    /** {@code leader} (null when none is known) leads now: answers the waits it satisfies. */
    void leaderIs(String leader) {
        if (leader == null || waiters.isEmpty()) {
            return;
        }
        for (Waiter w : List.copyOf(waiters)) {
            if (w.target() == null || w.target().equals(leader)) {
                waiters.remove(w);
                timers.cancel(w.timer());
                w.promise().tryComplete(leader);
            }
        }
    }

    /** Fails every wait with {@code reason}. */
    void failAll(NodeException reason) {
        List<Waiter> all = List.copyOf(waiters);
        waiters.clear();
        for (Waiter w : all) {
            timers.cancel(w.timer());
            w.promise().tryFail(reason);
        }
    }
}
