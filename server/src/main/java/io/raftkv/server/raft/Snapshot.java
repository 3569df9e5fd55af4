package io.raftkv.server.raft;

import java.util.Objects;

/**
 * A state machine snapshot covering the log up to and including {@code index}, whose entry had
 * {@code term} (§7). {@code data} is opaque to the core.
 */
public record Snapshot(long index, long term, byte[] data) {
    public Snapshot {
        Objects.requireNonNull(data, "data");
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot needs index and term >= 1");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.index == index && s.term == term && java.util.Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Snapshot[" + index + "@" + term + " " + data.length + "B]";
    }
}
