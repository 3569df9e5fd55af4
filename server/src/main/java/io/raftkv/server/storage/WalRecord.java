package io.raftkv.server.storage;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Encoding of one log entry as a WAL record and of a segment header; see {@code package-info} for
 * the layout.
 */
final class WalRecord {
    private WalRecord() {}

    /** Bytes before the payload: length and CRC32C. */
    static final int FRAME_BYTES = 8;
    /** term, index, type. */
    static final int FIXED_PAYLOAD_BYTES = 17;

    static final int SEGMENT_MAGIC = 0x524B5657; // "RKVW"
    static final int SEGMENT_VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 20;

    static int size(Entry e) {
        return FRAME_BYTES + FIXED_PAYLOAD_BYTES + e.data().length;
    }

    /** Appends the record for {@code e} to {@code out}, which must have {@link #size} bytes left. */
    static void encode(Entry e, ByteBuffer out) {
        int start = out.position();
        int length = FIXED_PAYLOAD_BYTES + e.data().length;
        out.putInt(length);
        out.putInt(0); // CRC, filled in below
        out.putLong(e.term());
        out.putLong(e.index());
        out.put(typeCode(e.type()));
        out.put(e.data());
        out.putInt(start + 4, crc(out, start, length));
    }

    /**
     * CRC32C over the length field and the payload of the record starting at {@code start}; covering
     * the length means a damaged length is caught even when it happens to frame valid-looking bytes.
     */
    static int crc(ByteBuffer buf, int start, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(start, 4));
        crc.update(buf.slice(start + FRAME_BYTES, payloadLength));
        return (int) crc.getValue();
    }

    /** Decodes a payload whose CRC was verified; returns null if the type code is unknown. */
    static Entry decode(ByteBuffer buf, int payloadStart, int payloadLength) {
        long term = buf.getLong(payloadStart);
        long index = buf.getLong(payloadStart + 8);
        EntryType type = typeOf(buf.get(payloadStart + 16));
        if (type == null) {
            return null;
        }
        byte[] data = new byte[payloadLength - FIXED_PAYLOAD_BYTES];
        buf.get(payloadStart + FIXED_PAYLOAD_BYTES, data);
        return new Entry(term, index, type, data);
    }

    static byte typeCode(EntryType type) {
        return switch (type) {
            case NORMAL -> 1;
            case NOOP -> 2;
            case CONFIG -> 3;
        };
    }

    static EntryType typeOf(byte code) {
        return switch (code) {
            case 1 -> EntryType.NORMAL;
            case 2 -> EntryType.NOOP;
            case 3 -> EntryType.CONFIG;
            default -> null;
        };
    }

    static ByteBuffer segmentHeader(long firstIndex) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        b.putInt(SEGMENT_MAGIC).putInt(SEGMENT_VERSION).putLong(firstIndex);
        CRC32C crc = new CRC32C();
        crc.update(b.slice(0, 16));
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /** Returns the header's first index, or a message saying what is wrong with it. */
    static Object parseSegmentHeader(ByteBuffer b) {
        if (b.limit() < SEGMENT_HEADER_BYTES) {
            return "segment header truncated (" + b.limit() + " bytes)";
        }
        if (b.getInt(0) != SEGMENT_MAGIC) {
            return "bad segment magic " + Integer.toHexString(b.getInt(0));
        }
        if (b.getInt(4) != SEGMENT_VERSION) {
            return "unsupported segment version " + b.getInt(4);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.slice(0, 16));
        if ((int) crc.getValue() != b.getInt(16)) {
            return "segment header checksum mismatch";
        }
        return b.getLong(8);
    }
}
