package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import java.util.List;
import java.util.Objects;

/**
 * A register per key: {@code read}, {@code write v}, {@code cas [from to]} (when enabled) and
 * {@code delete} (kv only). The state is the register's value or {@link Nil#NIL}.
 *
 * <p>Knossos' {@code register} and {@code cas-register}: a read that returned nil tells nothing
 * (Knossos reads it as "value unknown" and accepts it in any state); a cas succeeds only when its
 * {@code from} equals the value, nil included; a write of nil makes the value nil. This project's
 * {@code kv}: nil means absent, so a read of nil is legal only when the key holds no value; its
 * {@code get} and {@code put} are {@code read} and {@code write}.
 */
public final class RegisterModel implements Model<Object, RegisterModel.Input> {

    /** One operation in the register's terms. */
    public sealed interface Input {}

    /** A read that returned {@code value} (a state value: {@link Nil#NIL} for absent). */
    public record Read(Object value) implements Input {}

    /** A write, done or perhaps done ({@code known} false). */
    public record Write(Object value, boolean known) implements Input {}

    /** A compare-and-set that succeeded, or perhaps did ({@code known} false). */
    public record Cas(Object from, Object to, boolean known) implements Input {}

    /** A delete, done or perhaps done. */
    public record Delete(boolean known) implements Input {}

    private final String name;
    private final Object initial;
    private final boolean cas;
    private final boolean kv;

    private RegisterModel(String name, Object initial, boolean cas, boolean kv) {
        this.name = name;
        this.initial = Nil.of(initial);
        this.cas = cas;
        this.kv = kv;
    }

    /** Whether a read of nil is unconstrained (Knossos) rather than "absent" (kv). */
    private boolean nilReadUnknown() {
        return !kv;
    }

    /** Knossos' read/write register: a nil read is unconstrained. */
    public static RegisterModel register(Object initial) {
        return new RegisterModel("register", initial, false, false);
    }

    /** Knossos' compare-and-set register: a nil read is unconstrained. */
    public static RegisterModel casRegister(Object initial) {
        return new RegisterModel("cas-register", initial, true, false);
    }

    /** This project's registers by key: read, write, cas and delete; nil means absent. */
    public static RegisterModel kv(Object initial) {
        return new RegisterModel("kv", initial, true, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Object init() {
        return initial;
    }

    @Override
    public Input input(History.Operation op) {
        boolean known = op.ok();
        return Inputs.unlessFailed(op, inv -> switch (inv.f()) {
            case "read", "get" -> {
                Object read = known ? op.completion().value() : null;
                yield !known || (read == null && nilReadUnknown()) ? null : new Read(Nil.of(read));
            }
            case "write", "put" -> new Write(Nil.of(inv.value()), known);
            case "cas" -> {
                if (!cas) {
                    throw Inputs.unsupported(this, inv);
                }
                if (!(inv.value() instanceof List<?> l) || l.size() != 2) {
                    throw new IllegalArgumentException(
                            "op " + inv.index() + ": cas needs a value [from to], found " + inv.value());
                }
                yield new Cas(Nil.of(l.get(0)), Nil.of(l.get(1)), known);
            }
            case "delete" -> {
                if (!kv) {
                    throw Inputs.unsupported(this, inv);
                }
                yield new Delete(known);
            }
            default -> throw Inputs.unsupported(this, inv);
        });
    }

    @Override
    public Object step(Object state, Input input) {
        return switch (input) {
            case Read r -> r.value().equals(state) ? state : null;
            case Write w -> w.value();
            case Cas c -> c.from().equals(state) ? c.to() : (c.known() ? null : state);
            case Delete d -> Nil.NIL;
        };
    }

    @Override
    public boolean readOnly(Input input) {
        return input instanceof Read;
    }

    @Override
    public Object produces(Input input) {
        return switch (input) {
            case Write w -> w.value();
            case Cas c -> c.to();
            case Delete d -> Nil.NIL;
            case Read r -> null;
        };
    }

    @Override
    public Object requires(Input input) {
        return switch (input) {
            case Read r -> r.value();
            case Cas c -> c.from();
            case Write w -> null;
            case Delete d -> null;
        };
    }

    @Override
    public String describeState(Object state) {
        return String.valueOf(state);
    }

    @Override
    public String describeInput(Input input) {
        String maybe =
                switch (input) {
                    case Read r -> "";
                    case Write w -> w.known() ? "" : "?";
                    case Cas c -> c.known() ? "" : "?";
                    case Delete d -> d.known() ? "" : "?";
                };
        return switch (input) {
            case Read r -> "read → " + r.value();
            case Write w -> "write " + w.value() + maybe;
            case Cas c -> "cas " + c.from() + "→" + c.to() + maybe;
            case Delete d -> "delete" + maybe;
        };
    }

    @Override
    public String toString() {
        return name + (Objects.equals(initial, Nil.NIL) ? "" : " (initial " + initial + ")");
    }
}
