package io.raftkv.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Message;
import io.raftkv.server.raft.Snapshot;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotAssemblyTest {

    private static Message.InstallSnapshot install(long index, int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return new Message.InstallSnapshot("n1", "n2", 7, new Snapshot(index, 6, data), 3);
    }

    /** The chunk frames of {@code m}, decoded as a receiver sees them. */
    private static List<Frame.SnapshotChunk> chunks(Message.InstallSnapshot m, int chunkBytes) throws FrameException {
        List<Frame.SnapshotChunk> out = new java.util.ArrayList<>();
        for (Buffer frame : MessageCodec.encodeChunked(m, chunkBytes)) {
            assertTrue(frame.length() <= chunkBytes + 200, "frame of " + frame.length() + " bytes");
            out.add((Frame.SnapshotChunk) MessageCodec.decode(frame.slice(MessageCodec.LENGTH_BYTES, frame.length())));
        }
        return out;
    }

    @Test
    void chunksReassembleIntoTheWholeMessage() throws FrameException {
        for (int size : new int[] {0, 1, 999, 1000, 1001, 25_000}) {
            Message.InstallSnapshot m = install(40, size, size);
            List<Frame.SnapshotChunk> chunks = chunks(m, 1000);
            assertEquals(Math.max(1, (size + 999) / 1000), chunks.size(), "chunks for " + size + " bytes");
            SnapshotAssembly a = new SnapshotAssembly();
            for (int i = 0; i < chunks.size() - 1; i++) {
                assertNull(a.add(chunks.get(i)));
            }
            assertEquals(m, a.add(chunks.getLast()), size + " bytes");
        }
    }

    @Test
    void aGapAbandonsTheTransferAndANewOneStartsOver() throws FrameException {
        Message.InstallSnapshot old = install(40, 5000, 1);
        Message.InstallSnapshot fresh = install(90, 3000, 2);
        List<Frame.SnapshotChunk> a = chunks(old, 1000);
        List<Frame.SnapshotChunk> b = chunks(fresh, 1000);
        SnapshotAssembly assembly = new SnapshotAssembly();
        assertNull(assembly.add(a.get(0)));
        assertNull(assembly.add(a.get(2))); // chunk 1 was lost: abandoned
        assertNull(assembly.add(a.get(3)));
        assertNull(assembly.add(a.get(4)), "an abandoned transfer never completes");
        assertNull(assembly.add(b.get(0)));
        assertNull(assembly.add(a.get(1)), "a chunk of another snapshot does not continue this one");
        SnapshotAssembly again = new SnapshotAssembly();
        for (int i = 0; i < b.size() - 1; i++) {
            assertNull(again.add(b.get(i)));
        }
        assertEquals(fresh, again.add(b.getLast()));
    }

    @Test
    void impossibleChunksAreRejected() {
        SnapshotAssembly a = new SnapshotAssembly();
        var tooBig = new Frame.SnapshotChunk(
                "n1", "n2", 1, 5, 1, 0, SnapshotAssembly.MAX_SNAPSHOT_BYTES + 1, 0, new byte[0]);
        assertTrue(assertThrows(FrameException.class, () -> a.add(tooBig))
                .getMessage()
                .contains("total"));
        var overflow = new Frame.SnapshotChunk("n1", "n2", 1, 5, 1, 0, 10, 8, new byte[5]);
        assertTrue(assertThrows(FrameException.class, () -> a.add(overflow))
                .getMessage()
                .contains("do not fit"));
        var noIndex = new Frame.SnapshotChunk("n1", "n2", 1, 0, 1, 0, 10, 0, new byte[5]);
        assertTrue(assertThrows(FrameException.class, () -> a.add(noIndex))
                .getMessage()
                .contains("index 0"));
    }

    @Test
    void aResumedTransferContinuesFromWhatIsHeldAndToleratesRepeats() throws FrameException {
        Message.InstallSnapshot m = install(40, 5000, 3);
        List<Frame.SnapshotChunk> c = chunks(m, 1000);
        SnapshotAssembly a = new SnapshotAssembly();
        assertNull(a.add(c.get(0)));
        assertNull(a.add(c.get(1)));
        assertEquals(2000, a.held(), "acknowledged so far");
        assertNull(a.add(c.get(3)));
        assertEquals(2000, a.held(), "a chunk past a gap is ignored; the sender is told where to go back to");
        assertNull(a.add(c.get(1)), "a chunk sent again (the sender resumed a little early) is harmless");
        assertEquals(2000, a.held());
        assertNull(a.add(c.get(2)));
        assertNull(a.add(c.get(3)));
        assertEquals(m, a.add(c.get(4)), "the transfer completes without starting over");
        assertEquals(5000, a.held());
    }
}
