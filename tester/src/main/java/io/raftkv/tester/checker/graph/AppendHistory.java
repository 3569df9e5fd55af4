package io.raftkv.tester.checker.graph;

import io.raftkv.tester.history.Op;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the list-append transactions out of a history (the shapes of {@code package-info}). */
final class AppendHistory {

    private AppendHistory() {}

    /** A history that does not have the shapes this checker reads. */
    static final class MalformedException extends Exception {
        MalformedException(Op op, String what) {
            super("op " + op.index() + ": " + what);
        }
    }

    /** The transactions in invoke order. */
    static List<Txn> transactions(List<Op> history) throws MalformedException {
        Map<Long, Integer> pending = new HashMap<>();
        List<Op> invokes = new ArrayList<>();
        List<Op> completions = new ArrayList<>();
        for (Op op : history) {
            if (op.isNemesis() || !isAppendFunction(op.f())) {
                continue;
            }
            Integer open = pending.get(op.process());
            if (op.isInvoke()) {
                if (open != null) {
                    throw new MalformedException(op, "process " + op.process() + " invoked twice without completing");
                }
                pending.put(op.process(), invokes.size());
                invokes.add(op);
                completions.add(null);
            } else {
                if (open == null) {
                    throw new MalformedException(op, "completion without an invoke on process " + op.process());
                }
                pending.remove(op.process());
                completions.set(open, op);
            }
        }
        List<Txn> txns = new ArrayList<>(invokes.size());
        for (int i = 0; i < invokes.size(); i++) {
            Op invoke = invokes.get(i);
            Op completion = completions.get(i);
            Op source = completion != null && completion.type() == Op.Type.OK ? completion : invoke;
            txns.add(new Txn(invoke, completion, mops(source, completion != null && source == completion)));
        }
        return txns;
    }

    static boolean isAppendFunction(String f) {
        return f.equals("txn") || f.equals("append") || f.equals("read");
    }

    private static List<Mop> mops(Op op, boolean completed) throws MalformedException {
        return switch (op.f()) {
            case "append" -> List.of(new Mop.Append(key(op, op.key()), normalize(op.value())));
            case "read" -> List.of(new Mop.Read(key(op, op.key()), completed ? list(op, op.value()) : null));
            default -> txnMops(op, completed);
        };
    }

    private static List<Mop> txnMops(Op op, boolean completed) throws MalformedException {
        if (!(op.value() instanceof List<?> micro)) {
            throw new MalformedException(op, "a txn value must be a list of micro-ops, got " + op.value());
        }
        List<Mop> mops = new ArrayList<>(micro.size());
        for (Object m : micro) {
            if (!(m instanceof List<?> parts) || parts.size() != 3 || !(parts.get(0) instanceof String fn)) {
                throw new MalformedException(op, "a micro-op must be [f, key, value], got " + m);
            }
            String key = key(op, parts.get(1));
            switch (fn) {
                case "append" -> mops.add(new Mop.Append(key, normalize(parts.get(2))));
                case "r" -> mops.add(new Mop.Read(key, completed ? list(op, parts.get(2)) : null));
                default -> throw new MalformedException(op, "unknown micro-op function " + fn);
            }
        }
        return mops;
    }

    private static String key(Op op, Object key) throws MalformedException {
        if (key == null) {
            throw new MalformedException(op, "missing key");
        }
        return key.toString();
    }

    private static List<Object> list(Op op, Object value) throws MalformedException {
        if (value == null) {
            return List.of(); // nil: the key was never written
        }
        if (!(value instanceof List<?> raw)) {
            throw new MalformedException(op, "a read result must be a list, got " + value);
        }
        List<Object> values = null; // copied only when a value needs normalizing
        for (int i = 0; i < raw.size(); i++) {
            Object v = raw.get(i);
            Object n = normalize(v);
            if (n != v && values == null) {
                values = new ArrayList<>(raw.subList(0, i));
            }
            if (values != null) {
                values.add(n);
            }
        }
        @SuppressWarnings("unchecked")
        List<Object> same = (List<Object>) raw;
        return values == null ? same : values;
    }

    /** Integers of any width compare equal by value. */
    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        return v;
    }
}
