package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A list per key, as in the rig's append workload: {@code append v} adds {@code v} to the end;
 * {@code read} returns the whole list (nil = the empty list, a key never written). Checked per
 * key like the other models; transactions ({@code txn}) are the graph checker's.
 */
public final class ListAppendModel implements Model<List<Object>, ListAppendModel.Input> {

    public sealed interface Input {}

    public record Append(Object value) implements Input {}

    public record Read(List<Object> values) implements Input {}

    @Override
    public String name() {
        return "list-append";
    }

    @Override
    public List<Object> init() {
        return List.of();
    }

    @Override
    public Input input(History.Operation op) {
        if (op.failed()) {
            return null;
        }
        Op inv = op.invoke();
        return switch (inv.f()) {
            case "append" -> new Append(Values.normalize(inv.value()));
            case "read", "r" -> {
                if (!op.ok()) {
                    yield null;
                }
                Object v = op.completion().value();
                if (v != null && !(v instanceof Collection<?>)) {
                    throw new IllegalArgumentException(
                            "op " + op.completion().index() + ": a list read returns a list, found " + v);
                }
                yield new Read(v == null ? List.of() : Values.normalizeAll((Collection<?>) v));
            }
            default ->
                throw new IllegalArgumentException("op " + inv.index() + ": the list-append model has no :" + inv.f()
                        + " operation" + (inv.f().equals("txn") ? " (use the graph checker)" : ""));
        };
    }

    @Override
    public List<Object> step(List<Object> state, Input input) {
        return switch (input) {
            case Append a -> {
                List<Object> next = new ArrayList<>(state.size() + 1);
                next.addAll(state);
                next.add(a.value());
                yield List.copyOf(next);
            }
            case Read r -> state.equals(r.values()) ? state : null;
        };
    }

    @Override
    public boolean readOnly(Input input) {
        return input instanceof Read;
    }

    @Override
    public String describeState(List<Object> state) {
        return state.toString();
    }

    @Override
    public String describeInput(Input input) {
        return switch (input) {
            case Append a -> "append " + a.value();
            case Read r -> "read → " + r.values();
        };
    }
}
