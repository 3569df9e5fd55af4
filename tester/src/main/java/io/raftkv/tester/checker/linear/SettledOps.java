package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.History;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's operations ready for the search: without the indeterminate ops that cannot matter,
 * and with the return positions settled for the others ({@link IndeterminateOps}).
 */
record SettledOps(List<History.Operation> ops, List<Object> inputs, long[] returns) {
    /** How long the plain search may take to name the op a reader expects, after the reduced one. */
    private static final long EXPLAIN_NANOS = 2_000_000_000L;

    static SettledOps of(Model<?, ?> model, List<History.Operation> ops, List<Object> inputs) {
        long[] returns = IndeterminateOps.settle(model, model.init(), ops, inputs);
        List<History.Operation> keptOps = new ArrayList<>(ops.size());
        List<Object> keptInputs = new ArrayList<>(ops.size());
        long[] keptReturns = new long[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            if (returns[i] != IndeterminateOps.DROP) {
                keptReturns[keptOps.size()] = returns[i];
                keptOps.add(ops.get(i));
                keptInputs.add(inputs.get(i));
            }
        }
        return new SettledOps(keptOps, keptInputs, keptReturns);
    }

    /** The reduced search alone: decides, without explaining. */
    SearchOutcome decide(Model<?, ?> model, Budget budget) throws InterruptedException {
        return new WglSearch(model, ops, inputs, returns, true, budget).run();
    }

    /**
     * The reduced search decides; a violation is then explained by the plain search, which names
     * the op a reader expects (the reduced one stops at the first step that strands an op), when
     * that finishes within {@link #EXPLAIN_NANOS}.
     */
    SearchOutcome search(Model<?, ?> model, Budget budget) throws InterruptedException {
        WglSearch reduced = new WglSearch(model, ops, inputs, returns, true, budget);
        SearchOutcome outcome = reduced.run();
        if (outcome instanceof SearchOutcome.Violation && reduced.reduces()) {
            SearchOutcome plain = new WglSearch(model, ops, inputs, returns, false, budget.within(EXPLAIN_NANOS)).run();
            if (plain instanceof SearchOutcome.Violation) {
                return plain;
            }
        }
        return outcome;
    }
}
