package io.raftkv.tester.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.HistoryBuilder;
import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operations named as the proof of a violation: few, and the ones a reader needs. */
class ViolationCoreTest {

    private static CheckResult check(List<Op> h) {
        return new LinearizabilityChecker(RegisterModel.kv(null)).check(h);
    }

    /** Index of the first op in {@code h} invoked by {@code process} with {@code f}. */
    private static long invokeOf(List<Op> h, long process, String f) {
        return h.stream()
                .filter(o -> o.process() == process && o.isInvoke() && o.f().equals(f))
                .findFirst()
                .orElseThrow()
                .index();
    }

    @Test
    void aStaleReadAmidNoise_comesDownToTheWriteItSawTheWriteItMissedAndItself() {
        var b = new HistoryBuilder();
        // Noise before: other processes write and read 7 and 8, one at a time.
        for (int i = 0; i < 10; i++) {
            long v = 7 + i % 2;
            b.invoke(10 + i, "write", v).ok(10 + i, "write", v);
            b.invoke(30 + i, "read", null).ok(30 + i, "read", v);
        }
        b.invoke(1, "write", 1L).ok(1, "write", 1L); // the write the stale read saw
        b.invoke(2, "write", 2L).ok(2, "write", 2L); // completed before the read began
        b.invoke(3, "read", null).ok(3, "read", 1L); // stale
        // Noise after.
        for (int i = 0; i < 10; i++) {
            b.invoke(50 + i, "write", 9L).ok(50 + i, "write", 9L);
            b.invoke(70 + i, "read", null).ok(70 + i, "read", 9L);
        }
        List<Op> h = b.build();
        CheckResult r = check(h);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(
                List.of(invokeOf(h, 1, "write"), invokeOf(h, 2, "write"), invokeOf(h, 3, "read")),
                r.details().get("core"),
                r.summary());
        assertTrue(r.summary().contains("these 3 ops cannot be ordered together"), r.summary());
    }

    @Test
    void theCoreIsItselfNotLinearizable_andEveryOpOfItIsNeeded() {
        // Two readers see the new value and then the old one while a write is in flight.
        List<Op> h = new HistoryBuilder()
                .invoke(5, "write", 4L)
                .ok(5, "write", 4L)
                .invoke(0, "write", 1L)
                .invoke(1, "read", null)
                .ok(1, "read", 1L)
                .invoke(2, "read", null)
                .ok(2, "read", 4L)
                .ok(0, "write", 1L)
                .build();
        CheckResult r = check(h);
        assertEquals(Verdict.INVALID, r.verdict());
        @SuppressWarnings("unchecked")
        List<Long> core = (List<Long>) r.details().get("core");
        assertEquals(Verdict.INVALID, check(only(h, core)).verdict(), "the core alone violates");
        for (Long drop : core) {
            var fewer = new ArrayList<>(core);
            fewer.remove(drop);
            var rest = check(only(h, fewer)).verdict();
            assertTrue(
                    rest == Verdict.VALID || !writersKept(h, fewer),
                    "without op " + drop + " the rest is linearizable, or a read lost the write of its value");
        }
    }

    /** The operations of {@code h} whose invocation index is in {@code invokes}, renumbered. */
    private static List<Op> only(List<Op> h, List<Long> invokes) {
        var processes = h.stream()
                .filter(o -> invokes.contains(o.index()))
                .map(Op::process)
                .toList();
        var out = new ArrayList<Op>();
        for (Op o : h) {
            if (processes.contains(o.process())) {
                out.add(o.withIndex(out.size()));
            }
        }
        return out;
    }

    private static boolean writersKept(List<Op> h, List<Long> invokes) {
        var ops = only(h, invokes);
        var written =
                ops.stream().filter(o -> o.f().equals("write")).map(Op::value).toList();
        return ops.stream()
                .filter(o -> o.f().equals("read") && o.type() == Op.Type.OK && o.value() != null)
                .allMatch(o -> written.contains(o.value()));
    }

    @Test
    void theReportsStaleRegisterExample_hasTheCoreItDraws() {
        // The report's example result (report/Examples) names ops 1, 3 and 5: the real checker agrees.
        List<Op> h = new ArrayList<>();
        long ms = 1_000_000;
        h.add(new Op(0, 0, Op.NEMESIS, Op.Type.INFO, "start-partition", null, null, null));
        h.add(new Op(1, 10 * ms, 0, Op.Type.INVOKE, "write", "k1", 1L, null));
        h.add(new Op(2, 30 * ms, 0, Op.Type.OK, "write", "k1", 1L, null));
        h.add(new Op(3, 40 * ms, 1, Op.Type.INVOKE, "write", "k1", 2L, null));
        h.add(new Op(4, 60 * ms, 1, Op.Type.OK, "write", "k1", 2L, null));
        h.add(new Op(5, 70 * ms, 2, Op.Type.INVOKE, "read", "k1", null, null));
        h.add(new Op(6, 75 * ms, 3, Op.Type.INVOKE, "cas", "k1", List.of(2L, 3L), null));
        h.add(new Op(7, 90 * ms, 2, Op.Type.OK, "read", "k1", 1L, null));
        h.add(new Op(8, 120 * ms, 3, Op.Type.INFO, "cas", "k1", List.of(2L, 3L), null));
        CheckResult r = check(h);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(List.of(1L, 3L, 5L), r.details().get("core"));
    }
}
