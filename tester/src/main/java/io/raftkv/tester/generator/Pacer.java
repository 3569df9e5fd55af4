package io.raftkv.tester.generator;

import java.util.Random;

/**
 * Spaces one worker's invocations so that all workers together make about {@code rate} ops/s:
 * each worker waits a uniformly jittered share {@code concurrency / rate} between starts. A rate of
 * 0 means as fast as the server answers.
 */
public final class Pacer {
    private final long meanGapNanos;
    private final Random jitter;
    private long next;

    public Pacer(double rate, int concurrency, long seed) {
        this.meanGapNanos = rate <= 0 ? 0 : (long) (1e9 * concurrency / rate);
        this.jitter = new Random(seed);
        this.next = System.nanoTime();
    }

    /** The gap before the next invocation, in nanoseconds: uniform in [0, 2·mean]. */
    long nextGap() {
        return meanGapNanos == 0 ? 0 : (long) (jitter.nextDouble() * 2 * meanGapNanos);
    }

    /** Sleeps until the next slot, or returns at once if {@code deadline} (nanoTime) comes first. */
    public void await(long deadline) throws InterruptedException {
        if (meanGapNanos == 0) {
            return;
        }
        next = Math.max(next, System.nanoTime() - meanGapNanos) + nextGap();
        long wait = Math.min(next, deadline) - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
