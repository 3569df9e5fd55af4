package io.raftkv.tester.checker;

import io.raftkv.tester.history.Op;
import java.util.List;

/**
 * Checks a history. Implementations never write files and never throw for a bad history: an
 * internal error or an exhausted budget is {@link Verdict#UNKNOWN} with the reason in the summary.
 */
public interface Checker {

    CheckResult check(List<Op> history);

    /** The checker that finds nothing wrong. */
    static Checker noop() {
        return history -> new CheckResult("noop", Verdict.VALID, "not checked", null);
    }
}
