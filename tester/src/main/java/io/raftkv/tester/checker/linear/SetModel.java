package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Knossos' {@code set}: {@code add v} adds an element; {@code read} returns the whole set and is
 * legal only when it equals the state exactly (a nil read is a read of nothing, which no set
 * equals). The set starts empty.
 */
public final class SetModel implements Model<Set<Object>, SetModel.Input> {

    public sealed interface Input {}

    public record Add(Object value) implements Input {}

    /** A read of {@code values}, or of nil when null. */
    public record Read(Set<Object> values) implements Input {}

    @Override
    public String name() {
        return "set";
    }

    @Override
    public Set<Object> init() {
        return Set.of();
    }

    @Override
    public Input input(History.Operation op) {
        return Inputs.unlessFailed(op, inv -> switch (inv.f()) {
            case "add" -> new Add(Values.normalize(inv.value()));
            case "read" -> {
                if (!op.ok()) {
                    yield null;
                }
                List<Object> read = Inputs.collectionRead(op, "set");
                yield new Read(read == null ? null : Set.copyOf(read));
            }
            default -> throw Inputs.unsupported(this, inv);
        });
    }

    @Override
    public Set<Object> step(Set<Object> state, Input input) {
        return switch (input) {
            case Add a -> {
                if (state.contains(a.value())) {
                    yield state;
                }
                Set<Object> next = new HashSet<>(state);
                next.add(a.value());
                yield Set.copyOf(next);
            }
            case Read r -> state.equals(r.values()) ? state : null;
        };
    }

    @Override
    public boolean readOnly(Input input) {
        return input instanceof Read;
    }

    @Override
    public String describeState(Set<Object> state) {
        return "#" + state.stream().map(String::valueOf).sorted().toList();
    }

    @Override
    public String describeInput(Input input) {
        return switch (input) {
            case Add a -> "add " + a.value();
            case Read r -> "read → " + (r.values() == null ? "nil" : describeState(r.values()));
        };
    }
}
