package io.raftkv.server.kv;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary form of {@link Command}s (log entry data) and {@link Result}s (kept in client sessions
 * and snapshots). Big-endian; strings are a length (int, -1 for null) and UTF-8 bytes.
 *
 * <pre>
 * command := version:u8=1 hasSession:u8 [clientId:str seq:i64] op
 * op      := 1 key value | 2 key | 3 key expected:str? value | 4 key suffix | 5 n:i32 (key value)*n
 * result  := 1 value | 2 existed:u8 | 3 current:str? | 4 | 5 lastSeq:i64 | 6 reason | 7 seq:i64
 *          | 8 lastSeq:i64
 * </pre>
 */
public final class Codec {
    private static final int VERSION = 1;

    private Codec() {}

    public static byte[] encode(Command command) {
        return write(sizeHint(command), out -> {
            out.writeByte(VERSION);
            out.writeBoolean(command.clientId() != null);
            if (command.clientId() != null) {
                writeString(out, command.clientId());
                out.writeLong(command.seq());
            }
            switch (command.op()) {
                case Command.Put p -> {
                    out.writeByte(1);
                    writeString(out, p.key());
                    writeString(out, p.value());
                }
                case Command.Delete d -> {
                    out.writeByte(2);
                    writeString(out, d.key());
                }
                case Command.Cas c -> {
                    out.writeByte(3);
                    writeString(out, c.key());
                    writeString(out, c.expected());
                    writeString(out, c.value());
                }
                case Command.Append a -> {
                    out.writeByte(4);
                    writeString(out, a.key());
                    writeString(out, a.suffix());
                }
                case Command.PutAll all -> {
                    out.writeByte(5);
                    out.writeInt(all.pairs().size());
                    for (var e : all.pairs().entrySet()) {
                        writeString(out, e.getKey());
                        writeString(out, e.getValue());
                    }
                }
            }
        });
    }

    /** Decodes a command; throws {@link IllegalArgumentException} when the bytes are not one. */
    public static Command decodeCommand(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown command version " + version);
            }
            String clientId = null;
            long seq = 0;
            if (in.readBoolean()) {
                clientId = readString(in);
                seq = in.readLong();
            }
            int tag = in.readUnsignedByte();
            Command.Op op =
                    switch (tag) {
                        case 1 -> new Command.Put(readString(in), readString(in));
                        case 2 -> new Command.Delete(readString(in));
                        case 3 -> new Command.Cas(readString(in), readString(in), readString(in));
                        case 4 -> new Command.Append(readString(in), readString(in));
                        case 5 -> {
                            int n = in.readInt();
                            if (n < 0) {
                                throw new IllegalArgumentException("negative pair count");
                            }
                            Map<String, String> pairs = new LinkedHashMap<>();
                            for (int i = 0; i < n; i++) {
                                pairs.put(readString(in), readString(in));
                            }
                            yield new Command.PutAll(pairs);
                        }
                        default -> throw new IllegalArgumentException("unknown op " + tag);
                    };
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after command");
            }
            return new Command(clientId, seq, op);
        } catch (IOException | NullPointerException e) {
            throw new IllegalArgumentException("malformed command: " + e.getMessage(), e);
        }
    }

    static void writeResult(DataOutputStream out, Result result) throws IOException {
        switch (result) {
            case Result.Written w -> {
                out.writeByte(1);
                writeString(out, w.value());
            }
            case Result.Deleted d -> {
                out.writeByte(2);
                out.writeBoolean(d.existed());
            }
            case Result.CasMismatch m -> {
                out.writeByte(3);
                writeString(out, m.current());
            }
            case Result.Done d -> out.writeByte(4);
            case Result.StaleSequence s -> {
                out.writeByte(5);
                out.writeLong(s.lastSeq());
            }
            case Result.Invalid i -> {
                out.writeByte(6);
                writeString(out, i.reason());
            }
            case Result.SessionConflict c -> {
                out.writeByte(7);
                out.writeLong(c.seq());
            }
            case Result.SessionExpired e -> {
                out.writeByte(8);
                out.writeLong(e.lastSeq());
            }
        }
    }

    static Result readResult(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 1 -> new Result.Written(readString(in));
            case 2 -> new Result.Deleted(in.readBoolean());
            case 3 -> new Result.CasMismatch(readString(in));
            case 4 -> new Result.Done();
            case 5 -> new Result.StaleSequence(in.readLong());
            case 6 -> new Result.Invalid(readString(in));
            case 7 -> new Result.SessionConflict(in.readLong());
            case 8 -> new Result.SessionExpired(in.readLong());
            default -> throw new IOException("unknown result " + tag);
        };
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < -1 || n > in.available()) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Writes a snapshot-sized output: buffered, so that its many small writes are not each a call. */
    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Writes a small output straight into an array of about its size. A command is encoded for every
     * write the leader proposes, so a 64 KiB buffer each time was most of what the leader allocated.
     */
    private static byte[] write(int sizeHint, Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    /** The encoded size of {@code command} when its strings are ASCII; less than it otherwise. */
    static int sizeHint(Command command) {
        long chars = command.clientId() == null ? 2 : 14 + chars(command.clientId());
        chars += switch (command.op()) {
            case Command.Put p -> 9 + chars(p.key()) + chars(p.value());
            case Command.Delete d -> 5 + chars(d.key());
            case Command.Cas c -> 13 + chars(c.key()) + chars(c.expected()) + chars(c.value());
            case Command.Append a -> 9 + chars(a.key()) + chars(a.suffix());
            case Command.PutAll all -> {
                long n = 5;
                for (var e : all.pairs().entrySet()) {
                    n += 8 + chars(e.getKey()) + chars(e.getValue());
                }
                yield n;
            }
        };
        return (int) Math.min(chars, 1 << 24);
    }

    private static int chars(String s) {
        return s == null ? 0 : s.length();
    }
}
