package io.raftkv.tester.checker.graph;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elle's {@code internal} anomaly: within one committed transaction, a read of a key must show what
 * the transaction already knows of it. After a read of {@code L}, later appends {@code a, b} mean
 * the next read is exactly {@code L ++ [a, b]}; with no read before them, the next read must end
 * with {@code [a, b]}. A read that shows a value the same transaction appends only later is a
 * {@code future-read}.
 */
final class InternalConsistency {
    private InternalConsistency() {}

    static void check(List<Txn> txns, Anomalies anomalies) {
        for (Txn txn : txns) {
            if (txn.outcome() != Op.Type.OK) {
                continue;
            }
            Map<String, List<Object>> known = new HashMap<>(); // the whole list, once read
            Map<String, List<Object>> tail = new HashMap<>(); // own appends since no read
            List<Mop> mops = txn.mops();
            for (int i = 0; i < mops.size(); i++) {
                Mop mop = mops.get(i);
                switch (mop) {
                    case Mop.Append a -> {
                        List<Object> k = known.get(a.key());
                        (k != null ? k : tail.computeIfAbsent(a.key(), x -> new ArrayList<>())).add(a.value());
                    }
                    case Mop.Read r -> {
                        if (r.values() == null) {
                            continue;
                        }
                        List<Object> k = known.get(r.key());
                        List<Object> t = tail.getOrDefault(r.key(), List.of());
                        boolean consistent = k != null ? k.equals(r.values()) : endsWith(r.values(), t);
                        if (!consistent) {
                            Map<String, Object> e = new LinkedHashMap<>();
                            e.put("key", r.key());
                            e.put("read", r.values());
                            e.put(
                                    k != null ? "expected" : "expectedEnding",
                                    k != null ? List.copyOf(k) : List.copyOf(t));
                            e.put("op", Anomalies.describe(txn));
                            anomalies.add("internal", e);
                        }
                        for (Mop later : mops.subList(i + 1, mops.size())) {
                            if (later instanceof Mop.Append a
                                    && a.key().equals(r.key())
                                    && r.values().contains(a.value())) {
                                Map<String, Object> e = new LinkedHashMap<>();
                                e.put("key", r.key());
                                e.put("value", a.value());
                                e.put("op", Anomalies.describe(txn));
                                anomalies.add("future-read", e);
                            }
                        }
                        known.put(r.key(), new ArrayList<>(r.values()));
                        tail.remove(r.key());
                    }
                }
            }
        }
    }

    private static boolean endsWith(List<Object> list, List<Object> suffix) {
        if (suffix.size() > list.size()) {
            return false;
        }
        return list.subList(list.size() - suffix.size(), list.size()).equals(suffix);
    }
}
