package io.raftkv.server.storage;

import static io.raftkv.server.storage.Logs.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRaftStorageTest {
    /** Small segments so that a few entries span several files. */
    static final StorageOptions SMALL = StorageOptions.DEFAULT.withSegmentBytes(1024);

    @TempDir
    Path dir;

    private RaftStorage.Recovered reopen(StorageOptions options) throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, options)) {
            return s.load();
        }
    }

    @Test
    void emptyDirectoryLoadsEmptyState() throws IOException {
        RaftStorage.Recovered r = reopen(StorageOptions.DEFAULT);
        assertEquals(HardState.EMPTY, r.hardState());
        assertEquals(List.of(), r.entries());
    }

    @Test
    void entriesAndHardStateSurviveRestart() throws IOException {
        List<Entry> entries = Logs.random(new Random(1), 1, 1, 50, 300);
        HardState hs = new HardState(3, "n2", 40);
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(new HardState(1, "n1", 0), entries.subList(0, 10));
            s.persist(hs, entries.subList(10, 50));
        }
        assertTrue(Logs.segments(dir).size() > 3, "small segments roll");
        RaftStorage.Recovered r = reopen(SMALL);
        assertEquals(hs, r.hardState());
        assertEquals(entries, r.entries());
    }

    @Test
    void appendingAfterRestartContinuesTheLog() throws IOException {
        List<Entry> entries = Logs.random(new Random(2), 1, 1, 30, 100);
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, entries.subList(0, 20));
        }
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            assertEquals(entries.subList(0, 20), s.load().entries());
            s.persist(null, entries.subList(20, 30));
        }
        assertEquals(entries, reopen(SMALL).entries());
    }

    @Test
    void newEntriesReplaceTheStoredSuffixWithinASegment() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, StorageOptions.DEFAULT)) {
            s.load();
            s.persist(null, List.of(entry(1, 1, "a"), entry(1, 2, "b"), entry(1, 3, "c"), entry(1, 4, "d")));
            s.persist(null, List.of(entry(2, 3, "C"), entry(2, 4, "D"), entry(2, 5, "E")));
            assertEquals(5, s.lastIndex());
        }
        assertEquals(
                List.of(entry(1, 1, "a"), entry(1, 2, "b"), entry(2, 3, "C"), entry(2, 4, "D"), entry(2, 5, "E")),
                reopen(StorageOptions.DEFAULT).entries());
    }

    @Test
    void newEntriesReplaceTheStoredSuffixAcrossSegments() throws IOException {
        Random rnd = new Random(3);
        List<Entry> old = Logs.random(rnd, 1, 1, 60, 200);
        List<Entry> replacement = Logs.random(rnd, 2, 12, 20, 200);
        int segmentsBefore;
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, old);
            segmentsBefore = Logs.segments(dir).size();
            s.persist(null, replacement);
            assertEquals(20, s.lastIndex());
        }
        assertTrue(Logs.segments(dir).size() < segmentsBefore, "later segments are deleted");
        List<Entry> expected = new ArrayList<>(old.subList(0, 11));
        expected.addAll(replacement);
        assertEquals(expected, reopen(SMALL).entries());
    }

    @Test
    void replacingFromTheFirstIndexOfASegmentReusesIt() throws IOException {
        Random rnd = new Random(4);
        List<Entry> old = Logs.random(rnd, 1, 1, 40, 200);
        long secondStart;
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, old);
            Path second = Logs.segments(dir).get(1);
            secondStart = Segment.parseFileName(second.getFileName().toString());
            s.persist(null, List.of(entry(5, secondStart, "x")));
        }
        List<Entry> expected = new ArrayList<>(old.subList(0, (int) secondStart - 1));
        expected.add(entry(5, secondStart, "x"));
        assertEquals(expected, reopen(SMALL).entries());
        assertEquals(2, Logs.segments(dir).size());
    }

    @Test
    void replacingTheWholeLogWorks() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, Logs.random(new Random(5), 1, 1, 30, 100));
            s.persist(null, List.of(entry(2, 1, "new")));
        }
        assertEquals(List.of(entry(2, 1, "new")), reopen(SMALL).entries());
    }

    @Test
    void anEntryLargerThanASegmentGetsItsOwn() throws IOException {
        Entry big = new Entry(1, 2, io.raftkv.server.raft.EntryType.NORMAL, new byte[5000]);
        try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
            s.load();
            s.persist(null, List.of(entry(1, 1, "a"), big, entry(1, 3, "c")));
        }
        assertEquals(3, Logs.segments(dir).size());
        assertEquals(
                List.of(entry(1, 1, "a"), big, entry(1, 3, "c")), reopen(SMALL).entries());
    }

    @Test
    void rejectsAGapAContiguityBreakAndADecreasingTerm() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, StorageOptions.DEFAULT)) {
            s.load();
            assertThrows(IllegalArgumentException.class, () -> s.persist(null, List.of(entry(1, 2, "gap"))));
            s.persist(null, List.of(entry(2, 1, "a")));
            assertThrows(
                    IllegalArgumentException.class, () -> s.persist(null, List.of(entry(2, 2, "b"), entry(2, 4, "d"))));
            assertThrows(IllegalArgumentException.class, () -> s.persist(null, List.of(entry(1, 2, "old term"))));
            String longVote = "n".repeat(HardStateFile.MAX_VOTE_BYTES + 1);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> s.persist(new HardState(3, longVote, 0), List.of(entry(2, 2, "b"))));
            // a rejected call changes nothing and does not poison the storage
            s.persist(null, List.of(entry(2, 2, "b")));
        }
        assertEquals(
                List.of(entry(2, 1, "a"), entry(2, 2, "b")),
                reopen(StorageOptions.DEFAULT).entries());
    }

    @Test
    void persistBeforeLoadIsRejected() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, StorageOptions.DEFAULT)) {
            assertThrows(IllegalStateException.class, () -> s.persist(HardState.EMPTY, List.of()));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFails() throws IOException {
        try (FileRaftStorage s = new FileRaftStorage(dir, StorageOptions.DEFAULT)) {
            IOException e = assertThrows(IOException.class, () -> new FileRaftStorage(dir, StorageOptions.DEFAULT));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }

    @Test
    void unsafeNoFsyncStillRoundTrips() throws IOException {
        List<Entry> entries = Logs.random(new Random(6), 1, 1, 40, 100);
        StorageOptions unsafe = SMALL.unsafeNoFsync();
        try (FileRaftStorage s = new FileRaftStorage(dir, unsafe)) {
            s.load();
            s.persist(new HardState(2, null, 7), entries);
        }
        RaftStorage.Recovered r = reopen(unsafe);
        assertEquals(new HardState(2, null, 7), r.hardState());
        assertEquals(entries, r.entries());
    }

    /**
     * A term change reaches the disk before any entry of that term: a crash in between must not leave
     * a log whose last term is above the stored current term (a restarted core refuses such a log).
     * The entries here fail while being written, after validation, standing in for that crash.
     */
    @Test
    void aNewTermIsDurableBeforeEntriesOfThatTerm() throws IOException {
        List<Entry> failing = new java.util.AbstractList<>() {
            private final List<Entry> entries = List.of(entry(5, 2, "x"), entry(5, 3, "y"));

            @Override
            public Entry get(int i) {
                return entries.get(i);
            }

            @Override
            public int size() {
                return entries.size();
            }

            @Override
            public java.util.Iterator<Entry> iterator() {
                throw new IllegalStateException("crash while writing entries");
            }
        };
        try (FileRaftStorage s = new FileRaftStorage(dir, StorageOptions.DEFAULT)) {
            s.load();
            s.persist(new HardState(4, "n1", 0), List.of(entry(4, 1, "a")));
            assertThrows(IllegalStateException.class, () -> s.persist(new HardState(5, null, 3), failing));
            assertThrows(IllegalStateException.class, () -> s.persist(null, List.of()), "failed storage refuses use");
        }
        RaftStorage.Recovered r = reopen(StorageOptions.DEFAULT);
        assertEquals(new HardState(5, null, 1), r.hardState(), "term 5 stored; commit hint capped at durable log");
        assertEquals(List.of(entry(4, 1, "a")), r.entries());
    }
}
