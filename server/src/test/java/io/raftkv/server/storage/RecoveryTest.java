package io.raftkv.server.storage;

import static io.raftkv.server.storage.Logs.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from torn writes (truncated, logged) and from corruption of durable data (an error). */
class RecoveryTest {
    static final StorageOptions SMALL = FileRaftStorageTest.SMALL;

    @TempDir
    Path tmp;

    @BeforeAll
    static void quiet() {
        Logs.quietRecoveryWarnings(true);
    }

    @AfterAll
    static void loud() {
        Logs.quietRecoveryWarnings(false);
    }

    /** Writes {@code entries} to a fresh directory and returns the position of each record. */
    private List<FileRaftStorage.Position> write(Path dir, List<Entry> entries) throws IOException {
        List<FileRaftStorage.Position> positions = new ArrayList<>();
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(new HardState(1, "a", 0), entries);
            for (Entry e : entries) {
                positions.add(s.position(e.index()));
            }
        }
        return positions;
    }

    private static List<Entry> load(Path dir) throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            return s.load().entries();
        }
    }

    @Test
    void aTornLastRecordIsDroppedAtEveryByteOffset() throws IOException {
        List<Entry> entries = Logs.random(new Random(7), 1, 1, 12, 60);
        Path original = tmp.resolve("original");
        List<FileRaftStorage.Position> pos = write(original, entries);
        FileRaftStorage.Position last = pos.getLast();
        long end = Files.size(last.segment());
        for (long cut = last.offset(); cut < end; cut++) {
            Path dir = tmp.resolve("cut" + cut);
            Logs.copyDir(original, dir);
            Logs.truncate(dir.resolve(last.segment().getFileName()), cut);
            assertEquals(entries.subList(0, 11), load(dir), "cut at " + cut);
            assertEquals(last.offset(), Files.size(dir.resolve(last.segment().getFileName())), "tail truncated");
            // and the log accepts the record again after recovery
            try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
                s.load();
                s.persist(null, List.of(entries.getLast()));
            }
            assertEquals(entries, load(dir), "rewritten after cut at " + cut);
        }
    }

    @Test
    void corruptionInTheMiddleOfTheLastSegmentIsAnErrorAndChangesNoFile() throws IOException {
        // Valid records follow the damaged one: a crash cannot leave that, so it is damage to
        // durable (acknowledged) data, and cutting the log there would lose all of it.
        List<Entry> entries = Logs.random(new Random(8), 1, 1, 30, 60);
        Path dir = tmp.resolve("d");
        List<FileRaftStorage.Position> pos = write(dir, entries);
        Path lastSegment = pos.getLast().segment();
        int victim =
                (int) pos.stream().filter(p -> p.segment().equals(lastSegment)).count() / 2;
        FileRaftStorage.Position p = pos.get(pos.size() - victim - 1);
        assertEquals(lastSegment, p.segment());
        Logs.flipByte(p.segment(), p.offset() + 20); // inside the payload: CRC mismatch
        byte[] before = Files.readAllBytes(lastSegment);
        byte[] hardState = Files.readAllBytes(dir.resolve(HardStateFile.NAME));

        CorruptLogException e = assertThrows(CorruptLogException.class, () -> load(dir));
        assertEquals(lastSegment, e.file());
        assertEquals(p.offset(), e.offset());
        assertTrue(e.getMessage().contains("valid record follows"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(lastSegment), "the segment is left as found");
        assertArrayEquals(hardState, Files.readAllBytes(dir.resolve(HardStateFile.NAME)));
    }

    @Test
    void aDamagedLengthInTheMiddleOfTheLastSegmentIsAnError() throws IOException {
        List<Entry> entries = Logs.random(new Random(16), 1, 1, 6, 60);
        Path dir = tmp.resolve("d");
        List<FileRaftStorage.Position> pos = write(dir, entries);
        FileRaftStorage.Position p = pos.get(2);
        Logs.flipByte(p.segment(), p.offset() + 1); // the length now runs past the end of the file
        long size = Files.size(p.segment());
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> load(dir));
        assertEquals(p.offset(), e.offset());
        assertEquals(size, Files.size(p.segment()));
    }

    @Test
    void aCorruptLastRecordOfTheLastSegmentIsDroppedAsATornWrite() throws IOException {
        // Nothing follows it: indistinguishable from a write that a crash cut short.
        List<Entry> entries = Logs.random(new Random(17), 1, 1, 6, 60);
        Path dir = tmp.resolve("d");
        FileRaftStorage.Position p = write(dir, entries).getLast();
        Logs.flipByte(p.segment(), p.offset() + 20);
        assertEquals(entries.subList(0, 5), load(dir));
        assertEquals(p.offset(), Files.size(p.segment()));
    }

    @Test
    void garbageAfterTheLastRecordIsTruncated() throws IOException {
        List<Entry> entries = Logs.random(new Random(9), 1, 1, 5, 60);
        Path dir = tmp.resolve("d");
        Path seg = write(dir, entries).getLast().segment();
        long size = Files.size(seg);
        Random rnd = new Random(10);
        byte[] garbage = new byte[100];
        rnd.nextBytes(garbage);
        Files.write(seg, garbage, StandardOpenOption.APPEND);
        assertEquals(entries, load(dir));
        assertEquals(size, Files.size(seg));
        Files.write(seg, new byte[4096], StandardOpenOption.APPEND); // zero-filled preallocation
        assertEquals(entries, load(dir));
        assertEquals(size, Files.size(seg));
    }

    @Test
    void aStaleRecordBehindANewerTermIsNotResurrected() throws IOException {
        // Old records left after a cut that did not reach the disk would follow with a lower term.
        Path dir = tmp.resolve("d");
        List<Entry> entries = List.of(entry(1, 1, "a"), entry(3, 2, "b"));
        write(dir, entries);
        Path seg = Logs.segments(dir).getFirst();
        byte[] stale = new byte[WalRecord.size(entry(2, 3, "c"))];
        WalRecord.encode(entry(2, 3, "c"), java.nio.ByteBuffer.wrap(stale));
        Files.write(seg, stale, StandardOpenOption.APPEND);
        assertEquals(entries, load(dir));
    }

    @Test
    void corruptionInASealedSegmentIsAnErrorNamingFileAndOffset() throws IOException {
        List<Entry> entries = Logs.random(new Random(11), 1, 1, 40, 100);
        Path dir = tmp.resolve("d");
        List<FileRaftStorage.Position> pos = write(dir, entries);
        FileRaftStorage.Position p = pos.get(2);
        assertTrue(!p.segment().equals(pos.getLast().segment()));
        Logs.flipByte(p.segment(), p.offset() + 9);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> load(dir));
        assertEquals(p.segment().getFileName(), e.file().getFileName());
        assertEquals(p.offset(), e.offset());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aTruncatedSealedSegmentIsAnError() throws IOException {
        Path dir = tmp.resolve("d");
        List<FileRaftStorage.Position> pos = write(dir, Logs.random(new Random(12), 1, 1, 40, 100));
        Path first = pos.getFirst().segment();
        Logs.truncate(first, Files.size(first) - 3);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> load(dir));
        assertEquals(first.getFileName(), e.file().getFileName());
    }

    @Test
    void aMissingSegmentIsAnError() throws IOException {
        Path dir = tmp.resolve("d");
        write(dir, Logs.random(new Random(13), 1, 1, 60, 100));
        List<Path> segs = Logs.segments(dir);
        assertTrue(segs.size() >= 3);
        Files.delete(segs.get(1));
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> load(dir));
        assertEquals(segs.get(2).getFileName(), e.file().getFileName());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void aDamagedSegmentHeaderIsAnError() throws IOException {
        Path dir = tmp.resolve("d");
        write(dir, Logs.random(new Random(14), 1, 1, 3, 10));
        Path seg = Logs.segments(dir).getLast();
        Logs.flipByte(seg, 10);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> load(dir));
        assertEquals(0, e.offset());
    }

    @Test
    void leftoverTemporaryFilesAreRemoved() throws IOException {
        Path dir = tmp.resolve("d");
        List<Entry> entries = Logs.random(new Random(15), 1, 1, 3, 10);
        write(dir, entries);
        Files.write(dir.resolve(Segment.fileName(4) + ".tmp"), new byte[7]);
        assertEquals(entries, load(dir));
        assertTrue(Files.notExists(dir.resolve(Segment.fileName(4) + ".tmp")));
    }

    @Test
    void aMissingHardStateBesideALogIsAnError() throws IOException {
        // The hard state file is created, durably, before the first segment: losing it loses votes.
        Path dir = tmp.resolve("d");
        write(dir, Logs.random(new Random(18), 1, 1, 3, 10));
        Files.delete(dir.resolve(HardStateFile.NAME));
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> load(dir));
        assertEquals(dir.resolve(HardStateFile.NAME), e.file());
        assertTrue(Files.notExists(dir.resolve(HardStateFile.NAME)), "nothing was created in its place");
    }
}
