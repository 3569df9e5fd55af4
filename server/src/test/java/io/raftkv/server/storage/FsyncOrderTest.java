package io.raftkv.server.storage;

import static io.raftkv.server.storage.Logs.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.DurableFiles.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What returns from a storage call is acknowledged (a vote granted, entries acknowledged, a snapshot
 * kept), so it must be on the device first. Each step below is recorded through {@link
 * DurableFiles#probe} and checked: every file written in the step was forced after its last write,
 * a renamed file was forced before the rename, and the directory was forced after the rename and
 * before the new file was used. With {@code --unsafe-no-fsync} nothing is forced at all.
 */
class FsyncOrderTest {
    @TempDir
    Path dir;

    private record Event(Step step, Path path) {
        @Override
        public String toString() {
            return step + " " + path.getFileName();
        }
    }

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void record() {
        DurableFiles.probe = op -> {
            boolean durabilityStep = op.step() == Step.WRITE || op.step() == Step.FORCE || op.step() == Step.RENAME;
            if (durabilityStep && op.path().startsWith(dir)) {
                events.add(new Event(op.step(), op.path()));
            }
        };
    }

    @AfterEach
    void stopRecording() {
        DurableFiles.probe = null;
    }

    private interface StorageStep {
        void run() throws IOException;
    }

    /** Runs one acknowledged step and returns what it did to the files. */
    private List<Event> step(StorageStep s) throws IOException {
        events.clear();
        s.run();
        return List.copyOf(events);
    }

    private static List<Entry> entries(long term, long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(i -> entry(term, i, "x".repeat(200)))
                .toList();
    }

    @Test
    void everyAcknowledgedStepOfTheSafePathIsForcedFirst() throws IOException {
        Path hardState = dir.resolve(HardStateFile.NAME);
        Path first = dir.resolve(Segment.fileName(1));
        try (FileRaftStorage storage = new FileRaftStorage(dir, new StorageOptions(4096, true))) {
            List<Event> load = step(storage::load);
            assertDurable(load);
            assertTrue(load.contains(new Event(Step.RENAME, hardState)), "a new hard state file: " + load);

            // A vote and the first entries: the vote is durable before any entry is written (a log
            // never holds a term above the stored one), the new segment's name before its entries.
            List<Event> vote = step(() -> storage.persist(new HardState(1, "n1", 0), entries(1, 1, 3)));
            assertDurable(vote);
            assertBefore(vote, new Event(Step.FORCE, hardState), new Event(Step.WRITE, first));
            assertBefore(vote, new Event(Step.RENAME, first), new Event(Step.WRITE, first));

            // Enough entries to fill segments: each is forced before its successor is created.
            List<Event> many = step(() -> storage.persist(null, entries(1, 4, 60)));
            assertDurable(many);
            Path second = many.stream()
                    .filter(e -> e.step() == Step.RENAME)
                    .map(Event::path)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no new segment: " + many));
            assertBefore(many, new Event(Step.FORCE, first), new Event(Step.RENAME, second));

            // A new term replaces a suffix: the cut is forced before the new entries are written.
            List<Event> conflict = step(() -> storage.persist(new HardState(2, "n2", 0), entries(2, 50, 52)));
            assertDurable(conflict);
            Path cut = conflict.stream()
                    .filter(e -> e.step() == Step.WRITE && !e.path().equals(hardState))
                    .map(Event::path)
                    .findFirst()
                    .orElseThrow();
            assertBefore(conflict, new Event(Step.FORCE, cut), new Event(Step.WRITE, cut));

            // A commit-only change is a hint, written without a force (see package-info).
            List<Event> commit = step(() -> storage.persist(new HardState(2, "n2", 40), List.of()));
            assertEquals(List.of(new Event(Step.WRITE, hardState)), commit);
        }

        Path snapshots = dir.resolve("snapshots");
        SnapshotStore store = new SnapshotStore(snapshots, 1, true);
        List<Event> snapshot = step(() -> store.save(new Snapshot(40, 2, new byte[5000])));
        assertDurable(snapshot);
        assertTrue(
                snapshot.contains(new Event(Step.RENAME, snapshots.resolve(SnapshotStore.fileName(40, 2)))),
                "" + snapshot);
    }

    @Test
    void unsafeNoFsyncForcesNothing() throws IOException {
        try (FileRaftStorage storage = new FileRaftStorage(dir, StorageOptions.DEFAULT.unsafeNoFsync())) {
            List<Event> all = new ArrayList<>(step(storage::load));
            all.addAll(step(() -> storage.persist(new HardState(1, "n1", 0), entries(1, 1, 3))));
            all.addAll(step(() -> storage.persist(new HardState(2, "n2", 0), entries(2, 2, 4))));
            SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 1, false);
            all.addAll(step(() -> store.save(new Snapshot(3, 2, new byte[100]))));

            assertTrue(all.stream().anyMatch(e -> e.step() == Step.WRITE), "the probe sees the writes: " + all);
            assertTrue(all.stream().anyMatch(e -> e.step() == Step.RENAME), "and the renames: " + all);
            assertFalse(all.stream().anyMatch(e -> e.step() == Step.FORCE), "but no force: " + all);
        }
    }

    /**
     * Every file written in {@code step} is forced after its last write; a renamed file is forced
     * before the rename, and its directory after the rename and before the file is next touched.
     */
    private static void assertDurable(List<Event> step) {
        for (int i = 0; i < step.size(); i++) {
            Event e = step.get(i);
            if (e.step() == Step.WRITE && lastIndexOf(step, Step.WRITE, e.path()) == i) {
                Path tmp = e.path();
                int forced = indexOf(step, Step.FORCE, tmp, i + 1);
                int renamed = renameOf(step, tmp, i + 1);
                if (forced < 0 || (renamed >= 0 && forced > renamed)) {
                    fail(tmp.getFileName() + " was written and not forced" + (renamed >= 0 ? " before its rename" : "")
                            + ": " + step);
                }
            }
            if (e.step() == Step.RENAME) {
                int dirForced = indexOf(step, Step.FORCE, e.path().getParent(), i + 1);
                int nextUse = nextUse(step, e.path(), i + 1);
                if (dirForced < 0 || (nextUse >= 0 && dirForced > nextUse)) {
                    fail("the directory was not forced after renaming to "
                            + e.path().getFileName() + (nextUse >= 0 ? " and before using it" : "") + ": " + step);
                }
            }
        }
    }

    private static void assertBefore(List<Event> step, Event earlier, Event later) {
        int a = step.indexOf(earlier);
        int b = step.indexOf(later);
        assertTrue(a >= 0 && b >= 0 && a < b, earlier + " must come before " + later + ": " + step);
    }

    private static int indexOf(List<Event> step, Step kind, Path path, int from) {
        for (int i = from; i < step.size(); i++) {
            if (step.get(i).equals(new Event(kind, path))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<Event> step, Step kind, Path path) {
        return step.lastIndexOf(new Event(kind, path));
    }

    /** The rename of the temporary file {@code tmp} ({@code name.tmp}) to its final name, or -1. */
    private static int renameOf(List<Event> step, Path tmp, int from) {
        String name = tmp.getFileName().toString();
        if (!name.endsWith(".tmp")) {
            return -1;
        }
        return indexOf(step, Step.RENAME, tmp.resolveSibling(name.substring(0, name.length() - 4)), from);
    }

    private static int nextUse(List<Event> step, Path path, int from) {
        for (int i = from; i < step.size(); i++) {
            if (step.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }
}
