package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;

/**
 * String registers by key, as in the MIT 6.824 kv tests: {@code get} (returns the string),
 * {@code put s}, {@code append s} (concatenates). A missing key is {@link Nil#NIL}; appending to
 * it starts from the empty string. The mit-kv histories use an initial value of "".
 */
public final class AppendKvModel implements Model<Object, AppendKvModel.Input> {

    public sealed interface Input {}

    public record Get(Object value) implements Input {}

    public record Put(Text value) implements Input {}

    /** An append of {@code value}; {@code shift} is 31^length, to extend a hash in O(1). */
    public record Append(String value, int hash, int shift) implements Input {
        static Append of(String v) {
            int shift = 1;
            for (int i = 0; i < v.length(); i++) {
                shift *= 31;
            }
            return new Append(v, v.hashCode(), shift);
        }
    }

    /**
     * A state: the string with its hash, kept as the string grows, so the search's cache does not
     * hash the whole (ever longer) string at every step.
     */
    public record Text(String value, int hash) {
        static Text of(String s) {
            return new Text(s, s.hashCode());
        }

        Text append(Append a) {
            return new Text(value + a.value(), hash * a.shift() + a.hash());
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.hash == hash && t.value.equals(value);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    private final Object initial;

    public AppendKvModel(Object initial) {
        this.initial = initial == null ? Nil.NIL : Text.of(initial.toString());
    }

    @Override
    public String name() {
        return "append-kv";
    }

    @Override
    public Object init() {
        return initial;
    }

    @Override
    public Input input(History.Operation op) {
        return Inputs.unlessFailed(op, inv -> switch (inv.f()) {
            case "get", "read" -> op.ok() ? new Get(textOrNil(op.completion().value())) : null;
            case "put", "write" -> new Put(Text.of(text(inv)));
            case "append" -> Append.of(text(inv));
            default -> throw Inputs.unsupported(this, inv);
        });
    }

    /** Values are strings; a number read back (some clients parse "1") is its text. */
    private static Object textOrNil(Object v) {
        return v == null ? Nil.NIL : Text.of(v.toString());
    }

    private static String text(Op inv) {
        return inv.value() == null ? "" : inv.value().toString();
    }

    // An unknown put or append may also never happen; linearizing it last has the same effect.
    @Override
    public Object step(Object state, Input input) {
        return switch (input) {
            case Get g -> g.value().equals(state) ? state : null;
            case Put p -> p.value();
            case Append a -> state == Nil.NIL ? Text.of(a.value()) : ((Text) state).append(a);
        };
    }

    @Override
    public boolean readOnly(Input input) {
        return input instanceof Get;
    }

    @Override
    public String describeState(Object state) {
        return state == Nil.NIL ? "nil" : '"' + state.toString() + '"';
    }

    @Override
    public String describeInput(Input input) {
        return switch (input) {
            case Get g -> "get → " + describeState(g.value());
            case Put p -> "put " + describeState(p.value());
            case Append a -> "append " + describeState(Text.of(a.value()));
        };
    }
}
