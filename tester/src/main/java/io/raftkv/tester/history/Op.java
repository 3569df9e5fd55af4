package io.raftkv.tester.history;

import java.util.Objects;

/**
 * One event of a history, in Jepsen's vocabulary. An operation is an {@code invoke} followed by its
 * completion from the same process: {@code ok} (it happened), {@code fail} (it certainly did not) or
 * {@code info} (it may or may not have happened; the process never invokes again).
 *
 * @param index position in the history, from 0
 * @param time nanoseconds since the test started
 * @param process the client process, or {@link #NEMESIS}
 * @param type invoke, ok, fail or info
 * @param f the function: read, write, cas, append, get, put, start-partition, ...
 * @param key the key for multi-key workloads, or null
 * @param value the argument (invoke) or result (completion): null, Long, String, Boolean,
 *     List&lt;Object&gt; or Map&lt;String, Object&gt;
 * @param error why an op failed or is indeterminate, or null
 * @param node the node that served a completion, as the server said ({@code X-Raftkv-Served-By}), or
 *     null when unknown
 */
public record Op(
        long index, long time, long process, Type type, String f, String key, Object value, String error, String node) {

    /** The process id that stands for the nemesis. */
    public static final long NEMESIS = -1;

    public enum Type {
        INVOKE,
        OK,
        FAIL,
        INFO;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Type ofWire(String s) {
            return switch (s) {
                case "invoke" -> INVOKE;
                case "ok" -> OK;
                case "fail" -> FAIL;
                case "info" -> INFO;
                default -> throw new IllegalArgumentException("unknown op type: " + s);
            };
        }
    }

    public Op {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
    }

    /** An op without the node that served it. */
    public Op(long index, long time, long process, Type type, String f, String key, Object value, String error) {
        this(index, time, process, type, f, key, value, error, null);
    }

    public boolean isNemesis() {
        return process == NEMESIS;
    }

    public boolean isInvoke() {
        return type == Type.INVOKE;
    }

    public Op withIndex(long newIndex) {
        return new Op(newIndex, time, process, type, f, key, value, error, node);
    }
}
