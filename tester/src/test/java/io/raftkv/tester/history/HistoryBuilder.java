package io.raftkv.tester.history;

import java.util.ArrayList;
import java.util.List;

/** Builds small histories in tests: positions become indices, times are positions. */
public final class HistoryBuilder {
    private final List<Op> ops = new ArrayList<>();

    public HistoryBuilder invoke(long process, String f, Object value) {
        return add(process, Op.Type.INVOKE, f, null, value);
    }

    public HistoryBuilder ok(long process, String f, Object value) {
        return add(process, Op.Type.OK, f, null, value);
    }

    public HistoryBuilder fail(long process, String f, Object value) {
        return add(process, Op.Type.FAIL, f, null, value);
    }

    public HistoryBuilder info(long process, String f, Object value) {
        return add(process, Op.Type.INFO, f, null, value);
    }

    public HistoryBuilder add(long process, Op.Type type, String f, String key, Object value) {
        ops.add(new Op(ops.size(), ops.size(), process, type, f, key, value, null));
        return this;
    }

    public List<Op> build() {
        return List.copyOf(ops);
    }
}
