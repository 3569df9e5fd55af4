package io.raftkv.server.testing;

import io.raftkv.server.raft.Message.AppendResponse;
import io.raftkv.server.raft.Message.TimeoutNow;
import io.raftkv.server.raft.Message.VoteRequest;
import io.raftkv.server.raft.Message.VoteResponse;
import io.raftkv.server.transport.Frame;
import io.raftkv.server.transport.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates what a stranger without the cluster secret might send to a node's peer port: frames with
 * wrong length prefixes, unknown types, garbage or cut-off bodies, and well-formed frames out of turn,
 * each either first on the connection or after a well-formed {@code Hello}.
 */
public final class FrameFuzz {
    /** The frame types the codec knows (0..9) and a few it does not. */
    private static final int MAX_TYPE = 12;

    private final Random random;
    private final List<String> members;

    public FrameFuzz(long seed, List<String> members) {
        this.random = new Random(seed);
        this.members = List.copyOf(members);
    }

    /**
     * The bytes sent on one connection, how many frames they hold, and whether the node must close
     * the connection once it has read them all (false: it may keep waiting, as for a cut-off frame or
     * a lone hello waiting for its proof). With {@code provenAs}, the bytes follow a completed
     * handshake as that member (see {@code PeerHandshake}).
     */
    public record Case(String target, String provenAs, String label, byte[] bytes, int frames, boolean mustClose) {
        @Override
        public String toString() {
            return (provenAs == null ? "" : "proven as " + provenAs + ", then ") + label + " -> " + target + " ("
                    + bytes.length + " bytes)";
        }
    }

    /** The next case, sent to node {@code target}. */
    public Case next(String target) {
        String member = pick(members.stream().filter(m -> !m.equals(target)).toList());
        if (random.nextInt(4) == 0) {
            Bad bad = undecodable(target, member);
            return new Case(target, member, bad.label, bad.bytes, 1, !bad.open);
        }
        List<byte[]> parts = new ArrayList<>();
        StringBuilder label = new StringBuilder();
        boolean afterHello = random.nextBoolean();
        if (afterHello) {
            parts.add(MessageCodec.encode(new Frame.Hello(member, bytes(32))).getBytes());
            label.append("hello(").append(member).append(") then ");
        }
        Bad bad = bad(target);
        parts.add(bad.bytes);
        label.append(bad.label);
        // Anything complete is refused, except a first hello: that one waits for its proof.
        boolean mustClose = !bad.open && !(bad.maybeHello && !afterHello);
        return new Case(target, null, label.toString(), concat(parts), parts.size(), mustClose);
    }

    /**
     * A frame no codec reads, from a peer that proved it is {@code member}: unknown type, a length
     * out of bounds, a well-formed message declared shorter than it is or with bytes after its end,
     * or one cut off. It must close the connection, never reach Raft.
     */
    private Bad undecodable(String target, String member) {
        byte[] valid = valid(member, target);
        int body = valid.length - MessageCodec.LENGTH_BYTES;
        return switch (random.nextInt(5)) {
            case 0 -> {
                int type = 10 + random.nextInt(118);
                yield new Bad("unknown type " + type, frame(type, bytes(random.nextInt(60))), false, false);
            }
            case 1 -> {
                int length = pick(List.of(0, -5, 65 << 20));
                yield new Bad("length prefix " + length, prefixed(length, bytes(8)), false, false);
            }
            case 2 -> {
                int declared = body - 1 - random.nextInt(Math.min(3, body - 1));
                ByteBuffer.wrap(valid).putInt(0, declared);
                yield new Bad(
                        "type " + valid[4] + " declared " + declared + " of " + body + " bytes", valid, false, false);
            }
            case 3 -> {
                byte[] extra = bytes(1 + random.nextInt(20));
                ByteBuffer.wrap(valid).putInt(0, body + extra.length);
                yield new Bad(
                        "type " + valid[4] + " with " + extra.length + " bytes after its end",
                        concat(List.of(valid, extra)),
                        false,
                        false);
            }
            default -> {
                int cut = 1 + random.nextInt(valid.length - 1);
                yield new Bad(
                        "type " + valid[4] + " cut after " + cut + " bytes",
                        java.util.Arrays.copyOf(valid, cut),
                        true,
                        false);
            }
        };
    }

    /**
     * One bad frame; {@code open}: the node may rightly wait for more bytes; {@code maybeHello}: it
     * may be a well-formed hello.
     */
    private record Bad(String label, byte[] bytes, boolean open, boolean maybeHello) {}

    private Bad bad(String target) {
        int kind = random.nextInt(11);
        return switch (kind) {
            case 0 -> {
                int type = random.nextInt(MAX_TYPE + 1);
                byte[] body = bytes(random.nextInt(80));
                yield new Bad(
                        "type " + type + " with " + body.length + " garbage bytes", frame(type, body), false, false);
            }
            case 1 -> {
                int length = pick(List.of(0, -1, Integer.MIN_VALUE, 65 << 20, Integer.MAX_VALUE));
                yield new Bad("length prefix " + length, prefixed(length, bytes(random.nextInt(16))), false, false);
            }
            case 2 -> {
                byte[] valid = valid(target);
                int cut = 1 + random.nextInt(valid.length - 1);
                byte[] bytes = new byte[cut];
                System.arraycopy(valid, 0, bytes, 0, cut);
                yield new Bad("frame cut after " + cut + " of " + valid.length + " bytes", bytes, true, false);
            }
            case 3 -> {
                byte[] valid = valid(target);
                int declared = valid.length - 4 + (random.nextBoolean() ? -1 : 1) * (1 + random.nextInt(3));
                ByteBuffer.wrap(valid).putInt(0, declared);
                // A longer declared length leaves the node waiting for bytes that never come.
                yield new Bad(
                        "length " + declared + " for a " + (valid.length - 4) + "-byte body",
                        valid,
                        declared > valid.length - 4,
                        false);
            }
            case 4 -> {
                byte[] valid = valid(target);
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    int at = 4 + random.nextInt(valid.length - 4);
                    valid[at] = (byte) random.nextInt(256);
                }
                yield new Bad("a frame with flipped bytes, type " + valid[4], valid, false, valid[4] == 0);
            }
            case 5 -> {
                byte[] valid = valid(target);
                yield new Bad("a well-formed frame out of turn, type " + valid[4], valid, false, false);
            }
            case 6 ->
                new Bad(
                        "a proof of random bytes",
                        MessageCodec.encode(new Frame.Proof(bytes(32))).getBytes(),
                        false,
                        false);
            case 7 ->
                new Bad(
                        "a keepalive",
                        MessageCodec.encode(new Frame.Keepalive()).getBytes(),
                        false,
                        false);
            case 8 -> {
                String id = pick(List.of("", target, "n9", "x".repeat(300), "\u00e9\u0000"));
                byte[] nonce = bytes(pick(List.of(0, 1, 31, 32, 33)));
                boolean valid = !id.equals(target) && nonce.length == 32;
                yield new Bad(
                        "hello(" + (id.length() > 10 ? id.substring(0, 10) + "..." : id) + ", " + nonce.length
                                + "-byte nonce)",
                        MessageCodec.encode(new Frame.Hello(id, nonce)).getBytes(),
                        false,
                        valid);
            }
            case 9 ->
                new Bad(
                        "an HTTP request",
                        "GET /status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        false,
                        false);
            default -> {
                byte[] b = bytes(1 + random.nextInt(64));
                // garbage whose first four bytes declare anything at all; it may or may not be complete
                yield new Bad("garbage " + b.length + " bytes", b, true, false);
            }
        };
    }

    /** A well-formed frame of a random type (never a hello), as one whole frame. */
    private byte[] valid(String target) {
        return valid(pick(members), target);
    }

    private byte[] valid(String from, String target) {
        long term = random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(100);
        return switch (random.nextInt(6)) {
            case 0 ->
                MessageCodec.encode(new VoteRequest(
                                from, target, term, random.nextInt(50), term, random.nextBoolean(), false))
                        .getBytes();
            case 1 ->
                MessageCodec.encode(new VoteResponse(from, target, term, true, random.nextBoolean()))
                        .getBytes();
            case 2 ->
                MessageCodec.encode(new AppendResponse(from, target, term, true, random.nextInt(50), 0, 0, 0))
                        .getBytes();
            case 3 -> MessageCodec.encode(new TimeoutNow(from, target, term)).getBytes();
            case 4 -> MessageCodec.encode(new Frame.Proof(bytes(32))).getBytes();
            default ->
                MessageCodec.encode(new Frame.SnapshotChunk(
                                from, target, term, random.nextInt(50), term, 0, 100, 0, bytes(random.nextInt(40))))
                        .getBytes();
        };
    }

    private static byte[] frame(int type, byte[] body) {
        byte[] all = new byte[1 + body.length];
        all[0] = (byte) type;
        System.arraycopy(body, 0, all, 1, body.length);
        return prefixed(all.length, all);
    }

    private static byte[] prefixed(int length, byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(length).put(body).array();
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(n);
        parts.forEach(b::put);
        return b.array();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
