package io.raftkv.tester.checker.graph;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates valid list-append histories: concurrent processes whose transactions take effect
 * atomically at a point between invoke and completion (so the history is strict serializable). Some
 * transactions fail before taking effect; some end in {@code info}, before or after taking effect.
 * For tests and benchmarks.
 */
public final class SyntheticAppendHistory {

    private SyntheticAppendHistory() {}

    /**
     * @param txns transactions to generate
     * @param processes concurrent workers
     * @param keys distinct keys
     * @param seed the random seed; the same arguments give the same history
     */
    public static List<Op> generate(int txns, int processes, int keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<Object>> state = new HashMap<>();
        long[] process = new long[processes];
        List<List<Object>>[] inFlight = newArray(processes);
        boolean[] applied = new boolean[processes];
        for (int p = 0; p < processes; p++) {
            process[p] = p;
        }
        List<Op> history = new ArrayList<>(txns * 2 + processes);
        long nextValue = 1;
        int invoked = 0;
        int open = 0;
        while (invoked < txns || open > 0) {
            int w = random.nextInt(processes);
            List<List<Object>> txn = inFlight[w];
            long time = history.size() * 1_000L;
            if (txn == null) {
                if (invoked == txns) {
                    continue;
                }
                List<List<Object>> mops = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String key = "k" + random.nextInt(keys);
                    if (random.nextBoolean()) {
                        mops.add(List.of("append", key, nextValue++));
                    } else {
                        mops.add(mop("r", key, null));
                    }
                }
                inFlight[w] = mops;
                applied[w] = false;
                invoked++;
                open++;
                history.add(new Op(history.size(), time, process[w], Op.Type.INVOKE, "txn", null, mops, null));
            } else if (!applied[w] && random.nextInt(50) == 0) {
                history.add(new Op(history.size(), time, process[w], Op.Type.FAIL, "txn", null, txn, "aborted"));
                inFlight[w] = null;
                open--;
            } else if (!applied[w]) {
                inFlight[w] = apply(txn, state);
                applied[w] = true;
            } else {
                boolean crashed = random.nextInt(100) == 0;
                Op.Type type = crashed ? Op.Type.INFO : Op.Type.OK;
                history.add(new Op(history.size(), time, process[w], type, "txn", null, inFlight[w], null));
                if (crashed) {
                    process[w] += processes;
                }
                inFlight[w] = null;
                open--;
            }
        }
        return history;
    }

    private static List<List<Object>> apply(List<List<Object>> txn, Map<String, List<Object>> state) {
        List<List<Object>> done = new ArrayList<>(txn.size());
        for (List<Object> mop : txn) {
            String key = (String) mop.get(1);
            List<Object> list = state.computeIfAbsent(key, k -> new ArrayList<>());
            if (mop.get(0).equals("append")) {
                list.add(mop.get(2));
                done.add(mop);
            } else {
                done.add(mop("r", key, List.copyOf(list)));
            }
        }
        return done;
    }

    private static List<Object> mop(String f, String key, Object value) {
        List<Object> m = new ArrayList<>(3);
        m.add(f);
        m.add(key);
        m.add(value);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>>[] newArray(int n) {
        return (List<List<Object>>[]) new List<?>[n];
    }
}
