package io.raftkv.tester.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts parsed EDN values into the value types {@link Op} carries. */
final class Values {
    private Values() {}

    /**
     * Keywords and symbols become their names, sets and vectors become lists, map keys become
     * strings, tagged values become their inner value, integers become Long.
     */
    static Object fromEdn(Object v) {
        if (v == null || v instanceof Long || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Edn.Keyword k) {
            return k.name();
        }
        if (v instanceof Edn.Symbol s) {
            return s.name();
        }
        if (v instanceof Edn.Tagged t) {
            return fromEdn(t.value());
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(fromEdn(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(fromEdn(k)), fromEdn(x)));
            return out;
        }
        if (v instanceof BigInteger || v instanceof Number) {
            return v;
        }
        return v.toString();
    }

    /** A key for multi-key workloads: strings stay, numbers and keywords print. */
    static String key(Object v) {
        Object k = fromEdn(v);
        return k == null ? null : k.toString();
    }
}
