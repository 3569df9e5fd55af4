package io.raftkv.tester.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.HistoryBuilder;
import io.raftkv.tester.history.Op;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each model with a valid and an invalid hand-written history, following Knossos' rules
 * (knossos.model): fail ops had no effect, info ops may or may not have.
 */
class KnossosModelsTest {

    private static Verdict check(Model<?, ?> model, HistoryBuilder h) {
        return new LinearizabilityChecker(model).check(h.build()).verdict();
    }

    /** One op invoked and completed before the next begins. */
    private static HistoryBuilder seq(HistoryBuilder h, long p, String f, Object arg, Object result) {
        return h.invoke(p, f, arg).ok(p, f, result);
    }

    private static List<Object> list(Object... xs) {
        return Arrays.asList(xs);
    }

    @Test
    void register_nilReadIsUnconstrained_otherReadsMustMatch() {
        Model<?, ?> m = Models.byName("register", null);
        var valid = seq(seq(seq(new HistoryBuilder(), 0, "write", 1L, 1L), 1, "read", null, null), 1, "read", null, 1L);
        assertEquals(Verdict.VALID, check(m, valid));
        var invalid = seq(seq(new HistoryBuilder(), 0, "write", 1L, 1L), 1, "read", null, 2L);
        assertEquals(Verdict.INVALID, check(m, invalid));
    }

    @Test
    void kv_nilMeansAbsent() {
        var h = seq(seq(new HistoryBuilder(), 0, "write", 1L, 1L), 1, "read", null, null);
        assertEquals(Verdict.INVALID, check(Models.byName("kv", null), h));
        var deleted =
                seq(seq(seq(new HistoryBuilder(), 0, "write", 1L, 1L), 0, "delete", null, null), 1, "read", null, null);
        assertEquals(Verdict.VALID, check(Models.byName("kv", null), deleted));
    }

    @Test
    void casRegister_casMustMatchTheValue_nilIncluded() {
        Model<?, ?> m = Models.byName("cas-register", null);
        var valid = seq(
                seq(seq(new HistoryBuilder(), 0, "cas", list(null, 1L), null), 0, "cas", list(1L, 2L), null),
                1,
                "read",
                null,
                2L);
        assertEquals(Verdict.VALID, check(m, valid));
        var invalid = seq(seq(new HistoryBuilder(), 0, "write", 1L, 1L), 0, "cas", list(2L, 3L), null);
        assertEquals(Verdict.INVALID, check(m, invalid));
        // A failed cas had no effect; an indeterminate one may have happened.
        var maybe = seq(new HistoryBuilder(), 0, "write", 1L, 1L)
                .invoke(1, "cas", list(1L, 5L))
                .info(1, "cas", list(1L, 5L))
                .invoke(2, "read", null)
                .ok(2, "read", 5L);
        assertEquals(Verdict.VALID, check(m, maybe));
        var failed = seq(new HistoryBuilder(), 0, "write", 1L, 1L)
                .invoke(1, "cas", list(1L, 5L))
                .fail(1, "cas", list(1L, 5L))
                .invoke(2, "read", null)
                .ok(2, "read", 5L);
        assertEquals(Verdict.INVALID, check(m, failed));
        assertEquals(
                Verdict.VALID,
                check(Models.byName("cas-register", 0L), seq(new HistoryBuilder(), 0, "cas", list(0L, 1L), null)));
    }

    @Test
    void multiRegister_readsSeeTheTransactionsBefore_nilReadsAnything() {
        Model<?, ?> m = Models.byName("multi-register", null);
        var valid = seq(
                seq(
                        new HistoryBuilder(),
                        0,
                        "txn",
                        list(list("write", "x", 1L), list("write", "y", 2L)),
                        list(list("write", "x", 1L), list("write", "y", 2L))),
                1,
                "txn",
                list(list("read", "x", null), list("read", "y", null)),
                list(list("read", "x", 1L), list("read", "y", null), list("write", "x", 3L), list("read", "x", 3L)));
        assertEquals(Verdict.VALID, check(m, valid));
        var invalid = seq(
                seq(new HistoryBuilder(), 0, "txn", list(list("w", "x", 1L)), list(list("w", "x", 1L))),
                1,
                "txn",
                list(list("r", "x", null)),
                list(list("r", "x", 2L)));
        assertEquals(Verdict.INVALID, check(m, invalid));
    }

    @Test
    void mutex_acquireOnlyWhenFree_releaseOnlyWhenHeld() {
        Model<?, ?> m = Models.byName("mutex", null);
        var valid = seq(
                seq(seq(new HistoryBuilder(), 0, "acquire", null, null), 0, "release", null, null),
                1,
                "acquire",
                null,
                null);
        assertEquals(Verdict.VALID, check(m, valid));
        var twice = seq(seq(new HistoryBuilder(), 0, "acquire", null, null), 1, "acquire", null, null);
        assertEquals(Verdict.INVALID, check(m, twice));
        assertEquals(Verdict.INVALID, check(m, seq(new HistoryBuilder(), 0, "release", null, null)));
    }

    @Test
    void set_readMustEqualTheSetExactly() {
        Model<?, ?> m = Models.byName("set", null);
        var valid =
                seq(seq(seq(new HistoryBuilder(), 0, "add", 1L, 1L), 1, "add", 2L, 2L), 2, "read", null, list(2L, 1L));
        assertEquals(Verdict.VALID, check(m, valid));
        var missing = seq(seq(new HistoryBuilder(), 0, "add", 1L, 1L), 2, "read", null, list());
        assertEquals(Verdict.INVALID, check(m, missing));
        var nil = seq(new HistoryBuilder(), 2, "read", null, null);
        assertEquals(Verdict.INVALID, check(m, nil), "Knossos' set: nil is not a set");
    }

    @Test
    void unorderedQueue_dequeuesOnlyWhatIsQueued_inAnyOrder() {
        Model<?, ?> m = Models.byName("unordered-queue", null);
        var h = seq(seq(new HistoryBuilder(), 0, "enqueue", 1L, 1L), 0, "enqueue", 2L, 2L);
        assertEquals(Verdict.VALID, check(m, seq(seq(h, 1, "dequeue", null, 2L), 1, "dequeue", null, 1L)));
        var twice = seq(seq(new HistoryBuilder(), 0, "enqueue", 1L, 1L), 1, "dequeue", null, 1L);
        assertEquals(Verdict.INVALID, check(m, seq(twice, 2, "dequeue", null, 1L)));
    }

    @Test
    void fifoQueue_dequeuesTheHead() {
        Model<?, ?> m = Models.byName("fifo-queue", null);
        var h = seq(seq(new HistoryBuilder(), 0, "enqueue", 1L, 1L), 0, "enqueue", 2L, 2L);
        assertEquals(Verdict.VALID, check(m, seq(seq(h, 1, "dequeue", null, 1L), 1, "dequeue", null, 2L)));
        var h2 = seq(seq(new HistoryBuilder(), 0, "enqueue", 1L, 1L), 0, "enqueue", 2L, 2L);
        assertEquals(Verdict.INVALID, check(m, seq(h2, 1, "dequeue", null, 2L)));
        assertEquals(Verdict.INVALID, check(m, seq(new HistoryBuilder(), 1, "dequeue", null, 1L)), "empty queue");
    }

    @Test
    void listAppend_readsTheWholeList() {
        Model<?, ?> m = Models.byName("list-append", null);
        var h = seq(seq(new HistoryBuilder(), 0, "append", 1L, 1L), 0, "append", 2L, 2L);
        assertEquals(Verdict.VALID, check(m, seq(h, 1, "read", null, list(1L, 2L))));
        var h2 = seq(seq(new HistoryBuilder(), 0, "append", 1L, 1L), 0, "append", 2L, 2L);
        assertEquals(Verdict.INVALID, check(m, seq(h2, 1, "read", null, list(2L))));
    }

    @Test
    void unknownOperationNamesTheModel() {
        var h = seq(new HistoryBuilder(), 0, "enqueue", 1L, 1L).build();
        var c = new LinearizabilityChecker(Models.byName("mutex", null));
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                LinearizabilityChecker.UnsupportedOpException.class, () -> c.validate(h));
        assertEquals(0L, e.opIndex());
        assertEquals(Verdict.UNKNOWN, c.check(h).verdict());
        assertEquals(Op.Type.OK, h.get(1).type());
    }
}
