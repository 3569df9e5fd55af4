package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settles indeterminate ops ({@code info}, or never completed) before the search, for models that
 * say which value an op {@link Model#produces} and which it {@link Model#requires}. An
 * indeterminate op may take effect any time after its invocation or never, so the search must
 * carry it along to the end of the history; with many of them it cannot finish. Two facts about a
 * value {@code v} (not nil, not the initial state) let most of them go:
 *
 * <ul>
 *   <li>No op requires {@code v}: taking effect only puts {@code v} in the state, where no op can
 *       use it; the next op to follow it legally is one that overwrites it. So every valid order
 *       that has the op stays valid without it: it is left out (as if it never happened).
 *   <li>Only this op produces {@code v} and an {@code ok} op requires it: the op certainly took
 *       effect, before that op. It must be linearized before the earliest completion of such an
 *       op, so it is given a return there, like an op that completed.
 * </ul>
 */
final class IndeterminateOps {
    private IndeterminateOps() {}

    /** An op's return position in a partition: its own, a settled one, or {@code NEVER} when left out. */
    static final long OPEN = Long.MAX_VALUE;

    static final long DROP = Long.MIN_VALUE;

    /**
     * For each op of a partition: {@link #DROP}, a return position (history position, the event
     * goes just before the op completing there), or {@link #OPEN} to keep it as it is.
     */
    @SuppressWarnings("unchecked")
    static long[] settle(Model<?, ?> m, Object initial, List<History.Operation> ops, List<Object> inputs) {
        Model<Object, Object> model = (Model<Object, Object>) m;
        long[] out = new long[ops.size()];
        java.util.Arrays.fill(out, OPEN);
        Map<Object, Integer> producers = new HashMap<>();
        Map<Object, Long> firstOkRequire = new HashMap<>(); // v -> earliest completion of an ok op requiring it
        Map<Object, Boolean> required = new HashMap<>();
        List<Integer> indeterminate = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Object in = inputs.get(i);
            Object p = model.produces(in);
            if (p != null) {
                producers.merge(p, 1, Integer::sum);
            }
            Object r = model.requires(in);
            if (r != null) {
                required.put(r, true);
                if (ops.get(i).ok()) {
                    firstOkRequire.merge(r, (long) ops.get(i).completionPos(), Math::min);
                }
            }
            if (!ops.get(i).ok()) {
                indeterminate.add(i);
            }
        }
        for (int i : indeterminate) {
            Object v = model.produces(inputs.get(i));
            if (v == null || v == Nil.NIL || v.equals(initial)) {
                continue;
            }
            if (!required.containsKey(v)) {
                out[i] = DROP;
            } else if (producers.get(v) == 1 && firstOkRequire.containsKey(v)) {
                long at = firstOkRequire.get(v);
                if (at > ops.get(i).invokePos()) {
                    out[i] = at;
                }
            }
        }
        return out;
    }
}
