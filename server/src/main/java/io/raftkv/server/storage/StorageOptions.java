package io.raftkv.server.storage;

/**
 * How a {@link FileRaftStorage} writes.
 *
 * @param segmentBytes a segment is sealed and a new one started once appending the next record would
 *     take it past this size (a single larger record still gets a segment of its own)
 * @param fsync force every write to the device before {@code persist} returns. UNSAFE when false:
 *     acknowledged entries and votes can be lost on a machine crash or power loss, which breaks Raft's
 *     safety. Only for tests and benchmarks ({@code --unsafe-no-fsync}).
 */
public record StorageOptions(long segmentBytes, boolean fsync) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    public static final StorageOptions DEFAULT = new StorageOptions(DEFAULT_SEGMENT_BYTES, true);

    public StorageOptions {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, got " + segmentBytes);
        }
    }

    /** These options with fsync switched off. UNSAFE: see {@link #fsync()}. */
    public StorageOptions unsafeNoFsync() {
        return new StorageOptions(segmentBytes, false);
    }

    public StorageOptions withSegmentBytes(long bytes) {
        return new StorageOptions(bytes, fsync);
    }
}
