package io.raftkv.tester.checker.linear;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Values as the models share them: integers of any width are equal by value, and states are
 * immutable.
 */
final class Values {
    private Values() {}

    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof Collection<?> c) {
            return normalizeAll(c);
        }
        return v;
    }

    /** {@code list} with {@code value} added at the end, as a new immutable list. */
    static List<Object> appended(List<Object> list, Object value) {
        List<Object> next = new ArrayList<>(list.size() + 1);
        next.addAll(list);
        next.add(value);
        return List.copyOf(next);
    }

    static List<Object> normalizeAll(Collection<?> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object o : values) {
            out.add(normalize(o));
        }
        return out;
    }
}
