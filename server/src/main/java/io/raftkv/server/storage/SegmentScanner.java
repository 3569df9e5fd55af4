package io.raftkv.server.storage;

import static io.raftkv.server.storage.WalRecord.FIXED_PAYLOAD_BYTES;
import static io.raftkv.server.storage.WalRecord.FRAME_BYTES;

import io.raftkv.server.raft.Entry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Reads the records of one segment's bytes, stopping at the first one that is not valid. */
final class SegmentScanner {
    private SegmentScanner() {}

    /**
     * What a segment holds. When {@code problem} is non-null the bytes from {@code validEnd} on are
     * not a valid continuation of the log, and {@code problem} says why.
     */
    record Scan(List<Entry> entries, List<Long> offsets, long validEnd, String problem) {}

    /**
     * @param buf the whole file, header included (already validated)
     * @param firstIndex the index the first record must have
     * @param prevTerm the term of the entry before {@code firstIndex} (0 if none); terms in a Raft log
     *     never decrease, so a lower term means the record is stale or damaged
     */
    static Scan scan(ByteBuffer buf, long firstIndex, long prevTerm) {
        List<Entry> entries = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        int pos = WalRecord.SEGMENT_HEADER_BYTES;
        int limit = buf.limit();
        long expected = firstIndex;
        long lastTerm = prevTerm;
        String problem = null;
        while (pos < limit) {
            int remaining = limit - pos;
            if (remaining < FRAME_BYTES) {
                problem = "incomplete record header (" + remaining + " bytes)";
                break;
            }
            int length = buf.getInt(pos);
            if (length < FIXED_PAYLOAD_BYTES) {
                problem = "record length " + length + " is below the minimum " + FIXED_PAYLOAD_BYTES;
                break;
            }
            if (length > remaining - FRAME_BYTES) {
                problem = "record length " + length + " runs past the end of the file";
                break;
            }
            if (buf.getInt(pos + 4) != WalRecord.crc(buf, pos, length)) {
                problem = "record checksum mismatch";
                break;
            }
            Entry e = WalRecord.decode(buf, pos + FRAME_BYTES, length);
            if (e == null) {
                problem = "unknown entry type " + buf.get(pos + FRAME_BYTES + 16);
                break;
            }
            if (e.index() != expected) {
                problem = "record has index " + e.index() + " where " + expected + " was expected";
                break;
            }
            if (e.term() < lastTerm) {
                problem = "record " + e.index() + " has term " + e.term() + " below the previous term " + lastTerm;
                break;
            }
            entries.add(e);
            offsets.add((long) pos);
            pos += FRAME_BYTES + length;
            expected++;
            lastTerm = e.term();
        }
        return new Scan(entries, offsets, pos, problem);
    }

    /**
     * The offset of the first whole record at or after {@code from} that could continue the log (its
     * checksum holds, its index is at least {@code minIndex} and its term at least {@code minTerm}),
     * or -1. A crash cuts only the end of the last write short, so such a record behind a bad one
     * means the bad one is damage to data that was already durable.
     */
    static long nextValidRecord(ByteBuffer buf, int from, long minIndex, long minTerm) {
        int limit = buf.limit();
        for (int pos = Math.max(from, WalRecord.SEGMENT_HEADER_BYTES);
                pos + FRAME_BYTES + FIXED_PAYLOAD_BYTES <= limit;
                pos++) {
            int length = buf.getInt(pos);
            if (length < FIXED_PAYLOAD_BYTES || length > limit - pos - FRAME_BYTES) {
                continue;
            }
            long term = buf.getLong(pos + FRAME_BYTES);
            long index = buf.getLong(pos + FRAME_BYTES + 8);
            if (index < minIndex || term < minTerm || index - minIndex > limit) {
                continue;
            }
            if (buf.getInt(pos + 4) == WalRecord.crc(buf, pos, length)
                    && WalRecord.decode(buf, pos + FRAME_BYTES, length) != null) {
                return pos;
            }
        }
        return -1;
    }
}
