package io.raftkv.server.kv;

import java.util.Map;
import java.util.Objects;

/**
 * One replicated write: an operation plus the optional client session that makes it exactly-once.
 * When {@code clientId} is null the command has no session and every copy of it is applied.
 *
 * @param clientId the client's stable id, or null
 * @param seq the client's sequence number for this request (positive when {@code clientId} is set)
 */
public record Command(String clientId, long seq, Op op) {

    public Command {
        Objects.requireNonNull(op, "op");
        if (clientId != null && seq <= 0) {
            throw new IllegalArgumentException("seq must be positive with a client id");
        }
    }

    /** A command without a client session. */
    public static Command of(Op op) {
        return new Command(null, 0, op);
    }

    /** The same operation without its session (used when sessions are switched off). */
    public Command withoutSession() {
        return clientId == null ? this : of(op);
    }

    /** The operations of the state machine. */
    public sealed interface Op permits Put, Delete, Cas, Append, PutAll {}

    /** Sets {@code key} to {@code value}. */
    public record Put(String key, String value) implements Op {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Removes {@code key}; answers whether it existed. */
    public record Delete(String key) implements Op {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Sets {@code key} to {@code value} only if its current value equals {@code expected}; a null
     * {@code expected} means "only if absent".
     */
    public record Cas(String key, String expected, String value) implements Op {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Appends {@code suffix} to the current value (an absent key counts as empty). */
    public record Append(String key, String suffix) implements Op {
        public Append {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(suffix, "suffix");
        }
    }

    /** Sets several keys in one entry, atomically. Iteration order is kept. */
    public record PutAll(Map<String, String> pairs) implements Op {
        public PutAll {
            Objects.requireNonNull(pairs, "pairs");
            pairs.forEach((key, value) -> {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value of " + key);
            });
            pairs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pairs));
        }
    }
}
