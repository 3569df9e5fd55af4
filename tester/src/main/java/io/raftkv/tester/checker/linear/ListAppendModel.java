package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
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
        return Inputs.unlessFailed(op, inv -> switch (inv.f()) {
            case "append" -> new Append(Values.normalize(inv.value()));
            case "read", "r" -> {
                if (!op.ok()) {
                    yield null;
                }
                List<Object> read = Inputs.collectionRead(op, "list");
                yield new Read(read == null ? List.of() : read);
            }
            default -> throw Inputs.unsupported(this, inv, inv.f().equals("txn") ? " (use the graph checker)" : "");
        });
    }

    @Override
    public List<Object> step(List<Object> state, Input input) {
        return switch (input) {
            case Append a -> {
                yield Values.appended(state, a.value());
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
