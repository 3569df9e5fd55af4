package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;

/**
 * A sequential specification, as pure functions, in the style of porcupine's models.
 *
 * <p>States must be immutable values with {@code equals}/{@code hashCode}: the search caches
 * (linearized set, state) pairs and relies on value equality to prune. {@link #step} must not
 * mutate its arguments.
 *
 * @param <S> the state type
 * @param <I> the model's form of one operation (its argument together with its observed result)
 */
public interface Model<S, I> {

    /** A short name, e.g. "cas-register". */
    String name();

    /** The state before any operation. */
    S init();

    /**
     * Translates a client operation into this model's input. Returns null for an operation that
     * can neither change the state nor constrain it: a failed op (Jepsen: {@code fail} means no
     * effect), or a read whose result is unknown.
     *
     * @throws IllegalArgumentException for an operation this model does not know, naming it
     */
    I input(History.Operation op);

    /**
     * The state after {@code input} takes effect in {@code state}, or null if it cannot: its
     * observed result is impossible there. An input whose result is unknown never returns null.
     */
    S step(S state, I input);

    /**
     * True if {@code input} never changes the state, in any state where it is legal (a read with a
     * known result). The search may then linearize it as early as it is legal. The default, false,
     * is always safe.
     */
    default boolean readOnly(I input) {
        return false;
    }

    /**
     * The value this op leaves in the state when it takes effect (a write's or a successful cas's
     * new value), or null when it leaves none or the model does not say. Used with {@link
     * #requires} to settle indeterminate ops (see {@code IndeterminateOps}) and to prune the
     * search. A model that says promises: the state after an op that produces {@code v} equals
     * {@code v}, and an op that requires {@code v} is legal only in a state equal to {@code v}.
     */
    default Object produces(I input) {
        return null;
    }

    /**
     * The value the state must hold for this op to be legal (a read's result, a cas's expected
     * value), or null when there is none or the model does not say.
     */
    default Object requires(I input) {
        return null;
    }

    /**
     * Operations with different keys are independent and checked apart, as Jepsen's independent
     * checker does; null means one partition. The default is the op's {@link Op#key()}.
     */
    default String partitionKey(Op invoke) {
        return invoke.key();
    }

    /** A state for humans, e.g. {@code 3} or {@code nil}. */
    String describeState(S state);

    /** An operation for humans, e.g. {@code cas(3→0)} or {@code read → 4}. */
    String describeInput(I input);
}
