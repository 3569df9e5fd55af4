package io.raftkv.tester.checker.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Anomalies found so far, by name: a count and the first few examples of each. */
final class Anomalies {

    /** Examples kept per anomaly name; the count goes on. */
    static final int MAX_EXAMPLES = 16;

    private final Map<String, List<Map<String, Object>>> examples = new TreeMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();

    void add(String name, Map<String, Object> example) {
        int n = counts.merge(name, 1, Integer::sum);
        if (n <= MAX_EXAMPLES) {
            examples.computeIfAbsent(name, k -> new ArrayList<>()).add(example);
        }
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    Map<String, List<Map<String, Object>>> examples() {
        return examples;
    }

    Map<String, Integer> counts() {
        return counts;
    }

    /** "G-single x2, G1a x1" */
    String summary() {
        List<String> parts = new ArrayList<>();
        counts.forEach((name, n) -> parts.add(name + " x" + n));
        return String.join(", ", parts);
    }

    /** A JSON-ready description of a transaction, for examples. */
    static Map<String, Object> describe(Txn t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", t.invokeIndex());
        m.put("completion", t.completion() == null ? null : t.completion().index());
        m.put("process", t.invoke().process());
        m.put("type", t.outcome().wire());
        m.put("value", mopsJson(t.mops()));
        return m;
    }

    static List<Object> mopsJson(List<Mop> mops) {
        List<Object> out = new ArrayList<>(mops.size());
        for (Mop mop : mops) {
            switch (mop) {
                case Mop.Append a -> out.add(List.of("append", a.key(), a.value()));
                case Mop.Read r -> {
                    List<Object> read = new ArrayList<>(3);
                    read.add("r");
                    read.add(r.key());
                    read.add(r.values());
                    out.add(read);
                }
            }
        }
        return out;
    }
}
