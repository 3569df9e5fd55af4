package io.raftkv.tester.report;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The page's data, compact enough for 100k-op histories: operations as parallel arrays (times in
 * microseconds, or the history index times 1000 when the history has no times; starts and history
 * indexes delta-encoded), functions and keys as tables, nemesis
 * faults as intervals. The page's script draws from it.
 */
final class ReportData {

    static final int OK = 0;
    static final int FAIL = 1;
    static final int INFO = 2;

    private ReportData() {}

    static Map<String, Object> of(String title, List<Op> history, List<CheckResult> results) {
        boolean logical = history.stream().anyMatch(op -> op.time() < 0);
        ToLongFunction<Op> clock = logical ? op -> op.index() * 1_000 : op -> micros(op.time());
        int textLimit = history.size() > 40_000 ? 32 : 80;
        List<Op[]> pairs = pairs(history);
        Lanes lanes = Lanes.assign(pairs);
        Map<String, Integer> fns = new LinkedHashMap<>();
        Map<String, Integer> keys = new LinkedHashMap<>();
        int n = pairs.size();
        long[] start = new long[n];
        long[] dur = new long[n];
        long[] index = new long[n];
        int[] lane = new int[n];
        int[] type = new int[n];
        int[] fn = new int[n];
        int[] key = new int[n];
        long[] process = new long[n];
        String[] text = new String[n];
        String[] node = new String[n];
        long prevStart = 0;
        long prevIndex = 0;
        for (int i = 0; i < n; i++) {
            Op inv = pairs.get(i)[0];
            Op done = pairs.get(i)[1];
            long s = clock.applyAsLong(inv);
            start[i] = s - prevStart;
            prevStart = s;
            index[i] = inv.index() - prevIndex;
            prevIndex = inv.index();
            type[i] = done == null
                    ? INFO
                    : switch (done.type()) {
                        case OK -> OK;
                        case FAIL -> FAIL;
                        default -> INFO;
                    };
            dur[i] = done == null ? -1 : Math.max(0, clock.applyAsLong(done) - s);
            lane[i] = lanes.laneOf(inv.process());
            process[i] = inv.process();
            fn[i] = fns.computeIfAbsent(inv.f(), f -> fns.size());
            key[i] = inv.key() == null ? -1 : keys.computeIfAbsent(inv.key(), k -> keys.size());
            text[i] = Text.opText(inv, done, textLimit);
            node[i] = done == null ? null : done.node();
        }
        Map<String, Object> ops = new LinkedHashMap<>();
        ops.put("start", start);
        ops.put("dur", dur);
        ops.put("index", index);
        ops.put("lane", lane);
        ops.put("type", type);
        ops.put("fn", fn);
        ops.put("key", key);
        ops.put("process", process);
        ops.put("text", text);
        ops.put("node", node);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", title);
        // Histories without times (Jepsen logs) are drawn in event order: one event, one millisecond.
        data.put("clock", logical ? "index" : "time");
        data.put("end", history.isEmpty() ? 0 : clock.applyAsLong(history.getLast()));
        data.put("fns", List.copyOf(fns.keySet()));
        data.put("keys", List.copyOf(keys.keySet()));
        data.put("lanes", lanes.labels());
        data.put("ops", ops);
        data.put("nemesis", Faults.of(history, clock));
        List<Map<String, Object>> rs = new ArrayList<>();
        for (CheckResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("checker", r.checker());
            m.put("verdict", r.verdict().wire());
            m.put("summary", r.summary());
            m.put("details", r.details());
            rs.add(m);
        }
        data.put("results", rs);
        return data;
    }

    /** Client operations as [invoke, completion-or-null], in invoke order. */
    static List<Op[]> pairs(List<Op> history) {
        List<Op[]> pairs = new ArrayList<>();
        Map<Long, Op[]> open = new HashMap<>();
        for (Op op : history) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.isInvoke()) {
                Op[] pair = {op, null};
                pairs.add(pair);
                open.put(op.process(), pair);
            } else {
                Op[] pair = open.remove(op.process());
                if (pair != null) {
                    pair[1] = op;
                }
            }
        }
        return pairs;
    }

    static long micros(long nanos) {
        return nanos / 1_000;
    }
}
