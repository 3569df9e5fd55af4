package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Knossos' {@code multi-register}: one op is a transaction, a list of {@code [f k v]} micro-ops
 * applied in order, where {@code f} is {@code read} (or {@code r}) and {@code write} (or {@code
 * w}). A read of nil is unconstrained; a read of {@code v} is legal only when {@code k} holds
 * {@code v} at that point of the transaction. Keys start nil. An indeterminate transaction takes
 * its micro-ops from the invocation, so its reads are unconstrained and its writes may happen.
 */
public final class MultiRegisterModel implements Model<Map<Object, Object>, List<MultiRegisterModel.Mop>> {

    /** One micro-op: a read of {@code value} (null = unknown) or a write of it. */
    public record Mop(boolean write, Object key, Object value) {}

    @Override
    public String name() {
        return "multi-register";
    }

    @Override
    public Map<Object, Object> init() {
        return Map.of();
    }

    @Override
    public List<Mop> input(History.Operation op) {
        if (op.failed()) {
            return null;
        }
        Op source = op.ok() ? op.completion() : op.invoke();
        if (!(source.value() instanceof List<?> micro)) {
            throw new IllegalArgumentException("op " + source.index()
                    + ": the multi-register model needs a list of [f k v] micro-ops, found " + source.value());
        }
        List<Mop> mops = new ArrayList<>(micro.size());
        for (Object m : micro) {
            if (!(m instanceof List<?> t) || t.size() != 3 || !(t.get(0) instanceof String f)) {
                throw new IllegalArgumentException("op " + source.index() + ": a micro-op must be [f k v], found " + m);
            }
            boolean write =
                    switch (f) {
                        case "write", "w" -> true;
                        case "read", "r" -> false;
                        default ->
                            throw new IllegalArgumentException(
                                    "op " + source.index() + ": the multi-register model has no :" + f + " micro-op");
                    };
            mops.add(new Mop(write, Values.normalize(t.get(1)), Values.normalize(t.get(2))));
        }
        return List.copyOf(mops);
    }

    @Override
    public Map<Object, Object> step(Map<Object, Object> state, List<Mop> txn) {
        Map<Object, Object> next = null;
        for (Mop m : txn) {
            Map<Object, Object> now = next == null ? state : next;
            if (m.write()) {
                if (next == null) {
                    next = new HashMap<>(state);
                }
                next.put(m.key(), Nil.of(m.value()));
            } else if (m.value() != null && !m.value().equals(now.getOrDefault(m.key(), Nil.NIL))) {
                return null;
            }
        }
        return next == null ? state : Map.copyOf(next);
    }

    @Override
    public boolean readOnly(List<Mop> txn) {
        return txn.stream().noneMatch(Mop::write);
    }

    @Override
    public String describeState(Map<Object, Object> state) {
        return String.valueOf(state);
    }

    @Override
    public String describeInput(List<Mop> txn) {
        List<String> parts = new ArrayList<>();
        for (Mop m : txn) {
            parts.add((m.write() ? "w " : "r ") + m.key() + " " + (m.value() == null ? "nil" : m.value()));
        }
        return "txn " + parts;
    }
}
