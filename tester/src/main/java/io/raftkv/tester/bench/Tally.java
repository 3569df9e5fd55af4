package io.raftkv.tester.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one phase counted so far, safe to record into from several event loops: latencies of
 * successful requests in microseconds (3 significant digits, up to {@link #MAX_MICROS}; longer ones
 * are recorded as that), and failures by reason.
 */
public final class Tally {
    /** One minute: no request of a bench waits longer. */
    public static final long MAX_MICROS = 60_000_000L;

    private final ConcurrentHistogram micros = new ConcurrentHistogram(MAX_MICROS, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** A request that succeeded after {@code nanos}. */
    public void ok(long nanos) {
        micros.recordValue(Math.max(0, Math.min(nanos / 1000, MAX_MICROS)));
    }

    /** A request that failed, for {@code reason}: an HTTP status, or what went wrong on the wire. */
    public void error(String reason) {
        errors.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** A copy of the latencies so far. */
    public Histogram histogram() {
        return micros.copy();
    }

    /** Failures so far by reason, in the reasons' order. */
    public Map<String, Long> errors() {
        var copy = new TreeMap<String, Long>();
        errors.forEach((reason, n) -> copy.put(reason, n.sum()));
        return copy;
    }
}
