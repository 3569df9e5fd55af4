package io.raftkv.server.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path dir;

    private static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void anEmptyStoreHasNoSnapshot() throws IOException {
        assertEquals(Optional.empty(), new SnapshotStore(dir, 2, true).loadLatest());
    }

    @Test
    void theLatestSnapshotIsLoadedAndOldOnesArePruned() throws IOException {
        SnapshotStore store = new SnapshotStore(dir, 2, true);
        store.save(new Snapshot(10, 1, random(1, 100)));
        store.save(new Snapshot(250, 3, random(2, 5000)));
        store.save(new Snapshot(900, 4, random(3, 0)));
        store.save(new Snapshot(1200, 4, random(4, 70_000)));
        assertEquals(
                List.of(new SnapshotMeta(900, 4, 0), new SnapshotMeta(1200, 4, 70_000)),
                new SnapshotStore(dir, 2, true).list());
        Snapshot s = new SnapshotStore(dir, 2, true).loadLatest().orElseThrow();
        assertEquals(new Snapshot(1200, 4, random(4, 70_000)), s);
    }

    @Test
    void aSnapshotWrittenInChunksCanBeReadBackInChunks() throws IOException {
        SnapshotStore store = new SnapshotStore(dir, 1, true);
        byte[] data = random(5, 10_000);
        SnapshotMeta meta;
        try (SnapshotStore.Writer w = store.create(77, 2)) {
            for (int off = 0; off < data.length; off += 1024) {
                assertEquals(off, w.size());
                w.write(data, off, Math.min(1024, data.length - off));
            }
            meta = w.commit();
        }
        assertEquals(new SnapshotMeta(77, 2, 10_000), meta);
        byte[] back = new byte[data.length];
        for (int off = 0; off < data.length; off += 3000) {
            byte[] chunk = store.readChunk(meta, off, 3000);
            System.arraycopy(chunk, 0, back, off, chunk.length);
        }
        assertArrayEquals(data, back);
        assertEquals(0, store.readChunk(meta, data.length, 100).length);
    }

    @Test
    void anUncommittedSnapshotLeavesNothingBehind() throws IOException {
        SnapshotStore store = new SnapshotStore(dir, 2, true);
        store.save(new Snapshot(5, 1, random(6, 10)));
        try (SnapshotStore.Writer w = store.create(9, 1)) {
            w.write(new byte[100], 0, 100);
        }
        assertEquals(5, store.loadLatest().orElseThrow().index());
        assertEquals(1, files().size());
    }

    @Test
    void aTemporaryFileLeftByACrashIsRemovedAndIgnored() throws IOException {
        new SnapshotStore(dir, 2, true).save(new Snapshot(5, 1, random(7, 10)));
        Files.write(dir.resolve(SnapshotStore.fileName(9, 1) + ".tmp"), new byte[50]);
        SnapshotStore store = new SnapshotStore(dir, 2, true);
        assertEquals(5, store.loadLatest().orElseThrow().index());
        assertEquals(1, files().size());
    }

    @Test
    void aDamagedSnapshotIsAnErrorNamingTheFile() throws IOException {
        SnapshotStore store = new SnapshotStore(dir, 2, true);
        store.save(new Snapshot(5, 1, random(8, 1000)));
        Path file = dir.resolve(SnapshotStore.fileName(5, 1));
        Logs.flipByte(file, SnapshotStore.HEADER_BYTES + 500);
        CorruptLogException e = assertThrows(CorruptLogException.class, store::loadLatest);
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        store.save(new Snapshot(6, 1, random(9, 1000)));
        Path next = dir.resolve(SnapshotStore.fileName(6, 1));
        Logs.truncate(next, Files.size(next) - 1);
        assertEquals(
                next, assertThrows(CorruptLogException.class, store::loadLatest).file());

        store.save(new Snapshot(7, 1, random(10, 1000)));
        Logs.flipByte(dir.resolve(SnapshotStore.fileName(7, 1)), 12);
        assertTrue(assertThrows(CorruptLogException.class, store::loadLatest)
                .getMessage()
                .contains("header checksum"));
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToTheOlderOneKept() throws IOException {
        SnapshotStore store = new SnapshotStore(dir, 2, true);
        store.save(new Snapshot(5, 1, random(11, 1000)));
        store.save(new Snapshot(9, 2, random(12, 1000)));
        Path newest = dir.resolve(SnapshotStore.fileName(9, 2));
        Logs.flipByte(newest, SnapshotStore.HEADER_BYTES + 10);
        byte[] damaged = Files.readAllBytes(newest);

        assertEquals(new Snapshot(5, 1, random(11, 1000)), store.loadLatest().orElseThrow());
        assertArrayEquals(damaged, Files.readAllBytes(newest), "the damaged snapshot is left for inspection");
    }
}
