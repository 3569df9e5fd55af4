package io.raftkv.server.node;

import io.vertx.core.Vertx;

/**
 * The node's Raft clock: runs {@code tick} on the caller's context with {@code periodMillis} between
 * one tick and the next. Fixed delay, not fixed rate (what {@code setPeriodic} does): after a stall
 * (a GC pause, SIGSTOP, a blocked loop) the node resumes with one tick instead of a burst of every
 * tick it missed, as etcd does with Go's ticker. A burst would run a follower's election timeout or
 * a leader's quorum checks before the node reads the messages that queued up while it stood still.
 */
final class Ticker {
    private final Vertx vertx;
    private final long periodMillis;
    private final Runnable tick;
    private long timer = -1;
    private boolean stopped;

    Ticker(Vertx vertx, long periodMillis, Runnable tick) {
        this.vertx = vertx;
        this.periodMillis = periodMillis;
        this.tick = tick;
    }

    /** Starts ticking; call on the context the ticks should run on. */
    void start() {
        timer = vertx.setTimer(periodMillis, id -> {
            tick.run();
            if (!stopped) {
                start();
            }
        });
    }

    /** Stops ticking; no tick runs after this returns (call on the ticking context). */
    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
