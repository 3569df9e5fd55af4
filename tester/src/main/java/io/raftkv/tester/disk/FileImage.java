package io.raftkv.tester.disk;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one file held at its last fsync, kept while it changes: its size then and, page by page,
 * the bytes of every page changed since (copied just before the first change to each). A file
 * that was not changed since its last fsync has no image. Not thread-safe: {@link Unsynced} holds
 * its lock around every call.
 */
final class FileImage {
    /** The unit in which changes are kept, torn and restored. */
    static final int PAGE = 4096;

    private final long durableSize;
    /** Page index to the fsynced bytes of that page (shorter than a page at the fsynced end). */
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();

    FileImage(long durableSize) {
        this.durableSize = durableSize;
    }

    long durableSize() {
        return durableSize;
    }

    int keptPages() {
        return pages.size();
    }

    /** Call before bytes {@code [from, to)} of the file (open as {@code ch}) change. */
    void beforeChange(FileChannel ch, long from, long to) throws IOException {
        long end = Math.min(to, durableSize);
        if (from >= end) {
            return;
        }
        for (long p = Math.max(0, from) / PAGE; p * PAGE < end; p++) {
            if (!pages.containsKey(p)) {
                long start = p * PAGE;
                byte[] bytes = new byte[(int) Math.min(PAGE, durableSize - start)];
                readFully(ch, bytes, start);
                pages.put(p, bytes);
            }
        }
    }

    /**
     * The lowest page-aligned offset where the file (now {@code currentSize} bytes) differs from its
     * fsynced content, or -1 where it does not.
     */
    long firstChange(long currentSize) {
        long lo = pages.isEmpty() ? Long.MAX_VALUE : pages.firstKey() * PAGE;
        if (currentSize != durableSize) {
            lo = Math.min(lo, Math.min(currentSize, durableSize) / PAGE * PAGE);
        }
        return lo == Long.MAX_VALUE ? -1 : lo;
    }

    /** Puts back the fsynced content: every kept page and the fsynced size. */
    void restore(FileChannel ch) throws IOException {
        for (Map.Entry<Long, byte[]> e : pages.entrySet()) {
            writeFully(ch, e.getValue(), e.getKey() * PAGE);
        }
        setSize(ch, durableSize);
    }

    /**
     * Keeps the changes below {@code cut} (page-aligned) and puts back the fsynced content from there
     * on, as a disk that wrote the file's dirty pages in order and lost power at {@code cut} would.
     */
    void restoreFrom(FileChannel ch, long cut) throws IOException {
        long size = ch.size();
        if (cut >= size) {
            return;
        }
        for (Map.Entry<Long, byte[]> e : pages.tailMap(cut / PAGE, true).entrySet()) {
            writeFully(ch, e.getValue(), e.getKey() * PAGE);
        }
        setSize(ch, Math.max(cut, durableSize));
    }

    /**
     * Flips every bit of {@code len} bytes at {@code offset} of the fsynced content: in a kept page
     * where that page changed since (so that a power loss brings the damage back), in the file
     * itself where it did not.
     */
    void flip(FileChannel ch, long offset, long len) throws IOException {
        for (long at = offset; at < offset + len; at++) {
            byte[] kept = pages.get(at / PAGE);
            if (kept != null) {
                kept[(int) (at % PAGE)] ^= (byte) 0xFF;
            } else {
                flipInFile(ch, at);
            }
        }
    }

    /** {@code len} bytes at {@code offset} of the fsynced content: from kept pages where the file changed since. */
    byte[] durableBytes(FileChannel ch, long offset, int len) throws IOException {
        byte[] out = new byte[len];
        // Past the file's current end (cut since), every fsynced page is kept.
        int inFile = (int) Math.max(0, Math.min(len, ch.size() - offset));
        readFully(ch, out, offset, inFile);
        for (int i = 0; i < len; i++) {
            long at = offset + i;
            byte[] kept = pages.get(at / PAGE);
            if (kept != null) {
                out[i] = kept[(int) (at % PAGE)];
            }
        }
        return out;
    }

    static void flipInFile(FileChannel ch, long at) throws IOException {
        byte[] one = new byte[1];
        readFully(ch, one, at);
        one[0] ^= (byte) 0xFF;
        writeFully(ch, one, at);
    }

    static void setSize(FileChannel ch, long size) throws IOException {
        long now = ch.size();
        if (size < now) {
            ch.truncate(size);
        } else if (size > now) {
            writeFully(ch, new byte[1], size - 1);
        }
    }

    static void readFully(FileChannel ch, byte[] into, long position) throws IOException {
        readFully(ch, into, position, into.length);
    }

    private static void readFully(FileChannel ch, byte[] into, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into, 0, length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                throw new EOFException("file ended at " + (position + buf.position()));
            }
        }
    }

    static void writeFully(FileChannel ch, byte[] bytes, long position) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf, position + buf.position());
        }
    }
}
