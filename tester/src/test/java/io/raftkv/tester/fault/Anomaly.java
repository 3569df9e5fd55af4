package io.raftkv.tester.fault;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.graph.GraphChecker;
import java.util.List;
import java.util.Map;

/**
 * What an unsafe case must show, read from the graph checker's result: the checker that found it,
 * the kind of anomaly in the rig's words, and the function of the operation that shows it.
 *
 * <ul>
 *   <li>stale read: a dependency cycle that needs a real-time edge and an anti-dependency (a read
 *       that missed an append completed before the read began): {@code G-single-realtime} or
 *       {@code G2-realtime}; shown by the read at the rw edge.
 *   <li>lost acknowledged write: {@code lost-append}, an acknowledged append that no later read
 *       holds; shown by the append.
 *   <li>duplicate: {@code duplicate-elements}, one append applied twice; shown by the read.
 * </ul>
 */
record Anomaly(String checker, String kind, String f) {
    static final String STALE_READ = "stale read";
    static final String LOST_WRITE = "lost acknowledged write";
    static final String DUPLICATE = "duplicate";

    /** Every anomaly of {@code result}, one per kind found, each with one example's function. */
    static List<Anomaly> of(CheckResult result) {
        if (!result.checker().equals(GraphChecker.NAME)) {
            return List.of();
        }
        var examples = (Map<?, ?>) result.details().getOrDefault("anomalies", Map.of());
        var out = new java.util.ArrayList<Anomaly>();
        examples.forEach((name, list) -> {
            Map<?, ?> example = (Map<?, ?>) ((List<?>) list).getFirst();
            switch (String.valueOf(name)) {
                case "duplicate-elements" -> out.add(new Anomaly(result.checker(), DUPLICATE, f(example.get("op"))));
                case "lost-append" -> out.add(new Anomaly(result.checker(), LOST_WRITE, f(example.get("writer"))));
                case "G-single-realtime", "G2-realtime" -> {
                    for (Object step : (List<?>) example.get("cycle")) {
                        Map<?, ?> s = (Map<?, ?>) step;
                        if ("rw".equals(s.get("edge"))) {
                            out.add(new Anomaly(result.checker(), STALE_READ, f(s.get("op"))));
                            break;
                        }
                    }
                }
                default -> {}
            }
        });
        return out;
    }

    /** "append" or "read" for a one-operation transaction as the graph checker describes it. */
    private static String f(Object op) {
        var mops = (List<?>) ((Map<?, ?>) op).get("value");
        if (mops.size() != 1) {
            return "txn";
        }
        String kind = String.valueOf(((List<?>) mops.getFirst()).getFirst());
        return kind.equals("r") ? "read" : kind;
    }
}
