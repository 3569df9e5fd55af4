package io.raftkv.tester.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.HistoryBuilder;
import io.raftkv.tester.history.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    private static CheckResult check(List<Op> h) {
        return new LinearizabilityChecker(RegisterModel.kv(null)).check(h); // nil = absent
    }

    @Test
    void overlappingWriteAndReadsOfOldAndNewValueIsLinearizable() {
        // A writes 1 while B reads nil and then C reads 1: place B, then A, then C.
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .invoke(1, "read", null)
                .ok(1, "read", null)
                .invoke(2, "read", null)
                .ok(2, "read", 1L)
                .ok(0, "write", 1L)
                .build();
        assertEquals(Verdict.VALID, check(h).verdict());
    }

    @Test
    void newOldInversionIsNotLinearizable() {
        // During A's write of 1, B reads 1 and then, strictly later, C reads the old nil.
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .invoke(1, "read", null)
                .ok(1, "read", 1L)
                .invoke(2, "read", null)
                .ok(2, "read", null)
                .ok(0, "write", 1L)
                .build();
        CheckResult r = check(h);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(3L, r.details().get("failingOp"), "C's read cannot follow B's");
        assertEquals(List.of(0L, 1L), r.details().get("linearizedPrefix"));
        assertEquals(List.of("1"), r.details().get("states"));
        assertEquals("kv", r.details().get("model"));
        assertTrue(r.details().containsKey("key"));
        assertEquals(null, r.details().get("key"));
    }

    @Test
    void staleReadAfterCompletedWriteIsNotLinearizable() {
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .ok(0, "write", 1L)
                .invoke(1, "write", 2L)
                .ok(1, "write", 2L)
                .invoke(0, "read", null)
                .ok(0, "read", 1L)
                .build();
        CheckResult r = check(h);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(4L, r.details().get("failingOp"));
        assertEquals(List.of(0L, 2L), r.details().get("linearizedPrefix"));
    }

    @Test
    void failedOpHadNoEffect() {
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .fail(0, "write", 1L)
                .invoke(1, "read", null)
                .ok(1, "read", 1L)
                .build();
        assertEquals(Verdict.INVALID, check(h).verdict(), "a failed write must not be visible");

        List<Op> casFails = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .ok(0, "write", 1L)
                .invoke(1, "cas", List.of(1L, 2L))
                .fail(1, "cas", List.of(1L, 2L))
                .invoke(2, "read", null)
                .ok(2, "read", 1L)
                .build();
        assertEquals(Verdict.VALID, check(casFails).verdict());
    }

    @Test
    void infoOpMayTakeEffectLongAfterItsCompletion() {
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .info(0, "write", 1L)
                .invoke(1, "read", null)
                .ok(1, "read", null)
                .invoke(1, "read", null)
                .ok(1, "read", 1L)
                .build();
        assertEquals(Verdict.VALID, check(h).verdict());
    }

    @Test
    void infoOpMayNeverTakeEffect() {
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .info(0, "write", 1L)
                .invoke(1, "read", null)
                .ok(1, "read", null)
                .build();
        assertEquals(Verdict.VALID, check(h).verdict());
    }

    @Test
    void infoOpCannotTakeEffectBeforeItsInvocation() {
        List<Op> h = new HistoryBuilder()
                .invoke(1, "read", null)
                .ok(1, "read", 1L)
                .invoke(0, "write", 1L)
                .info(0, "write", 1L)
                .build();
        assertEquals(Verdict.INVALID, check(h).verdict());
    }

    @Test
    void openInvocationAtTheEndIsIndeterminate() {
        List<Op> h = new HistoryBuilder()
                .invoke(0, "cas", List.of(0L, 5L))
                .invoke(1, "write", 0L)
                .ok(1, "write", 0L)
                .invoke(1, "read", null)
                .ok(1, "read", 5L)
                .build();
        assertEquals(Verdict.VALID, check(h).verdict());
    }

    @Test
    void indeterminateOpsTakeEffectAtMostOnce() {
        List<Op> h = new HistoryBuilder()
                .invoke(0, "write", 1L)
                .info(0, "write", 1L)
                .invoke(1, "write", 2L)
                .ok(1, "write", 2L)
                .invoke(2, "read", null)
                .ok(2, "read", 1L)
                .invoke(2, "read", null)
                .ok(2, "read", 2L)
                .build();
        assertEquals(Verdict.INVALID, check(h).verdict(), "2 cannot come back after the lone write of 1");
    }

    @Test
    void initialValueIsAModelOption() {
        List<Op> h =
                new HistoryBuilder().invoke(0, "read", null).ok(0, "read", 0L).build();
        assertEquals(Verdict.INVALID, check(h).verdict());
        assertEquals(
                Verdict.VALID,
                new LinearizabilityChecker(RegisterModel.casRegister(0L))
                        .check(h)
                        .verdict());
    }

    @Test
    void kvChecksKeysApartAndNamesTheBadKey() {
        List<Op> h = List.of(
                new Op(0, 0, 0, Op.Type.INVOKE, "write", "a", 1L, null),
                new Op(1, 1, 0, Op.Type.OK, "write", "a", 1L, null),
                new Op(2, 2, 1, Op.Type.INVOKE, "read", "b", null, null),
                new Op(3, 3, 1, Op.Type.OK, "read", "b", null, null),
                new Op(4, 4, 1, Op.Type.INVOKE, "delete", "a", null, null),
                new Op(5, 5, 1, Op.Type.OK, "delete", "a", null, null),
                new Op(6, 6, 0, Op.Type.INVOKE, "read", "a", null, null),
                new Op(7, 7, 0, Op.Type.OK, "read", "a", 1L, null));
        CheckResult r = new LinearizabilityChecker(RegisterModel.kv(null)).check(h);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals("a", r.details().get("key"));
        assertEquals(6L, r.details().get("failingOp"));
        assertEquals(List.of("nil"), r.details().get("states"));
    }

    @Test
    void appendKvConcatenates() {
        var model = new AppendKvModel("");
        List<Op> ok = List.of(
                new Op(0, 0, 0, Op.Type.INVOKE, "append", "k", "x", null),
                new Op(1, 1, 1, Op.Type.INVOKE, "append", "k", "y", null),
                new Op(2, 2, 0, Op.Type.OK, "append", "k", "x", null),
                new Op(3, 3, 1, Op.Type.OK, "append", "k", "y", null),
                new Op(4, 4, 0, Op.Type.INVOKE, "get", "k", null, null),
                new Op(5, 5, 0, Op.Type.OK, "get", "k", "yx", null));
        assertEquals(Verdict.VALID, new LinearizabilityChecker(model).check(ok).verdict());
        List<Op> bad = new java.util.ArrayList<>(ok);
        bad.set(5, new Op(5, 5, 0, Op.Type.OK, "get", "k", "y", null));
        assertEquals(
                Verdict.INVALID, new LinearizabilityChecker(model).check(bad).verdict());
    }

    @Test
    void appendKvStatesKeepTheHashOfTheWholeString() {
        var grown = AppendKvModel.Text.of("x 1 y").append(AppendKvModel.Append.of("x 22 ü"));
        assertEquals(AppendKvModel.Text.of("x 1 yx 22 ü"), grown);
        assertEquals("x 1 yx 22 ü".hashCode(), grown.hashCode());
    }

    @Test
    void malformedHistoryIsUnknownNotAnException() {
        List<Op> h = new HistoryBuilder().ok(0, "read", 1L).build();
        CheckResult r = check(h);
        assertEquals(Verdict.UNKNOWN, r.verdict());
        assertTrue(r.summary().contains("never invoked"), r.summary());
        List<Op> unknownF = new HistoryBuilder().invoke(0, "frobnicate", 1L).build();
        assertTrue(check(unknownF).summary().contains(":frobnicate"));
    }
}
