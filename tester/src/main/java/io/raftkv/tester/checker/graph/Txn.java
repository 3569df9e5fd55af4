package io.raftkv.tester.checker.graph;

import io.raftkv.tester.history.Op;
import java.util.List;

/**
 * A list-append transaction: an invoke and its completion.
 *
 * @param invoke the invoke op
 * @param completion the ok, fail or info op, or null when the history ends before it
 * @param mops the micro-ops, with read results from the completion when it is ok
 */
record Txn(Op invoke, Op completion, List<Mop> mops) {

    Op.Type outcome() {
        return completion == null ? Op.Type.INFO : completion.type();
    }

    /** Whether the transaction may have committed: ok or indeterminate. */
    boolean mayHaveCommitted() {
        return outcome() != Op.Type.FAIL;
    }

    long invokeIndex() {
        return invoke.index();
    }
}
