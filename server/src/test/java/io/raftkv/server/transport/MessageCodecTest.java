package io.raftkv.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.Message;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private static Buffer body(Buffer frame) {
        assertEquals(frame.length() - MessageCodec.LENGTH_BYTES, frame.getInt(0), "length prefix");
        return frame.slice(MessageCodec.LENGTH_BYTES, frame.length());
    }

    @Test
    void everyMessageTypeRoundTrips() throws FrameException {
        List<Message> messages = List.of(
                new Message.VoteRequest("n1", "n2", 7, 42, 6, true),
                new Message.VoteRequest("n1", "n2", 8, 42, 6, false, true),
                new Message.VoteResponse("n2", "n1", 7, true, false),
                new Message.AppendRequest(
                        "n1",
                        "n3",
                        8,
                        41,
                        7,
                        List.of(Entry.noop(8, 42), new Entry(8, 43, EntryType.NORMAL, "héllo".getBytes())),
                        40,
                        3),
                new Message.AppendRequest("n1", "n3", 8, 43, 8, List.of(), 43, 4),
                new Message.AppendResponse("n3", "n1", 8, false, 0, 17, 5, 4),
                new Message.TimeoutNow("n1", "n2", 9),
                new Message.InstallSnapshot(
                        "n1", "n2", 9, new io.raftkv.server.raft.Snapshot(500, 8, "state".getBytes()), 6));
        for (Message m : messages) {
            assertEquals(new Frame.Raft(m), MessageCodec.decode(body(MessageCodec.encode(m))));
        }
        byte[] nonce = ClusterSecret.nonce();
        Frame.Hello hello = (Frame.Hello) MessageCodec.decode(body(MessageCodec.encode(new Frame.Hello("n1", nonce))));
        assertEquals("n1", hello.id());
        assertArrayEquals(nonce, hello.nonce());
        Frame.Hello plain =
                (Frame.Hello) MessageCodec.decode(body(MessageCodec.encode(new Frame.Hello("n1", new byte[0]))));
        assertEquals(0, plain.nonce().length);
        byte[] mac = new byte[ClusterSecret.PROOF_BYTES];
        mac[3] = 7;
        Frame.Proof proof = (Frame.Proof) MessageCodec.decode(body(MessageCodec.encode(new Frame.Proof(mac))));
        assertArrayEquals(mac, proof.mac());
        Frame.Keepalive keepalive = new Frame.Keepalive();
        assertEquals(keepalive, MessageCodec.decode(body(MessageCodec.encode(keepalive))));
    }

    @Test
    void randomMessagesRoundTrip() throws FrameException {
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            Message m = Messages.random(rnd, "node-" + rnd.nextInt(100), "ñode-" + rnd.nextInt(100));
            assertEquals(new Frame.Raft(m), MessageCodec.decode(body(MessageCodec.encode(m))), "message " + i);
        }
    }

    @Test
    void everyTruncationIsRejectedNamingTheField() {
        Message m = new Message.AppendRequest(
                "n1", "n2", 3, 9, 2, List.of(new Entry(3, 10, EntryType.NORMAL, new byte[] {1, 2, 3})), 8, 1);
        Buffer body = body(MessageCodec.encode(m));
        for (int len = 1; len < body.length(); len++) {
            Buffer cut = body.slice(0, len);
            FrameException e = assertThrows(FrameException.class, () -> MessageCodec.decode(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("AppendRequest truncated: "), e.getMessage());
        }
        assertEquals(
                "empty frame",
                assertThrows(FrameException.class, () -> MessageCodec.decode(Buffer.buffer()))
                        .getMessage());
    }

    @Test
    void unknownTypeBadBooleanAndTrailingBytesAreRejected() {
        FrameException unknown = assertThrows(
                FrameException.class, () -> MessageCodec.decode(Buffer.buffer().appendByte((byte) 99)));
        assertEquals("unknown frame type 99", unknown.getMessage());

        Buffer vote = body(MessageCodec.encode(new Message.VoteResponse("a", "b", 1, true, false)));
        vote.setByte(vote.length() - 1, (byte) 7);
        assertEquals(
                "VoteResponse: preVote is 7, not a boolean",
                assertThrows(FrameException.class, () -> MessageCodec.decode(vote))
                        .getMessage());

        Buffer trailing = body(MessageCodec.encode(new Message.VoteResponse("a", "b", 1, true, false)))
                .appendString("xx");
        assertEquals(
                "VoteResponse has 2 trailing bytes",
                assertThrows(FrameException.class, () -> MessageCodec.decode(trailing))
                        .getMessage());
    }

    @Test
    void aSnapshotWithoutIndexOrTermIsRejected() {
        Buffer body = body(MessageCodec.encode(
                new Message.InstallSnapshot("a", "b", 2, new io.raftkv.server.raft.Snapshot(3, 1, new byte[0]), 0)));
        body.setLong(1 + 5 + 5 + 8, 0); // snapshot index
        FrameException e = assertThrows(FrameException.class, () -> MessageCodec.decode(body));
        assertTrue(e.getMessage().startsWith("InstallSnapshot: snapshot index 0"), e.getMessage());
    }

    @Test
    void aLyingEntryCountIsRejectedBeforeAllocating() {
        Buffer body = body(MessageCodec.encode(new Message.AppendRequest("a", "b", 1, 0, 0, List.of(), 0, 0)));
        int countOffset = 1 + 5 + 5 + 8 + 8 + 8;
        body.setInt(countOffset, Integer.MAX_VALUE);
        FrameException e = assertThrows(FrameException.class, () -> MessageCodec.decode(body));
        assertTrue(e.getMessage().contains("entry count " + Integer.MAX_VALUE), e.getMessage());
    }

    @Test
    void randomGarbageOnlyEverFailsWithFrameException() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[rnd.nextInt(80)];
            rnd.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) rnd.nextInt(9); // mostly known types, to reach the field decoders
            }
            try {
                MessageCodec.decode(Buffer.buffer(bytes));
            } catch (FrameException expected) {
                // the only allowed failure
            }
        }
    }

    @Test
    void theDecoderReassemblesFramesSplitAnywhere() {
        Random rnd = new Random(3);
        List<Message> sent = new ArrayList<>();
        Buffer stream = Buffer.buffer();
        for (int i = 0; i < 200; i++) {
            Message m = Messages.random(rnd, "a", "b");
            sent.add(m);
            stream.appendBuffer(MessageCodec.encode(m));
        }
        List<Frame> got = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(1 << 20, got::add, e -> {
            throw new AssertionError(e);
        });
        for (int pos = 0; pos < stream.length(); ) {
            int n = Math.min(stream.length() - pos, 1 + rnd.nextInt(300));
            decoder.handle(stream.slice(pos, pos + n).copy());
            pos += n;
        }
        assertEquals(sent.stream().map(Frame.Raft::new).toList(), got);
    }

    @Test
    void theDecoderRejectsOversizedAndNonPositiveLengthsBeforeBuffering() {
        List<FrameException> errors = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(1000, f -> {}, errors::add);
        decoder.handle(Buffer.buffer().appendInt(1001));
        assertEquals(1, errors.size());
        assertEquals(
                "frame length 1001 exceeds the maximum 1000", errors.getFirst().getMessage());
        decoder.handle(MessageCodec.encode(new Message.VoteResponse("a", "b", 1, true, false)));
        assertEquals(1, errors.size(), "a failed decoder ignores further input");

        errors.clear();
        new FrameDecoder(1000, f -> {}, errors::add).handle(Buffer.buffer().appendInt(-5));
        assertEquals("frame length -5 is below 1", errors.getFirst().getMessage());
    }
}
