package io.raftkv.server.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry (§5.3). {@code data} is opaque to the core: the state machine's encoded command for
 * {@link EntryType#NORMAL}, empty for {@link EntryType#NOOP}.
 */
public record Entry(long term, long index, EntryType type, byte[] data) {
    public Entry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static Entry noop(long term, long index) {
        return new Entry(term, index, EntryType.NOOP, new byte[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e
                && e.term == term
                && e.index == index
                && e.type == type
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Entry[" + index + "@" + term + " " + type + " " + data.length + "B]";
    }
}
