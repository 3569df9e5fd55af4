package io.raftkv.tester.bench;

/**
 * When each request of an open-loop run is meant to start: request {@code k} (from 0) at {@code
 * start + offset + k / rate} seconds, for {@code count} requests. A request's latency is measured
 * from this intended start, not from when the client got round to sending it (coordinated
 * omission: a client that waits for a stalled server would otherwise record only the fast
 * requests around the stall).
 *
 * @param startNanos the schedule's origin, in {@link System#nanoTime()} terms
 * @param offsetNanos added to every start (spreads the schedules of several event loops)
 * @param ratePerSecond requests per second, positive
 * @param count how many requests, not negative
 */
public record OpenLoopSchedule(long startNanos, long offsetNanos, double ratePerSecond, long count) {
    public OpenLoopSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, not " + ratePerSecond);
        }
        if (count < 0 || offsetNanos < 0) {
            throw new IllegalArgumentException("count and offset must not be negative");
        }
    }

    /**
     * The schedule of one of {@code lanes} event loops sharing a total rate over {@code seconds}:
     * lane {@code lane} sends requests {@code lane, lane + lanes, ...} of the whole run.
     */
    public static OpenLoopSchedule lane(long startNanos, double totalRate, double seconds, int lanes, int lane) {
        if (lanes < 1 || lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("lane " + lane + " of " + lanes);
        }
        long total = (long) Math.floor(totalRate * seconds);
        long count = total / lanes + (lane < total % lanes ? 1 : 0);
        long offset = (long) (lane * 1e9 / totalRate);
        return new OpenLoopSchedule(startNanos, offset, totalRate / lanes, count);
    }

    /** The intended start of request {@code k}. */
    public long intendedStart(long k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("request " + k + " of " + count);
        }
        return startNanos + offsetNanos + (long) (k * 1e9 / ratePerSecond);
    }

    /** How many requests are due by {@code nowNanos}: those whose intended start is not after it. */
    public long dueBy(long nowNanos) {
        long elapsed = nowNanos - startNanos - offsetNanos;
        if (elapsed < 0) {
            return 0;
        }
        long due = (long) Math.floor(elapsed * ratePerSecond / 1e9) + 1;
        // Rounding in the two directions may disagree by one at an exact boundary; trust intendedStart.
        while (due > 0 && due <= count && intendedStart(due - 1) > nowNanos) {
            due--;
        }
        while (due < count && intendedStart(due) <= nowNanos) {
            due++;
        }
        return Math.min(due, count);
    }
}
