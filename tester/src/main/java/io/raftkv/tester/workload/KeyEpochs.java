package io.raftkv.tester.workload;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The key rotation a run's workers share: the run's n-th op, whichever worker draws it, belongs to
 * epoch {@code n / opsPerEpoch}, so all workers move through the keys together. A worker slowed
 * down by a fault (its requests wait out their timeouts on a node cut off from the majority) still
 * draws the keys the others are on, so what it reads meets what they wrote. Were epochs counted
 * per worker, it would fall behind onto keys nobody else touches any more, where a stale read
 * cannot show. Thread-safe.
 */
final class KeyEpochs {
    private final long opsPerEpoch;
    private final AtomicLong drawn = new AtomicLong();

    /** @param opsPerEpoch ops the whole run draws from one epoch's keys before moving on */
    KeyEpochs(long opsPerEpoch) {
        if (opsPerEpoch < 1) {
            throw new IllegalArgumentException("opsPerEpoch must be at least 1, got " + opsPerEpoch);
        }
        this.opsPerEpoch = opsPerEpoch;
    }

    /** The epoch of the run's next op. */
    long next() {
        return drawn.getAndIncrement() / opsPerEpoch;
    }
}
