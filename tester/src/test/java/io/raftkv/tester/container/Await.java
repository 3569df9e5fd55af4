package io.raftkv.tester.container;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;

/** Polls a condition on real processes until it holds or a deadline passes. */
final class Await {
    private static final Duration POLL = Duration.ofMillis(100);

    /** A probe: empty while the condition does not hold yet; may throw while a node is unreachable. */
    @FunctionalInterface
    interface Probe<T> {
        Optional<T> check() throws Exception;
    }

    /** A yes/no probe; may throw while a node is unreachable. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    /** Returns once the condition holds; fails naming {@code what} at the deadline. */
    static void condition(String what, Duration timeout, Condition condition) {
        until(what, timeout, () -> condition.holds() ? Optional.of(true) : Optional.empty());
    }

    /** The probe's first present value; fails naming {@code what} and the last observation at the deadline. */
    static <T> T until(String what, Duration timeout, Probe<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = "nothing observed";
        while (true) {
            try {
                Optional<T> result = probe.check();
                if (result.isPresent()) {
                    return result.get();
                }
                last = "condition not met";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                return fail("not within " + timeout.toSeconds() + " s: " + what + " (last: " + last + ")");
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}
