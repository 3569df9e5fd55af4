package io.raftkv.tester.report;

import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Nemesis intervals: a {@code start-X} op opens a band of fault X, the next {@code stop-X} closes it
 * (a band still open at the end of the history runs to the end). Other nemesis ops are instants.
 */
final class Faults {

    private Faults() {}

    /** @param clock an op's time on the page, in microseconds */
    static List<Map<String, Object>> of(List<Op> history, ToLongFunction<Op> clock) {
        List<Map<String, Object>> bands = new ArrayList<>();
        Map<String, Map<String, Object>> open = new HashMap<>();
        long end = history.isEmpty() ? 0 : clock.applyAsLong(history.getLast());
        for (Op op : history) {
            if (!op.isNemesis()) {
                continue;
            }
            String f = op.f();
            long t = clock.applyAsLong(op);
            if (f.startsWith("start-")) {
                String fault = f.substring("start-".length());
                Map<String, Object> band = open.get(fault);
                if (band == null) {
                    band = new LinkedHashMap<>();
                    band.put("fault", fault);
                    band.put("start", t);
                    band.put("end", end);
                    band.put("value", Text.clip(Text.value(op.value()), 200));
                    bands.add(band);
                    open.put(fault, band);
                } else if (op.type() != Op.Type.INVOKE && op.value() != null) {
                    band.put("value", Text.clip(Text.value(op.value()), 200)); // the completion says what was done
                }
            } else if (f.startsWith("stop-")) {
                Map<String, Object> band = open.remove(f.substring("stop-".length()));
                if (band != null) {
                    band.put("end", t);
                    if (op.value() != null) {
                        band.put("healed", Text.clip(Text.value(op.value()), 200));
                    }
                } // a stop without a start has nothing to close
            } else if (op.type() != Op.Type.INVOKE) {
                Map<String, Object> instant = new LinkedHashMap<>();
                instant.put("fault", f);
                instant.put("start", t);
                instant.put("end", t);
                instant.put("value", Text.clip(Text.value(op.value()), 200));
                bands.add(instant);
            }
        }
        return bands;
    }
}
