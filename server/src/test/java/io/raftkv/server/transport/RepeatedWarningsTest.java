package io.raftkv.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RepeatedWarningsTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final RepeatedWarnings warnings = new RepeatedWarnings(MINUTE);

    @Test
    void aWarningRepeatedEverySecondIsLetThroughOncePerIntervalWithTheCountHeldBack() {
        assertEquals(0, warnings.admit("wrong proof from n2", 0), "the first is let through");
        for (int s = 1; s < 60; s++) {
            assertEquals(-1, warnings.admit("wrong proof from n2", s * SECOND), "second " + s);
        }
        assertEquals(59, warnings.admit("wrong proof from n2", 60 * SECOND), "a minute on, with the count");
        assertEquals(-1, warnings.admit("wrong proof from n2", 61 * SECOND));
    }

    @Test
    void anotherWarningIsLetThroughAtOnce() {
        warnings.admit("wrong proof from n2", 0);
        assertEquals(0, warnings.admit("wrong proof from n3", SECOND));
        assertEquals(-1, warnings.admit("wrong proof from n2", 2 * SECOND));
    }

    @Test
    void manyDistinctWarningsDoNotGrowWithoutBound() {
        for (int i = 0; i < 10 * RepeatedWarnings.MAX_KEYS; i++) {
            assertEquals(0, warnings.admit("garbage " + i, i));
        }
        // Memory was dropped on the way, so an early key counts as new again.
        assertEquals(0, warnings.admit("garbage 0", 20 * RepeatedWarnings.MAX_KEYS));
    }
}
