package io.raftkv.tester.generator;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects a history as it happens: each op gets the next index and the time since the test began.
 * Thread-safe; ops are also passed, in order, to an optional sink (e.g. a file writer) so a crash
 * keeps what was recorded so far.
 */
public final class Recorder {
    private final long origin;
    private final List<Op> ops = new ArrayList<>();
    private final Consumer<Op> sink;

    public Recorder(long originNanos, Consumer<Op> sink) {
        this.origin = originNanos;
        this.sink = sink;
    }

    public Op record(long process, Op.Type type, String f, String key, Object value, String error) {
        return record(process, type, f, key, value, error, null);
    }

    /** Records an op, with the node that served it (null when unknown). */
    public synchronized Op record(
            long process, Op.Type type, String f, String key, Object value, String error, String node) {
        var op = new Op(ops.size(), System.nanoTime() - origin, process, type, f, key, value, error, node);
        ops.add(op);
        sink.accept(op);
        return op;
    }

    public long elapsedNanos() {
        return System.nanoTime() - origin;
    }

    public synchronized List<Op> history() {
        return List.copyOf(ops);
    }
}
