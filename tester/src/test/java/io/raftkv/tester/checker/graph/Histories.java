package io.raftkv.tester.checker.graph;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds list-append histories event by event for tests. */
final class Histories {

    private final List<Op> ops = new ArrayList<>();

    static List<Object> append(String key, long value) {
        return List.of("append", key, value);
    }

    static List<Object> read(String key, Long... values) {
        return Arrays.asList("r", key, values == null ? null : List.of(values));
    }

    static List<Object> txn(List<?>... mops) {
        return List.of((Object[]) mops);
    }

    /** Invokes {@code mops} on {@code process}; reads are sent without a value. */
    Histories invoke(long process, List<Object> mops) {
        List<Object> sent = new ArrayList<>();
        for (Object m : mops) {
            List<?> mop = (List<?>) m;
            sent.add(mop.get(0).equals("r") ? Arrays.asList("r", mop.get(1), null) : mop);
        }
        return add(process, Op.Type.INVOKE, sent);
    }

    Histories complete(long process, Op.Type type, List<Object> mops) {
        return add(process, type, mops);
    }

    Histories ok(long process, List<Object> mops) {
        return add(process, Op.Type.OK, mops);
    }

    /** Invokes and completes at once: the transaction precedes everything after it in real time. */
    Histories serial(long process, List<Object> mops) {
        return invoke(process, mops).ok(process, mops);
    }

    Histories nemesis(String f, Object value) {
        ops.add(new Op(ops.size(), ops.size() * 1000L, Op.NEMESIS, Op.Type.INFO, f, null, value, null));
        return this;
    }

    private Histories add(long process, Op.Type type, List<Object> mops) {
        ops.add(new Op(ops.size(), ops.size() * 1000L, process, type, "txn", null, mops, null));
        return this;
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    /** All invokes first, then all ok completions: no transaction precedes another in real time. */
    static List<Op> concurrent(List<Object>... txns) {
        Histories h = new Histories();
        for (int p = 0; p < txns.length; p++) {
            h.invoke(p, txns[p]);
        }
        for (int p = 0; p < txns.length; p++) {
            h.ok(p, txns[p]);
        }
        return h.ops();
    }
}
