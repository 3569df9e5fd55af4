package io.raftkv.tester.report;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Histories and results for report tests. */
final class Examples {

    private Examples() {}

    private static final long MS = 1_000_000;

    /**
     * A register history with a partition: p0 writes 1, p1 writes 2, then p2 reads 1 after both
     * completed, which no order explains. The result is what the linearizability checker reports.
     */
    static List<Op> staleRegister() {
        List<Op> h = new ArrayList<>();
        add(h, 0, Op.NEMESIS, Op.Type.INFO, "start-partition", Map.of("n1", List.of("n2", "n3")));
        add(h, 10, 0, Op.Type.INVOKE, "write", 1L);
        add(h, 30, 0, Op.Type.OK, "write", 1L);
        add(h, 40, 1, Op.Type.INVOKE, "write", 2L);
        add(h, 60, 1, Op.Type.OK, "write", 2L);
        add(h, 70, 2, Op.Type.INVOKE, "read", null);
        add(h, 75, 3, Op.Type.INVOKE, "cas", List.of(2L, 3L));
        add(h, 90, 2, Op.Type.OK, "read", 1L);
        add(h, 120, 3, Op.Type.INFO, "cas", List.of(2L, 3L));
        add(h, 130, Op.NEMESIS, Op.Type.INFO, "stop-partition", null);
        add(h, 140, 1, Op.Type.INVOKE, "read", null);
        add(h, 150, 1, Op.Type.FAIL, "read", null);
        return h;
    }

    static CheckResult staleRegisterResult() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("key", "k1");
        d.put("failingOp", 5L);
        d.put("linearizedPrefix", List.of(1L, 3L));
        d.put("states", List.of("2", "3"));
        d.put("core", List.of(1L, 3L, 5L));
        d.put("model", "cas-register");
        return new CheckResult("linearizable", Verdict.INVALID, "key k1: op 5 cannot be linearized", d);
    }

    private static void add(List<Op> h, long ms, long process, Op.Type type, String f, Object value) {
        h.add(new Op(h.size(), ms * MS, process, type, f, process == Op.NEMESIS ? null : "k1", value, null));
    }
}
