package io.raftkv.tester.checker.linear;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What all partitions of one check share: a deadline, a cache memory allowance and a stop flag
 * (set when one partition finds a violation, so the others give up).
 */
final class Budget {
    private final long deadlineNanos;
    private final String timeout;
    private final AtomicLong bytesLeft;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongSupplier clock;

    Budget(long deadlineNanos, java.time.Duration timeout, long cacheBytes, LongSupplier clock) {
        this.deadlineNanos = deadlineNanos;
        this.clock = clock;
        this.timeout = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        this.bytesLeft = new AtomicLong(cacheBytes);
    }

    /**
     * A budget that ends {@code nanos} from now or at this one's deadline, whichever is first, with
     * this one's memory allowance left and its own stop flag.
     */
    Budget within(long nanos) {
        long now = clock.getAsLong();
        long deadline = deadlineNanos - now < nanos ? deadlineNanos : now + nanos;
        return new Budget(deadline, java.time.Duration.ofNanos(nanos), Math.max(0, bytesLeft.get()), clock);
    }

    /** The time limit, for messages. */
    String timeout() {
        return timeout;
    }

    boolean pastDeadline() {
        return clock.getAsLong() - deadlineNanos > 0;
    }

    /** Takes {@code bytes} from the cache allowance; false once it is spent. */
    boolean spend(long bytes) {
        return bytesLeft.addAndGet(-bytes) >= 0;
    }

    void stop() {
        stop.set(true);
    }

    boolean stopped() {
        return stop.get();
    }
}
