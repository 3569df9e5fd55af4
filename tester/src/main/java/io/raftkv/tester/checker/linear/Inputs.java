package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** What the models share in turning an op of a history into their input. */
final class Inputs {
    private Inputs() {}

    /**
     * The input {@code of} reads from {@code op}'s invocation, or null for a failed op: it had no
     * effect (Jepsen's {@code fail}), whatever its function.
     */
    static <I> I unlessFailed(History.Operation op, Function<Op, I> of) {
        return op.failed() ? null : of.apply(op.invoke());
    }

    /** The error for an op whose function {@code model} does not know. */
    static IllegalArgumentException unsupported(Model<?, ?> model, Op inv) {
        return unsupported(model, inv, "");
    }

    /** The same, with {@code hint} (where to go instead) after it. */
    static IllegalArgumentException unsupported(Model<?, ?> model, Op inv, String hint) {
        return new IllegalArgumentException(
                "op " + inv.index() + ": the " + model.name() + " model has no :" + inv.f() + " operation" + hint);
    }

    /**
     * What an ok read of a whole {@code kind} (a list, a set) returned, normalized ({@link Values}),
     * or null for nil; a read that returned anything else is an error.
     */
    static List<Object> collectionRead(History.Operation op, String kind) {
        Object v = op.completion().value();
        if (v != null && !(v instanceof Collection<?>)) {
            throw new IllegalArgumentException(
                    "op " + op.completion().index() + ": a " + kind + " read returns a " + kind + ", found " + v);
        }
        return v == null ? null : Values.normalizeAll((Collection<?>) v);
    }
}
