package io.raftkv.tester.checker.linear;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Value equality the models share: integers of any width are equal by value. */
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

    static List<Object> normalizeAll(Collection<?> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object o : values) {
            out.add(normalize(o));
        }
        return out;
    }
}
