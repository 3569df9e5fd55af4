package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TickerTest {
    private static final long PERIOD_MS = 20;

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final AtomicInteger ticks = new AtomicInteger();
    private final Ticker ticker = new Ticker(vertx, PERIOD_MS, ticks::incrementAndGet);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private <T> T onContext(java.util.concurrent.Callable<T> action) throws Exception {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(action.call());
            } catch (Exception e) {
                p.fail(e);
            }
        });
        return p.future().await(10, TimeUnit.SECONDS);
    }

    private void awaitTicks(int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ticks.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(ticks.get() >= atLeast, "ticked " + ticks.get() + " times, expected at least " + atLeast);
    }

    @Test
    void ticksRepeatedlyOnItsContextUntilStopped() throws Exception {
        onContext(() -> {
            ticker.start();
            return null;
        });
        awaitTicks(3);
        int atStop = onContext(() -> {
            ticker.stop();
            return ticks.get();
        });
        // A tick that was due runs on the context, so none can slip in after stop() returned there;
        // waiting for a few more periods (on the same context) proves none was left scheduled.
        Promise<Integer> later = Promise.promise();
        context.runOnContext(v -> vertx.setTimer(5 * PERIOD_MS, id -> later.complete(ticks.get())));
        assertEquals(atStop, later.future().await(10, TimeUnit.SECONDS));
    }

    /**
     * A stalled node (GC pause, SIGSTOP, a blocked loop) must come back with one tick, not a burst of
     * every tick it missed: a burst would run a follower's election timeout, or a leader's quorum
     * checks, before the node reads the messages that queued up while it stood still.
     */
    @Test
    void aStalledLoopResumesWithOneTickNotABurstOfTheMissedOnes() throws Exception {
        onContext(() -> {
            ticker.start();
            return null;
        });
        awaitTicks(2);
        long stallMs = 50 * PERIOD_MS;
        Promise<int[]> seen = Promise.promise();
        context.runOnContext(v -> {
            try {
                Thread.sleep(stallMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int afterStall = ticks.get();
            // Runs after every timer that fell due during the stall: a fixed-rate timer fires all 50
            // missed ticks before it, a fixed-delay one at most the one that was due.
            vertx.setTimer(PERIOD_MS / 2, id -> seen.complete(new int[] {afterStall, ticks.get()}));
        });
        int[] counts = seen.future().await(10, TimeUnit.SECONDS);
        int burst = counts[1] - counts[0];
        assertTrue(burst <= 5, "ticks fired right after a " + stallMs + " ms stall: " + burst);
    }
}
