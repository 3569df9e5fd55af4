package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.HistoryFormat;
import io.raftkv.tester.history.Op;
import java.util.List;
import java.util.Set;

/** The built-in models by name, and the choice of a model for a history. */
public final class Models {
    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("register", "cas-register", "kv", "append-kv");

    private static final Set<String> APPEND_FS = Set.of("get", "put", "append");

    private Models() {}

    /** A model by name with the given initial value (null = absent). */
    public static Model<?, ?> byName(String name, Object initial) {
        return switch (name) {
            case "register" -> RegisterModel.register(initial);
            case "cas-register" -> RegisterModel.casRegister(initial);
            case "kv" -> RegisterModel.kv(initial);
            case "append-kv", "string-append-kv" -> new AppendKvModel(initial);
            default ->
                throw new IllegalArgumentException(
                        "unknown model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * The model a history most likely needs when none is given: {@code get/put/append} ops mean
     * the string-append kv with initial value "" (the MIT kv tests' convention); ops with keys mean
     * kv; otherwise a cas-register (which also checks plain read/write registers).
     *
     * @param initial an explicit initial value, or {@link #DEFAULT_INITIAL} to use the model's own
     */
    public static Model<?, ?> guess(List<Op> history, Object initial) {
        boolean keys = false;
        boolean append = false;
        for (Op op : history) {
            if (op.isNemesis()) {
                continue;
            }
            keys |= op.key() != null;
            append |= APPEND_FS.contains(op.f());
        }
        if (append) {
            return new AppendKvModel(initial == DEFAULT_INITIAL ? "" : initial);
        }
        Object init = initial == DEFAULT_INITIAL ? null : initial;
        return keys ? RegisterModel.kv(init) : RegisterModel.casRegister(init);
    }

    /**
     * As {@link #guess(List, Object)}, knowing the file's format: the rig's own JSON Lines
     * histories come from its kv workloads, so they get the kv model unless they use
     * get/put/append; Jepsen logs are Jepsen's cas-register test.
     */
    public static Model<?, ?> guess(List<Op> history, HistoryFormat format, Object initial) {
        Model<?, ?> byOps = guess(history, initial);
        Object init = initial == DEFAULT_INITIAL ? null : initial;
        return switch (format) {
            case JSONL -> byOps instanceof AppendKvModel ? byOps : RegisterModel.kv(init);
            case JEPSEN_LOG, EDN -> byOps;
        };
    }

    /** Stands for "no --initial given" in {@link #guess}. */
    public static final Object DEFAULT_INITIAL = new Object();

    /** Parses an initial value from the command line: nil, an integer, or a (quoted) string. */
    public static Object parseInitial(String s) {
        if (s.equals("nil") || s.equals("null")) {
            return null;
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
