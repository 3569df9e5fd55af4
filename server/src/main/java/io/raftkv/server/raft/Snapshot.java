package io.raftkv.server.raft;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A state machine snapshot covering the log up to and including {@code index}, whose entry had
 * {@code term} (§7). {@code data} starts with the membership as of {@code index} (a 4-byte length,
 * then {@link Membership#encode()}); the rest, from {@link #payloadOffset()}, is the state
 * machine's and opaque to the core. Build one with {@link #header(Membership)} in front of the
 * state machine's bytes.
 */
public record Snapshot(long index, long term, byte[] data) {
    public Snapshot {
        Objects.requireNonNull(data, "data");
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot needs index and term >= 1");
        }
    }

    /** The bytes a snapshot's data starts with. */
    public static byte[] header(Membership membership) {
        byte[] m = membership.encode();
        return ByteBuffer.allocate(4 + m.length).putInt(m.length).put(m).array();
    }

    /** A snapshot of {@code payload} (copied once, behind the header). */
    public static Snapshot of(long index, long term, Membership membership, byte[] payload) {
        byte[] header = header(membership);
        byte[] data = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, data, header.length, payload.length);
        return new Snapshot(index, term, data);
    }

    /** The membership as of {@link #index()}; {@link IllegalArgumentException} if data is malformed. */
    public Membership membership() {
        return Membership.decode(Arrays.copyOfRange(data, 4, payloadOffset()));
    }

    /** Where the state machine's bytes start in {@link #data()}. */
    public int payloadOffset() {
        if (data.length < 4) {
            throw new IllegalArgumentException("snapshot data too short for its header");
        }
        int length = ByteBuffer.wrap(data).getInt();
        if (length < 0 || length > data.length - 4) {
            throw new IllegalArgumentException("snapshot header length " + length + " out of range");
        }
        return 4 + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.index == index && s.term == term && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Snapshot[" + index + "@" + term + " " + data.length + "B]";
    }
}
