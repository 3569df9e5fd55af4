package io.raftkv.server.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One open segment file and the byte offset of each record in it, so that any index can be located
 * (and the log cut there) without reading the file.
 */
final class Segment implements Closeable {
    final Path path;
    final long firstIndex;
    final FileChannel channel;
    /** Bytes in the file that hold the header and complete records. */
    long size;

    private long[] offsets = new long[64];
    private long[] terms = new long[64];
    private int count;

    Segment(Path path, long firstIndex, FileChannel channel, long size) {
        this.path = path;
        this.firstIndex = firstIndex;
        this.channel = channel;
        this.size = size;
    }

    static String fileName(long firstIndex) {
        return String.format("%020d.wal", firstIndex);
    }

    /** The first index in a segment file name, or -1 if the name is not a segment's. */
    static long parseFileName(String name) {
        if (name.length() != 24 || !name.endsWith(".wal")) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(name.substring(0, 20));
    }

    int count() {
        return count;
    }

    /** Index of the last record, or firstIndex - 1 when the segment has none. */
    long lastIndex() {
        return firstIndex + count - 1;
    }

    void addRecord(long offset, long term) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            terms = Arrays.copyOf(terms, count * 2);
        }
        offsets[count] = offset;
        terms[count++] = term;
    }

    long termOf(long index) {
        offsetOf(index); // bounds check
        return terms[(int) (index - firstIndex)];
    }

    long offsetOf(long index) {
        if (index < firstIndex || index > lastIndex()) {
            throw new IllegalArgumentException("index " + index + " not in " + path.getFileName());
        }
        return offsets[(int) (index - firstIndex)];
    }

    /** Drops the records from {@code index} on, in the file and in the offset table. */
    void truncateFrom(long index) throws IOException {
        long offset = offsetOf(index);
        DurableFiles.truncate(channel, path, offset);
        size = offset;
        count = (int) (index - firstIndex);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
