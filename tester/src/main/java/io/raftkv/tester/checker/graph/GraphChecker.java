package io.raftkv.tester.checker.graph;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a list-append history for dependency cycles and the other anomalies of {@code
 * package-info}. Invalid results carry {@code details.anomalies}: anomaly name to examples, each
 * cycle example with {@code cycle} (its steps: op, edge type, key and why) and {@code text}; {@code
 * details.counts} gives how many of each were found.
 */
public final class GraphChecker implements Checker {

    public static final String NAME = "elle-list-append";

    /**
     * Whether {@code history} has the list-append shape this checker reads: {@code txn} ops whose
     * micro-ops append and read ({@code ["append" k v]}, {@code ["r" k list]}), or {@code append}
     * ops whose reads return lists (or that have no {@code get}, which marks the string-append kv
     * of the MIT tests).
     */
    public static boolean fits(List<Op> history) {
        boolean append = false;
        boolean get = false;
        boolean listRead = false;
        boolean registerOp = false;
        for (Op op : history) {
            if (op.isNemesis()) {
                continue;
            }
            switch (op.f()) {
                case "txn" -> {
                    if (op.value() instanceof List<?> mops
                            && mops.stream()
                                    .anyMatch(m -> m instanceof List<?> t
                                            && !t.isEmpty()
                                            && (t.get(0).equals("append")
                                                    || t.get(0).equals("r")))) {
                        return true;
                    }
                    registerOp = true;
                }
                case "append" -> append = true;
                case "get", "put" -> get = true;
                case "read" -> listRead |= op.type() == Op.Type.OK && op.value() instanceof List<?>;
                default -> registerOp = true;
            }
        }
        return append && !registerOp && (listRead || !get);
    }

    @Override
    public CheckResult check(List<Op> history) {
        try {
            return run(history);
        } catch (AppendHistory.MalformedException | Versions.AmbiguousException e) {
            return new CheckResult(NAME, Verdict.UNKNOWN, "cannot analyse: " + e.getMessage(), null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new CheckResult(NAME, Verdict.UNKNOWN, "checker error: " + e, null);
        }
    }

    private static CheckResult run(List<Op> history)
            throws AppendHistory.MalformedException, Versions.AmbiguousException {
        List<Txn> txns = AppendHistory.transactions(history);
        Anomalies anomalies = new Anomalies();
        InternalConsistency.check(txns, anomalies);
        List<Versions.KeyOrder> orders = Versions.infer(txns, anomalies);
        DependencyGraph graph = DependencyGraph.build(history, txns, orders);
        Map<String, Versions.KeyOrder> byKey = new LinkedHashMap<>();
        orders.forEach(o -> byKey.put(o.key(), o));
        CycleExplainer explainer = new CycleExplainer(txns, byKey);
        for (CycleSearch.Cycle c : new CycleSearch(graph).cycles()) {
            anomalies.add(c.anomaly(), explainer.explain(c));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("transactions", txns.size());
        stats.put("keys", orders.size());
        stats.put("edges", graph.targets.length);
        stats.put("barriers", graph.vertices - graph.txns);
        details.put("stats", stats);
        if (anomalies.isEmpty()) {
            return new CheckResult(
                    NAME,
                    Verdict.VALID,
                    txns.size() + " transactions over " + orders.size() + " keys: no anomalies",
                    details);
        }
        details.put("anomalies", anomalies.examples());
        details.put("counts", anomalies.counts());
        return new CheckResult(NAME, Verdict.INVALID, anomalies.summary(), details);
    }
}
