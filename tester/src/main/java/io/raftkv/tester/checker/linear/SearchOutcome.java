package io.raftkv.tester.checker.linear;

import java.util.List;

/** The result of searching one partition. */
sealed interface SearchOutcome {

    /** Every operation could be placed in an order the model accepts. */
    record Linearizable() implements SearchOutcome {}

    /**
     * No order exists.
     *
     * @param failingOp index of the invocation of the op that cannot be linearized after the
     *     longest linearizable prefix found
     * @param failingOpDescription that op, in the model's words
     * @param prefix invocation indices of that prefix, in linearization order
     * @param states the model states the failing op met there, described
     */
    record Violation(long failingOp, String failingOpDescription, List<Long> prefix, List<String> states)
            implements SearchOutcome {}

    /** The search gave up: timeout, memory guard, or another partition's violation. */
    record Aborted(String reason) implements SearchOutcome {}
}
