package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import java.util.ArrayList;
import java.util.List;

/**
 * The few operations that prove a violation: a subset of one key's operations that is itself not
 * linearizable, and from which no single operation can be dropped without the rest becoming
 * linearizable (1-minimal). Found by delta debugging over whole operations (an invocation with its
 * completion): drop halves, then quarters, ... then single operations, keeping every drop after
 * which the rest still violates. Within a time budget; past it, the subset found so far, which
 * still violates, though perhaps not minimally.
 *
 * <p>A drop must also keep every value the subset's operations require ({@link Model#requires}: a
 * read's result, a cas's expected value) written by one of them ({@link Model#produces}) invoked
 * before the reader completed, when the whole history had such a writer. Otherwise the smallest violation of a stale read would be the
 * read alone, "a value nobody wrote", which hides the write it saw and the later write it missed.
 */
final class ViolationCore {
    private final Model<?, ?> model;
    private final Budget budget;

    ViolationCore(Model<?, ?> model, Budget budget) {
        this.model = model;
        this.budget = budget;
    }

    /**
     * @param ops one key's operations, known not to be linearizable
     * @param inputs the model's input for each
     * @return the positions in {@code ops} of a violating subset, in order; all of them if the
     *     budget ran out before the first drop
     */
    List<Integer> shrink(List<History.Operation> ops, List<Object> inputs) throws InterruptedException {
        List<Integer> kept = allOf(ops);
        for (int chunk = Math.max(1, kept.size() / 2); ; chunk = Math.max(1, chunk / 2)) {
            boolean dropped = false;
            for (int start = 0; start < kept.size(); ) {
                if (budget.pastDeadline()) {
                    return kept;
                }
                List<Integer> candidate = new ArrayList<>(kept.subList(0, start));
                candidate.addAll(kept.subList(Math.min(kept.size(), start + chunk), kept.size()));
                if (!candidate.isEmpty() && keepsWriters(ops, inputs, candidate) && violates(ops, inputs, candidate)) {
                    kept = candidate;
                    dropped = true;
                } else {
                    start += chunk;
                }
            }
            if (chunk == 1 && !dropped) {
                return kept; // no single operation can go: 1-minimal
            }
        }
    }

    /**
     * Every kept op that requires a value still has a kept op that could have written it first
     * (invoked before the reader completed), if the whole history had one.
     */
    private boolean keepsWriters(List<History.Operation> ops, List<Object> inputs, List<Integer> subset) {
        for (int reader : subset) {
            Object r = castModel().requires(inputs.get(reader));
            if (r == null || ops.get(reader).completion() == null) {
                continue;
            }
            if (hasWriter(ops, inputs, allOf(ops), reader, r) && !hasWriter(ops, inputs, subset, reader, r)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasWriter(
            List<History.Operation> ops, List<Object> inputs, List<Integer> among, int reader, Object value) {
        int readerDone = ops.get(reader).completionPos();
        for (int w : among) {
            if (w != reader
                    && ops.get(w).invokePos() < readerDone
                    && value.equals(castModel().produces(inputs.get(w)))) {
                return true;
            }
        }
        return false;
    }

    private static List<Integer> allOf(List<History.Operation> ops) {
        List<Integer> all = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            all.add(i);
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private Model<Object, Object> castModel() {
        return (Model<Object, Object>) model;
    }

    private boolean violates(List<History.Operation> ops, List<Object> inputs, List<Integer> subset)
            throws InterruptedException {
        List<History.Operation> subOps = new ArrayList<>(subset.size());
        List<Object> subInputs = new ArrayList<>(subset.size());
        for (int i : subset) {
            subOps.add(ops.get(i));
            subInputs.add(inputs.get(i));
        }
        SearchOutcome outcome = SettledOps.of(model, subOps, subInputs).decide(model, budget);
        return outcome instanceof SearchOutcome.Violation;
    }
}
