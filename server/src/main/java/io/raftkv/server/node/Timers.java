package io.raftkv.server.node;

import io.vertx.core.Vertx;

/**
 * One-shot timers on the node's context. The pending-request classes take this seam rather than
 * {@link Vertx} so their tests can fire a timeout by hand, without waiting.
 */
interface Timers {
    /** Runs {@code action} once after {@code delayMillis}, on the caller's context; returns its id. */
    long schedule(long delayMillis, Runnable action);

    /** Cancels the timer {@code id}; does nothing if it already fired or was cancelled. */
    void cancel(long id);

    static Timers of(Vertx vertx) {
        return new Timers() {
            @Override
            public long schedule(long delayMillis, Runnable action) {
                return vertx.setTimer(delayMillis, id -> action.run());
            }

            @Override
            public void cancel(long id) {
                vertx.cancelTimer(id);
            }
        };
    }
}
