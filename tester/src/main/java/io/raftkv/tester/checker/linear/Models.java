package io.raftkv.tester.checker.linear;

import io.raftkv.tester.history.HistoryFormat;
import io.raftkv.tester.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The built-in models by name, and the choice of a model for a history. */
public final class Models {
    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of(
            "register",
            "cas-register",
            "multi-register",
            "mutex",
            "set",
            "unordered-queue",
            "fifo-queue",
            "kv",
            "append-kv",
            "list-append");

    private Models() {}

    /** A model by name with the given initial value (null = nil; used by the register models). */
    public static Model<?, ?> byName(String name, Object initial) {
        return switch (name) {
            case "register" -> RegisterModel.register(initial);
            case "cas-register" -> RegisterModel.casRegister(initial);
            case "kv" -> RegisterModel.kv(initial);
            case "multi-register" -> new MultiRegisterModel();
            case "mutex" -> new MutexModel();
            case "set" -> new SetModel();
            case "unordered-queue" -> QueueModel.unordered();
            case "fifo-queue" -> QueueModel.fifo();
            case "append-kv", "string-append-kv" -> new AppendKvModel(initial);
            case "list-append" -> new ListAppendModel();
            default ->
                throw new IllegalArgumentException(
                        "unknown model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * The model a history most likely needs when none is given, from its functions: {@code
     * acquire/release} a mutex, {@code add} a set, {@code enqueue/dequeue} an unordered queue,
     * {@code txn} a multi-register, {@code append} with list reads a list per key, {@code
     * get/put/append} the string-append kv with initial "" (the MIT kv tests' convention), {@code
     * get/put} the kv registers. Otherwise registers: Knossos' {@code cas-register} (a nil read
     * tells nothing) for EDN histories, this project's {@code kv} (nil = absent) for JSON Lines
     * and Jepsen logs.
     *
     * @param initial an explicit initial value, or {@link #DEFAULT_INITIAL} to use the model's own
     */
    public static Model<?, ?> guess(List<Op> history, HistoryFormat format, Object initial) {
        Set<String> fs = new HashSet<>();
        boolean listRead = false;
        for (Op op : history) {
            if (op.isNemesis()) {
                continue;
            }
            fs.add(op.f());
            listRead |= op.type() == Op.Type.OK && op.f().equals("read") && op.value() instanceof List<?>;
        }
        Object init = initial == DEFAULT_INITIAL ? null : initial;
        if (fs.contains("acquire") || fs.contains("release")) {
            return new MutexModel();
        }
        if (fs.contains("add")) {
            return new SetModel();
        }
        if (fs.contains("enqueue") || fs.contains("dequeue")) {
            return QueueModel.unordered();
        }
        if (fs.contains("txn")) {
            return new MultiRegisterModel();
        }
        if (fs.contains("append") && (listRead || !fs.contains("get"))) {
            return new ListAppendModel();
        }
        if (fs.contains("append")) {
            return new AppendKvModel(initial == DEFAULT_INITIAL ? "" : initial);
        }
        if (fs.contains("get") || fs.contains("put") || format != HistoryFormat.EDN) {
            return RegisterModel.kv(init);
        }
        return RegisterModel.casRegister(init);
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
