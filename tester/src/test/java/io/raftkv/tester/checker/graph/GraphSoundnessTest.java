package io.raftkv.tester.checker.graph;

import static io.raftkv.tester.checker.graph.Histories.append;
import static io.raftkv.tester.checker.graph.Histories.read;
import static io.raftkv.tester.checker.graph.Histories.txn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.Op;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Violations that need more than the observed version order, and Elle's internal consistency. */
class GraphSoundnessTest {

    private final GraphChecker checker = new GraphChecker();

    @Test
    void ackedAppendNoReadSaw_isOrderedAfterWhatTheReadsSaw() {
        // append 1 completes, append 2 is invoked after it; a read overlapping both sees [2].
        var h = new Histories()
                .invoke(2, txn(read("x")))
                .serial(0, txn(append("x", 1)))
                .serial(1, txn(append("x", 2)))
                .ok(2, txn(read("x", 2L)))
                .ops();
        CheckResult r = checker.check(h);
        assertEquals(Verdict.INVALID, r.verdict(), r.summary());
    }

    @Test
    void ackedAppendNoReadSaw_isAfterAReadThatEndedBeforeItWasInvoked() {
        // p2 reads [1] and completes; p0's later append 2 is never seen: still fine...
        var ok = new Histories()
                .serial(0, txn(append("x", 1)))
                .serial(2, txn(read("x", 1L)))
                .serial(0, txn(append("x", 2)))
                .ops();
        assertEquals(
                Verdict.VALID, checker.check(ok).verdict(), checker.check(ok).summary());
        // ...but a read that sees [1] must not start after an append 2 it missed has completed
        // when a read after it saw something written after 2 by process order.
        var bad = new Histories()
                .serial(0, txn(append("x", 1)))
                .serial(0, txn(append("x", 2)))
                .serial(0, txn(append("y", 3)))
                .serial(2, txn(read("y", 3L), read("x", 1L)))
                .ops();
        assertEquals(Verdict.INVALID, checker.check(bad).verdict());
    }

    @Test
    void indeterminateAppendNoReadSaw_mayNeverHaveHappened() {
        var h = new Histories()
                .invoke(2, txn(read("x")))
                .serial(0, txn(append("x", 1)))
                .invoke(1, txn(append("x", 2)))
                .complete(1, Op.Type.INFO, txn(append("x", 2)))
                .ok(2, txn(read("x", 1L)))
                .serial(3, txn(read("x", 1L)))
                .ops();
        assertEquals(Verdict.VALID, checker.check(h).verdict(), checker.check(h).summary());
    }

    @Test
    void txnReadMissingItsOwnAppend_isInternal() {
        var h = new Histories().serial(0, txn(append("x", 1), read("x"))).ops();
        CheckResult r = checker.check(h);
        assertEquals(Verdict.INVALID, r.verdict());
        assertTrue(((Map<?, ?>) r.details().get("counts")).containsKey("internal"), r.summary());
    }

    @Test
    void txnReadsThatDisagreeWithinOneTxn_areInternal() {
        var h = new Histories()
                .serial(1, txn(append("x", 1)))
                .serial(0, txn(read("x", 1L), append("x", 2), read("x", 1L, 3L)))
                .ops();
        CheckResult r = checker.check(h);
        assertTrue(((Map<?, ?>) r.details().get("counts")).containsKey("internal"), r.summary());
    }

    @Test
    void txnReadingItsOwnAppends_isValid() {
        var h = new Histories()
                .serial(1, txn(append("x", 1)))
                .serial(0, txn(append("x", 2), read("x", 1L, 2L), append("x", 3), read("x", 1L, 2L, 3L)))
                .ops();
        assertEquals(Verdict.VALID, checker.check(h).verdict(), checker.check(h).summary());
    }

    @Test
    void txnReadShowingAnAppendItMakesOnlyLater_isFutureRead() {
        var h = new Histories().serial(0, txn(read("x", 1L), append("x", 1))).ops();
        CheckResult r = checker.check(h);
        assertTrue(((Map<?, ?>) r.details().get("counts")).containsKey("future-read"), r.summary());
    }
}
