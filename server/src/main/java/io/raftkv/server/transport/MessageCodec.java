package io.raftkv.server.transport;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.Message.AppendRequest;
import io.raftkv.server.raft.Message.AppendResponse;
import io.raftkv.server.raft.Message.InstallSnapshot;
import io.raftkv.server.raft.Message.TimeoutNow;
import io.raftkv.server.raft.Message.VoteRequest;
import io.raftkv.server.raft.Message.VoteResponse;
import io.raftkv.server.raft.Snapshot;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Binary encoding of {@link Frame}s; the layout is in {@code package-info}. */
public final class MessageCodec {
    private MessageCodec() {}

    /** Bytes of the length prefix. */
    public static final int LENGTH_BYTES = 4;

    static final byte HELLO = 0;
    static final byte VOTE_REQUEST = 1;
    static final byte VOTE_RESPONSE = 2;
    static final byte APPEND_REQUEST = 3;
    static final byte APPEND_RESPONSE = 4;
    static final byte KEEPALIVE = 5;
    static final byte TIMEOUT_NOW = 6;
    static final byte INSTALL_SNAPSHOT = 7;
    static final byte SNAPSHOT_CHUNK = 8;
    static final byte PROOF = 9;
    static final byte SNAPSHOT_ACK = 10;

    /** The whole frame, length prefix included. */
    public static Buffer encode(Frame frame) {
        Buffer b = Buffer.buffer(64);
        b.appendInt(0); // length, set below
        switch (frame) {
            case Frame.Hello h -> {
                b.appendByte(HELLO);
                string(b, h.id());
                b.appendInt(h.nonce().length).appendBytes(h.nonce());
            }
            case Frame.Proof p -> {
                b.appendByte(PROOF);
                b.appendInt(p.mac().length).appendBytes(p.mac());
            }
            case Frame.Keepalive k -> b.appendByte(KEEPALIVE);
            case Frame.SnapshotChunk c -> {
                b.appendByte(SNAPSHOT_CHUNK);
                string(b, c.from());
                string(b, c.to());
                b.appendLong(c.term()).appendLong(c.index()).appendLong(c.snapshotTerm());
                b.appendLong(c.readContext()).appendLong(c.total()).appendLong(c.offset());
                b.appendInt(c.data().length).appendBytes(c.data());
            }
            case Frame.SnapshotAck a -> {
                b.appendByte(SNAPSHOT_ACK);
                string(b, a.from());
                string(b, a.to());
                b.appendLong(a.term()).appendLong(a.index()).appendLong(a.snapshotTerm());
                b.appendLong(a.total()).appendLong(a.offset()).appendLong(a.held());
            }
            case Frame.Raft r -> encodeMessage(b, r.message());
        }
        b.setInt(0, b.length() - LENGTH_BYTES);
        return b;
    }

    public static Buffer encode(Message m) {
        return encode(new Frame.Raft(m));
    }

    /** {@code m} as a run of {@link Frame.SnapshotChunk} frames of at most {@code chunkBytes} data each. */
    public static List<Buffer> encodeChunked(InstallSnapshot m, int chunkBytes) {
        List<Buffer> frames = new ArrayList<>();
        long offset = 0;
        do {
            frames.add(encodeChunk(m, offset, chunkBytes));
            offset += Math.min(chunkBytes, m.snapshot().data().length - offset);
        } while (offset < m.snapshot().data().length);
        return frames;
    }

    /** The {@link Frame.SnapshotChunk} of {@code m} holding up to {@code chunkBytes} from {@code offset}. */
    public static Buffer encodeChunk(InstallSnapshot m, long offset, int chunkBytes) {
        byte[] data = m.snapshot().data();
        int from = (int) offset;
        int n = Math.min(chunkBytes, data.length - from);
        return encode(new Frame.SnapshotChunk(
                m.from(),
                m.to(),
                m.term(),
                m.snapshot().index(),
                m.snapshot().term(),
                m.readContext(),
                data.length,
                offset,
                java.util.Arrays.copyOfRange(data, from, from + n)));
    }

    private static void encodeMessage(Buffer b, Message message) {
        switch (message) {
            case VoteRequest m -> {
                b.appendByte(VOTE_REQUEST);
                header(b, m);
                b.appendLong(m.lastLogIndex()).appendLong(m.lastLogTerm());
                bool(b, m.preVote());
                bool(b, m.transfer());
            }
            case VoteResponse m -> {
                b.appendByte(VOTE_RESPONSE);
                header(b, m);
                bool(b, m.granted());
                bool(b, m.preVote());
            }
            case AppendRequest m -> {
                b.appendByte(APPEND_REQUEST);
                header(b, m);
                b.appendLong(m.prevLogIndex()).appendLong(m.prevLogTerm());
                b.appendInt(m.entries().size());
                for (Entry e : m.entries()) {
                    b.appendLong(e.term()).appendLong(e.index()).appendByte(entryType(e.type()));
                    b.appendInt(e.data().length).appendBytes(e.data());
                }
                b.appendLong(m.leaderCommit()).appendLong(m.readContext());
            }
            case AppendResponse m -> {
                b.appendByte(APPEND_RESPONSE);
                header(b, m);
                bool(b, m.success());
                b.appendLong(m.matchIndex()).appendLong(m.conflictIndex()).appendLong(m.conflictTerm());
                b.appendLong(m.readContext());
            }
            case TimeoutNow m -> {
                b.appendByte(TIMEOUT_NOW);
                header(b, m);
            }
            case InstallSnapshot m -> {
                b.appendByte(INSTALL_SNAPSHOT);
                header(b, m);
                Snapshot s = m.snapshot();
                b.appendLong(s.index()).appendLong(s.term());
                b.appendInt(s.data().length).appendBytes(s.data());
                b.appendLong(m.readContext());
            }
        }
    }

    private static void header(Buffer b, Message m) {
        string(b, m.from());
        string(b, m.to());
        b.appendLong(m.term());
    }

    private static void string(Buffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.appendInt(bytes.length).appendBytes(bytes);
    }

    private static void bool(Buffer b, boolean v) {
        b.appendByte(v ? (byte) 1 : (byte) 0);
    }

    private static byte entryType(EntryType t) {
        return switch (t) {
            case NORMAL -> 1;
            case NOOP -> 2;
            case CONFIG -> 3;
        };
    }

    /**
     * Decodes one frame body: the type byte and payload, without the length prefix.
     *
     * @throws FrameException naming the frame type and what was wrong
     */
    public static Frame decode(Buffer body) throws FrameException {
        if (body.length() < 1) {
            throw new FrameException("empty frame");
        }
        byte type = body.getByte(0);
        Reader r = new Reader(body, typeName(type));
        Frame frame =
                switch (type) {
                    case HELLO -> new Frame.Hello(r.string("id"), r.nonce());
                    case PROOF -> new Frame.Proof(r.sized("mac", ClusterSecret.PROOF_BYTES));
                    case KEEPALIVE -> new Frame.Keepalive();
                    case SNAPSHOT_CHUNK ->
                        new Frame.SnapshotChunk(
                                r.string("from"),
                                r.string("to"),
                                r.i64("term"),
                                r.i64("index"),
                                r.i64("snapshotTerm"),
                                r.i64("readContext"),
                                r.i64("total"),
                                r.i64("offset"),
                                r.bytes("data"));
                    case SNAPSHOT_ACK ->
                        new Frame.SnapshotAck(
                                r.string("from"),
                                r.string("to"),
                                r.i64("term"),
                                r.i64("index"),
                                r.i64("snapshotTerm"),
                                r.i64("total"),
                                r.i64("offset"),
                                r.i64("held"));
                    case VOTE_REQUEST ->
                        new Frame.Raft(new VoteRequest(
                                r.string("from"),
                                r.string("to"),
                                r.i64("term"),
                                r.i64("lastLogIndex"),
                                r.i64("lastLogTerm"),
                                r.bool("preVote"),
                                r.bool("transfer")));
                    case VOTE_RESPONSE ->
                        new Frame.Raft(new VoteResponse(
                                r.string("from"), r.string("to"), r.i64("term"), r.bool("granted"), r.bool("preVote")));
                    case APPEND_REQUEST ->
                        new Frame.Raft(new AppendRequest(
                                r.string("from"),
                                r.string("to"),
                                r.i64("term"),
                                r.i64("prevLogIndex"),
                                r.i64("prevLogTerm"),
                                r.entries(),
                                r.i64("leaderCommit"),
                                r.i64("readContext")));
                    case APPEND_RESPONSE ->
                        new Frame.Raft(new AppendResponse(
                                r.string("from"),
                                r.string("to"),
                                r.i64("term"),
                                r.bool("success"),
                                r.i64("matchIndex"),
                                r.i64("conflictIndex"),
                                r.i64("conflictTerm"),
                                r.i64("readContext")));
                    case TIMEOUT_NOW -> new Frame.Raft(new TimeoutNow(r.string("from"), r.string("to"), r.i64("term")));
                    case INSTALL_SNAPSHOT ->
                        new Frame.Raft(new InstallSnapshot(
                                r.string("from"), r.string("to"), r.i64("term"), r.snapshot(), r.i64("readContext")));
                    default -> throw new FrameException("unknown frame type " + type);
                };
        r.end();
        return frame;
    }

    static String typeName(byte type) {
        return switch (type) {
            case HELLO -> "Hello";
            case VOTE_REQUEST -> "VoteRequest";
            case VOTE_RESPONSE -> "VoteResponse";
            case APPEND_REQUEST -> "AppendRequest";
            case APPEND_RESPONSE -> "AppendResponse";
            case KEEPALIVE -> "Keepalive";
            case TIMEOUT_NOW -> "TimeoutNow";
            case INSTALL_SNAPSHOT -> "InstallSnapshot";
            case SNAPSHOT_CHUNK -> "SnapshotChunk";
            case SNAPSHOT_ACK -> "SnapshotAck";
            case PROOF -> "Proof";
            default -> "type " + type;
        };
    }

    /** Bounds-checked sequential reads; every failure names the frame type and the field. */
    private static final class Reader {
        private final Buffer b;
        private final String frame;
        private int pos = 1;

        Reader(Buffer b, String frame) {
            this.b = b;
            this.frame = frame;
        }

        private void need(int n, String field) throws FrameException {
            if (n < 0 || b.length() - pos < n) {
                throw new FrameException(frame + " truncated: " + field + " needs " + n + " bytes at offset " + pos
                        + ", " + (b.length() - pos) + " left");
            }
        }

        long i64(String field) throws FrameException {
            need(8, field);
            long v = b.getLong(pos);
            pos += 8;
            return v;
        }

        int i32(String field) throws FrameException {
            need(4, field);
            int v = b.getInt(pos);
            pos += 4;
            return v;
        }

        boolean bool(String field) throws FrameException {
            need(1, field);
            byte v = b.getByte(pos++);
            if (v != 0 && v != 1) {
                throw new FrameException(frame + ": " + field + " is " + v + ", not a boolean");
            }
            return v == 1;
        }

        byte[] bytes(String field) throws FrameException {
            int n = i32(field + " length");
            if (n < 0) {
                throw new FrameException(frame + ": " + field + " has negative length " + n);
            }
            need(n, field);
            byte[] v = b.getBytes(pos, pos + n);
            pos += n;
            return v;
        }

        /** A field of exactly {@code size} bytes. */
        byte[] sized(String field, int size) throws FrameException {
            byte[] v = bytes(field);
            if (v.length != size) {
                throw new FrameException(frame + ": " + field + " has " + v.length + " bytes, not " + size);
            }
            return v;
        }

        /** A hello's nonce: none, or {@link ClusterSecret#NONCE_BYTES}. */
        byte[] nonce() throws FrameException {
            byte[] v = bytes("nonce");
            if (v.length != 0 && v.length != ClusterSecret.NONCE_BYTES) {
                throw new FrameException(
                        frame + ": nonce has " + v.length + " bytes, not 0 or " + ClusterSecret.NONCE_BYTES);
            }
            return v;
        }

        String string(String field) throws FrameException {
            return new String(bytes(field), StandardCharsets.UTF_8);
        }

        List<Entry> entries() throws FrameException {
            int n = i32("entry count");
            // each entry takes at least 21 bytes, so a count beyond that is a lie: refuse before allocating
            if (n < 0) {
                throw new FrameException(frame + ": negative entry count " + n);
            }
            if (n > (b.length() - pos) / 21) {
                throw new FrameException(frame + " truncated: entry count " + n + " does not fit in "
                        + (b.length() - pos) + " remaining bytes");
            }
            List<Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long term = i64("entry term");
                long index = i64("entry index");
                need(1, "entry type");
                byte code = b.getByte(pos++);
                EntryType type =
                        switch (code) {
                            case 1 -> EntryType.NORMAL;
                            case 2 -> EntryType.NOOP;
                            case 3 -> EntryType.CONFIG;
                            default -> throw new FrameException(frame + ": unknown entry type " + code);
                        };
                entries.add(new Entry(term, index, type, bytes("entry data")));
            }
            return entries;
        }

        Snapshot snapshot() throws FrameException {
            long index = i64("snapshot index");
            long term = i64("snapshot term");
            byte[] data = bytes("snapshot data");
            if (index < 1 || term < 1) {
                throw new FrameException(frame + ": snapshot index " + index + " and term " + term + " must be >= 1");
            }
            return new Snapshot(index, term, data);
        }

        void end() throws FrameException {
            if (pos != b.length()) {
                throw new FrameException(frame + " has " + (b.length() - pos) + " trailing bytes");
            }
        }
    }
}
