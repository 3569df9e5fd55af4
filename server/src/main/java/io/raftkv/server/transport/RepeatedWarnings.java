package io.raftkv.server.transport;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets a warning that keeps repeating (a misconfigured peer that redials every second) through once
 * per interval, saying how many were held back since; the occurrences in between go to debug. Not
 * thread-safe: used on one transport's context.
 */
final class RepeatedWarnings {
    /** Past this many distinct warnings, the oldest memory is dropped (a fuzzer makes many). */
    static final int MAX_KEYS = 256;

    private final long intervalNanos;
    private final Map<String, Seen> seen = new HashMap<>();

    private static final class Seen {
        long lastWarnedNanos;
        long heldBack;
    }

    RepeatedWarnings(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Records an occurrence of warning {@code key} at {@code nowNanos}. Returns -1 when it should be
     * held back (logged at debug), or else how many occurrences were held back since the last one let
     * through.
     */
    long admit(String key, long nowNanos) {
        Seen s = seen.get(key);
        if (s == null) {
            if (seen.size() >= MAX_KEYS) {
                seen.clear();
            }
            s = new Seen();
            s.lastWarnedNanos = nowNanos;
            seen.put(key, s);
            return 0;
        }
        if (nowNanos - s.lastWarnedNanos < intervalNanos) {
            s.heldBack++;
            return -1;
        }
        long heldBack = s.heldBack;
        s.heldBack = 0;
        s.lastWarnedNanos = nowNanos;
        return heldBack;
    }
}
