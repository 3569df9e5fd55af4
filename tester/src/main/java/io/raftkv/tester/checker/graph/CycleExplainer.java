package io.raftkv.tester.checker.graph;

import static io.raftkv.tester.checker.graph.DependencyGraph.RT;
import static io.raftkv.tester.checker.graph.DependencyGraph.RW;
import static io.raftkv.tester.checker.graph.DependencyGraph.WR;
import static io.raftkv.tester.checker.graph.DependencyGraph.WW;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a cycle into JSON-ready steps that say, for each edge, which key and values imply it. */
final class CycleExplainer {

    private final List<Txn> txns;
    private final Map<String, Versions.KeyOrder> orders;

    CycleExplainer(List<Txn> txns, Map<String, Versions.KeyOrder> orders) {
        this.txns = txns;
        this.orders = orders;
    }

    /** {"cycle": [{"op", "edge", "key", "why"}...], "text": "op 3 -ww-> op 7 -rw-> op 3"} */
    Map<String, Object> explain(CycleSearch.Cycle c) {
        List<Object> steps = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int n = c.txns().length;
        int first = 0; // start at the earliest operation, so the same cycle always reads the same
        for (int i = 1; i < n; i++) {
            if (txns.get(c.txns()[i]).invokeIndex() < txns.get(c.txns()[first]).invokeIndex()) {
                first = i;
            }
        }
        for (int j = 0; j < n; j++) {
            int i = (first + j) % n;
            int a = c.txns()[i];
            int b = c.txns()[(i + 1) % n];
            byte type = c.edgeTypes()[i];
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("op", Anomalies.describe(txns.get(a)));
            step.put("edge", name(type));
            step.put("to", txns.get(b).invokeIndex());
            why(a, b, type, step);
            steps.add(step);
            text.append("op ").append(txns.get(a).invokeIndex()).append(" -").append(name(type));
            if (step.get("key") != null) {
                text.append('(').append(step.get("key")).append(')');
            }
            text.append("-> ");
        }
        text.append("op ").append(txns.get(c.txns()[first]).invokeIndex());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cycle", steps);
        out.put("text", text.toString());
        return out;
    }

    static String name(byte type) {
        return switch (type) {
            case WW -> "ww";
            case WR -> "wr";
            case RW -> "rw";
            case RT -> "rt";
            default -> throw new IllegalArgumentException("edge type " + type);
        };
    }

    private void why(int a, int b, byte type, Map<String, Object> step) {
        Txn ta = txns.get(a);
        Txn tb = txns.get(b);
        String opA = "op " + ta.invokeIndex();
        String opB = "op " + tb.invokeIndex();
        switch (type) {
            case WW -> {
                for (Mop m : ta.mops()) {
                    if (m instanceof Mop.Append ap) {
                        Versions.KeyOrder k = orders.get(ap.key());
                        Integer pos = k == null ? null : k.position().get(ap.value());
                        if (pos != null && pos + 1 < k.writers().length && k.writers()[pos + 1] == b) {
                            step.put("key", ap.key());
                            step.put(
                                    "why",
                                    opA + " appended " + ap.value() + " to " + ap.key() + "; " + opB + " appended "
                                            + k.order().get(pos + 1) + " right after it");
                            return;
                        }
                    }
                }
            }
            case WR -> {
                for (Mop m : tb.mops()) {
                    if (m instanceof Mop.Read r
                            && r.values() != null
                            && !r.values().isEmpty()) {
                        Versions.KeyOrder k = orders.get(r.key());
                        Integer pos = k.position().get(r.values().getLast());
                        if (pos != null && k.writers()[pos] == a) {
                            step.put("key", r.key());
                            step.put(
                                    "why",
                                    opB + " read " + r.key() + " ending in "
                                            + r.values().getLast() + ", which " + opA + " appended");
                            return;
                        }
                    }
                }
            }
            case RW -> {
                for (Mop m : ta.mops()) {
                    if (m instanceof Mop.Read r && r.values() != null) {
                        Versions.KeyOrder k = orders.get(r.key());
                        Integer last = r.values().isEmpty()
                                ? Integer.valueOf(-1)
                                : k.position().get(r.values().getLast());
                        if (last != null && last + 1 < k.writers().length && k.writers()[last + 1] == b) {
                            step.put("key", r.key());
                            String seen = r.values().isEmpty()
                                    ? " as empty"
                                    : " up to " + r.values().getLast() + " ("
                                            + r.values().size() + " values)";
                            step.put(
                                    "why",
                                    opA + " read " + r.key() + seen + ", without "
                                            + k.order().get(last + 1) + ", which " + opB + " appended next");
                            return;
                        }
                    }
                }
            }
            default -> {
                step.put("key", null);
                step.put("why", opA + " completed (op " + ta.completion().index() + ") before " + opB + " was invoked");
                return;
            }
        }
        step.put("key", null);
        step.put("why", "");
    }
}
