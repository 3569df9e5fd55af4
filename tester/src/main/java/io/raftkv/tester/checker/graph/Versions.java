package io.raftkv.tester.checker.graph;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-key version orders inferred from reads, and the anomalies visible without a graph: G1a, G1b,
 * duplicate elements, garbage reads, incompatible orders and lost appends.
 */
final class Versions {

    /** A committed read of a key: the transaction and the list it saw. */
    record Read(int txn, List<Object> values) {}

    /**
     * The version order of one key.
     *
     * @param order the values in the order they were appended (the longest read)
     * @param writers for each position of {@code order}, the transaction that appended it, or -1
     * @param position value to its position in {@code order}
     * @param reads the committed reads of the key
     * @param unseen transactions that certainly committed (ok, or another of their appends was
     *     read) whose append to this key no read shows: each comes after the whole of {@code order}
     */
    record KeyOrder(
            String key,
            List<Object> order,
            int[] writers,
            Map<Object, Integer> position,
            List<Read> reads,
            List<Integer> unseen) {}

    /** Thrown when two appends share a value on a key: the order cannot be inferred. */
    static final class AmbiguousException extends Exception {
        AmbiguousException(String key, Object value, Txn a, Txn b) {
            super("value " + value + " appended twice to key " + key + " (ops " + a.invokeIndex() + " and "
                    + b.invokeIndex() + ")");
        }
    }

    private final List<Txn> txns;
    private final Anomalies anomalies;
    private final Map<String, Map<Object, Integer>> writerOf = new HashMap<>();
    private final Map<String, Set<Object>> overwrittenInTxn = new HashMap<>();
    private final Map<String, List<Read>> reads = new LinkedHashMap<>();

    private Versions(List<Txn> txns, Anomalies anomalies) {
        this.txns = txns;
        this.anomalies = anomalies;
    }

    /** Infers every key's version order, adding what it finds on the way to {@code anomalies}. */
    static List<KeyOrder> infer(List<Txn> txns, Anomalies anomalies) throws AmbiguousException {
        Versions v = new Versions(txns, anomalies);
        v.index();
        List<KeyOrder> orders = new ArrayList<>(v.reads.size());
        Set<String> keys = new HashSet<>(v.writerOf.keySet());
        keys.addAll(v.reads.keySet());
        for (String key : keys.stream().sorted().toList()) {
            orders.add(v.order(key));
        }
        return v.withUnseenAppends(orders);
    }

    /**
     * Adds to each key the committed appends no read showed. A transaction committed if it is ok,
     * or if a read showed any of its appends (it was atomic, so all of them took effect).
     */
    private List<KeyOrder> withUnseenAppends(List<KeyOrder> orders) {
        boolean[] seen = new boolean[txns.size()];
        for (KeyOrder k : orders) {
            for (int w : k.writers()) {
                if (w >= 0) {
                    seen[w] = true;
                }
            }
        }
        List<KeyOrder> out = new ArrayList<>(orders.size());
        for (KeyOrder k : orders) {
            List<Integer> unseen = new ArrayList<>();
            writerOf.getOrDefault(k.key(), Map.of()).forEach((value, t) -> {
                Txn txn = txns.get(t);
                boolean committed = txn.outcome() == Op.Type.OK || (txn.mayHaveCommitted() && seen[t]);
                if (committed && !k.position().containsKey(value)) {
                    unseen.add(t);
                }
            });
            unseen.sort(null);
            out.add(new KeyOrder(k.key(), k.order(), k.writers(), k.position(), k.reads(), unseen));
        }
        return out;
    }

    private void index() throws AmbiguousException {
        for (int t = 0; t < txns.size(); t++) {
            Txn txn = txns.get(t);
            Map<String, Object> lastAppend = new HashMap<>();
            for (Mop mop : txn.mops()) {
                switch (mop) {
                    case Mop.Append a -> {
                        Integer prior = writerOf.computeIfAbsent(a.key(), k -> new HashMap<>())
                                .putIfAbsent(a.value(), t);
                        if (prior != null) {
                            throw new AmbiguousException(a.key(), a.value(), txns.get(prior), txn);
                        }
                        Object before = lastAppend.put(a.key(), a.value());
                        if (before != null) {
                            overwrittenInTxn
                                    .computeIfAbsent(a.key(), k -> new HashSet<>())
                                    .add(before);
                        }
                    }
                    case Mop.Read r -> {
                        if (r.values() != null && txn.outcome() == Op.Type.OK) {
                            reads.computeIfAbsent(r.key(), k -> new ArrayList<>())
                                    .add(new Read(t, r.values()));
                        }
                    }
                }
            }
        }
    }

    private KeyOrder order(String key) {
        List<Read> keyReads = reads.getOrDefault(key, List.of());
        Map<Object, Integer> writers = writerOf.getOrDefault(key, Map.of());
        Read longest = null;
        for (Read r : keyReads) {
            if (longest == null || r.values().size() > longest.values().size()) {
                longest = r;
            }
        }
        List<Object> order = new ArrayList<>();
        Map<Object, Integer> position = new HashMap<>();
        if (longest != null) {
            for (Object v : longest.values()) {
                if (!position.containsKey(v)) {
                    position.put(v, order.size());
                    order.add(v);
                }
            }
        }
        int[] writerAt = new int[order.size()];
        for (int i = 0; i < order.size(); i++) {
            writerAt[i] = writers.getOrDefault(order.get(i), -1);
        }
        int clean = longest == null ? 0 : cleanPrefix(longest.values(), writers);
        for (Read r : keyReads) {
            boolean prefix = longest == null || isPrefix(r.values(), longest.values());
            if (!prefix || r.values().size() > clean) {
                checkValues(key, r, writers);
            }
            if (!prefix) {
                Map<String, Object> e = example(key, r, "values", r.values());
                e.put("longest", Anomalies.describe(txns.get(longest.txn())));
                anomalies.add("incompatible-order", e);
            }
            checkLast(key, r, writers);
        }
        findLostAppends(key, keyReads, writers, position);
        return new KeyOrder(key, order, writerAt, position, keyReads, List.of());
    }

    /**
     * How many leading values of the longest read are unique, written and not aborted: a read that
     * is a prefix no longer than that needs no value-by-value check.
     */
    private int cleanPrefix(List<Object> longest, Map<Object, Integer> writers) {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < longest.size(); i++) {
            Object v = longest.get(i);
            Integer w = writers.get(v);
            if (!seen.add(v) || w == null || txns.get(w).outcome() == Op.Type.FAIL) {
                return i;
            }
        }
        return longest.size();
    }

    private void checkValues(String key, Read r, Map<Object, Integer> writers) {
        Set<Object> seen = new HashSet<>();
        for (Object v : r.values()) {
            if (!seen.add(v)) {
                anomalies.add("duplicate-elements", example(key, r, "value", v));
            }
            Integer w = writers.get(v);
            if (w == null) {
                anomalies.add("garbage-read", example(key, r, "value", v));
            } else if (txns.get(w).outcome() == Op.Type.FAIL) {
                Map<String, Object> e = example(key, r, "value", v);
                e.put("writer", Anomalies.describe(txns.get(w)));
                anomalies.add("G1a", e);
            }
        }
    }

    /** G1b: the list ends in a value its writer appended over later in the same transaction. */
    private void checkLast(String key, Read r, Map<Object, Integer> writers) {
        if (r.values().isEmpty()) {
            return;
        }
        Object last = r.values().getLast();
        Integer w = writers.get(last);
        if (w != null
                && w != r.txn()
                && overwrittenInTxn.getOrDefault(key, Set.of()).contains(last)) {
            Map<String, Object> e = example(key, r, "value", last);
            e.put("writer", Anomalies.describe(txns.get(w)));
            anomalies.add("G1b", e);
        }
    }

    /** An acknowledged append that no read shows, although a read began after it completed. */
    private void findLostAppends(
            String key, List<Read> keyReads, Map<Object, Integer> writers, Map<Object, Integer> position) {
        Read latest = null;
        for (Read r : keyReads) {
            if (latest == null
                    || txns.get(r.txn()).invokeIndex() > txns.get(latest.txn()).invokeIndex()) {
                latest = r;
            }
        }
        if (latest == null) {
            return;
        }
        long latestInvoke = txns.get(latest.txn()).invokeIndex();
        for (Map.Entry<Object, Integer> e : writers.entrySet()) {
            Txn writer = txns.get(e.getValue());
            if (writer.outcome() == Op.Type.OK
                    && !position.containsKey(e.getKey())
                    && writer.completion().index() < latestInvoke) {
                Map<String, Object> ex = example(key, latest, "value", e.getKey());
                ex.put("writer", Anomalies.describe(writer));
                anomalies.add("lost-append", ex);
            }
        }
    }

    private Map<String, Object> example(String key, Read r, String what, Object value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("key", key);
        e.put(what, value);
        e.put("op", Anomalies.describe(txns.get(r.txn())));
        return e;
    }

    private static boolean isPrefix(List<Object> prefix, List<Object> of) {
        if (prefix.size() > of.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!prefix.get(i).equals(of.get(i))) {
                return false;
            }
        }
        return true;
    }
}
