package io.raftkv.tester.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each client invocation with its completion, by process, as Jepsen does. Nemesis events
 * are left out. An invocation completed by {@code info}, or never completed, is indeterminate.
 * A process that has an invocation open cannot invoke again.
 */
public final class History {
    private History() {}

    /**
     * One client operation.
     *
     * @param invoke the invocation
     * @param completion its ok, fail or info completion, or null if the history ends first
     * @param invokePos position of the invocation in the history list
     * @param completionPos position of the completion, or -1
     */
    public record Operation(Op invoke, Op completion, int invokePos, int completionPos) {
        /** Ok: happened with the completion's result. */
        public boolean ok() {
            return completion != null && completion.type() == Op.Type.OK;
        }

        /** Fail: certainly had no effect. */
        public boolean failed() {
            return completion != null && completion.type() == Op.Type.FAIL;
        }

        /** Info or never completed: may or may not have taken effect. */
        public boolean indeterminate() {
            return completion == null || completion.type() == Op.Type.INFO;
        }
    }

    /** Thrown for a history that breaks the invoke/complete discipline. */
    public static final class MalformedHistoryException extends IllegalArgumentException {
        private final long opIndex;

        MalformedHistoryException(long opIndex, String message) {
            super("op " + opIndex + ": " + message);
            this.opIndex = opIndex;
        }

        /** The {@link Op#index()} of the offending op. */
        public long opIndex() {
            return opIndex;
        }
    }

    /** Client operations in invocation order. */
    public static List<Operation> operations(List<Op> history) {
        List<Operation> out = new ArrayList<>(history.size() / 2 + 1);
        Map<Long, Integer> open = new HashMap<>(); // process -> position in out
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op.isNemesis()) {
                continue;
            }
            Integer pending = open.get(op.process());
            if (op.isInvoke()) {
                if (pending != null) {
                    throw new MalformedHistoryException(
                            op.index(),
                            "process " + op.process() + " invokes while its op "
                                    + out.get(pending).invoke().index() + " is still open");
                }
                open.put(op.process(), out.size());
                out.add(new Operation(op, null, i, -1));
            } else {
                if (pending == null) {
                    throw new MalformedHistoryException(
                            op.index(), "process " + op.process() + " completes an op it never invoked");
                }
                open.remove(op.process());
                Operation inv = out.get(pending);
                if (!inv.invoke().f().equals(op.f())) {
                    throw new MalformedHistoryException(
                            op.index(),
                            "completion :" + op.f() + " does not match invocation :"
                                    + inv.invoke().f() + " (op " + inv.invoke().index() + ")");
                }
                out.set(pending, new Operation(inv.invoke(), op, inv.invokePos(), i));
            }
        }
        return out;
    }
}
