package io.raftkv.server.storage;

import static io.raftkv.server.storage.Logs.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log compaction below a snapshot and log reset after installing one (§7). */
class CompactionTest {
    static final StorageOptions SMALL = FileRaftStorageTest.SMALL;

    @TempDir
    Path dir;

    private List<Entry> reopen() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            return s.load().entries();
        }
    }

    @Test
    void compactionRemovesWholeSegmentsBelowTheIndexOnly() throws IOException {
        List<Entry> entries = Logs.random(new Random(20), 1, 1, 80, 150);
        long first;
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(new HardState(1, null, 80), entries);
            int before = Logs.segments(dir).size();
            s.compact(40);
            first = s.firstIndex();
            assertTrue(first > 1 && first <= 41, "first index " + first);
            assertTrue(Logs.segments(dir).size() < before);
            assertEquals(80, s.lastIndex());
            s.compact(40); // idempotent
            assertEquals(first, s.firstIndex());
        }
        assertEquals(entries.subList((int) first - 1, 80), reopen());
    }

    @Test
    void compactionKeepsTheLastSegmentAndTheLogGoesOn() throws IOException {
        List<Entry> entries = Logs.random(new Random(21), 1, 1, 60, 150);
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, entries);
            s.compact(1_000);
            assertEquals(1, Logs.segments(dir).size());
            assertEquals(60, s.lastIndex());
            List<Entry> more = Logs.random(new Random(22), 2, 61, 70, 150);
            s.persist(null, more);
            entries = new ArrayList<>(entries);
            entries.addAll(more);
        }
        List<Entry> got = reopen();
        assertEquals(entries.subList((int) got.getFirst().index() - 1, 70), got);
    }

    @Test
    void entriesBelowTheLogStartCannotBeRewritten() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, Logs.random(new Random(23), 1, 1, 60, 150));
            s.compact(30);
            long first = s.firstIndex();
            assertThrows(IllegalArgumentException.class, () -> s.persist(null, List.of(entry(2, first - 1, "x"))));
            s.persist(null, List.of(entry(2, first, "y"))); // replacing from the first kept entry is fine
            assertEquals(first, s.lastIndex());
        }
    }

    @Test
    void aCrashDuringCompactionLeavesASuffix() throws IOException {
        List<Entry> entries = Logs.random(new Random(24), 1, 1, 80, 150);
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, entries);
        }
        // compaction deletes oldest first: a crash after two deletions looks like this
        List<Path> segs = Logs.segments(dir);
        Files.delete(segs.get(0));
        Files.delete(segs.get(1));
        long first = Segment.parseFileName(segs.get(2).getFileName().toString());
        assertEquals(entries.subList((int) first - 1, 80), reopen());
    }

    @Test
    void resetStartsAnEmptyLogAtTheGivenIndex() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(new HardState(3, "n1", 20), Logs.random(new Random(25), 1, 1, 50, 150));
            s.reset(1001);
            assertEquals(1000, s.lastIndex());
            assertEquals(1001, s.firstIndex());
        }
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            RaftStorage.Recovered r = s.load();
            assertEquals(List.of(), r.entries());
            assertEquals(new HardState(3, "n1", 20), r.hardState());
            assertEquals(1000, s.lastIndex());
            assertThrows(IllegalArgumentException.class, () -> s.persist(null, List.of(entry(4, 1002, "gap"))));
            s.persist(null, List.of(entry(4, 1001, "a"), entry(4, 1002, "b")));
        }
        assertEquals(List.of(entry(4, 1001, "a"), entry(4, 1002, "b")), reopen());
    }
}
