package io.raftkv.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.raftkv.server.kv.Codec;
import io.raftkv.server.kv.Command;
import io.raftkv.server.kv.KvStateMachine;
import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.Membership;
import io.raftkv.server.raft.Snapshot;
import io.raftkv.server.storage.FileRaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a node fits its latest snapshot and its stored log together at start-up (§7). */
class SnapshotFilesTest {
    @TempDir
    Path dir;

    private static byte[] put(long i) {
        return Codec.encode(new Command(null, 0, new Command.Put("k" + i, "v" + i)));
    }

    private static List<Entry> entries(long term, long from, long to) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new Entry(term, i, EntryType.NORMAL, put(i)));
        }
        return out;
    }

    /** The state machine's snapshot after applying puts 1..index. */
    private static Snapshot snapshot(long index, long term) {
        KvStateMachine kv = new KvStateMachine(10);
        for (long i = 1; i <= index; i++) {
            kv.apply(i, put(i));
        }
        return Snapshot.of(index, term, Membership.ofVoters(List.of("n1")), kv.snapshot());
    }

    /** Writes the log and the snapshot as a node would have left them, then closes both. */
    private void given(long term, List<Entry> log, Snapshot snapshot) throws IOException {
        try (FileRaftStorage storage = new FileRaftStorage(dir.resolve("log"), StorageOptions.DEFAULT)) {
            storage.load();
            storage.persist(new HardState(term, null, 0), log);
        }
        if (snapshot != null) {
            store().save(snapshot);
        }
    }

    private SnapshotStore store() throws IOException {
        return new SnapshotStore(dir.resolve("snapshots"), 2, true);
    }

    private interface WithFiles {
        void run(SnapshotFiles files, FileRaftStorage storage) throws IOException;
    }

    private void open(WithFiles body) throws IOException {
        try (FileRaftStorage storage = new FileRaftStorage(dir.resolve("log"), StorageOptions.DEFAULT)) {
            body.run(new SnapshotFiles(store(), storage, 10), storage);
        }
    }

    @Test
    void withoutASnapshotTheWholeLogIsReplayed() throws IOException {
        given(1, entries(1, 1, 5), null);
        open((files, storage) -> {
            SnapshotFiles.Start start = files.recover();
            assertNull(start.snapshot());
            assertEquals(entries(1, 1, 5), start.log());
            assertEquals(0, start.kv().appliedIndex());
        });
    }

    @Test
    void aLogThatContinuesTheSnapshotKeepsOnlyItsTail() throws IOException {
        given(1, entries(1, 1, 10), snapshot(6, 1));
        open((files, storage) -> {
            SnapshotFiles.Start start = files.recover();
            assertEquals(6, start.snapshot().index());
            assertEquals(entries(1, 7, 10), start.log());
            assertEquals(6, start.kv().appliedIndex());
            assertEquals("v6", start.kv().get("k6"));
            assertNull(start.kv().get("k7"));
        });
    }

    @Test
    void anOldLogThatConflictsWithAnInstalledSnapshotIsDiscarded() throws IOException {
        // A crash after a leader's snapshot was stored but before the old log was reset.
        given(2, entries(1, 1, 10), snapshot(8, 2));
        open((files, storage) -> {
            SnapshotFiles.Start start = files.recover();
            assertEquals(List.of(), start.log());
            assertEquals(8, start.kv().appliedIndex());
            storage.persist(null, entries(2, 9, 9)); // the log continues right after the snapshot
        });
        open((files, storage) -> assertEquals(entries(2, 9, 9), files.recover().log()));
    }

    @Test
    void aLogEndingBeforeTheSnapshotIsDiscarded() throws IOException {
        given(1, entries(1, 1, 3), snapshot(8, 1));
        open((files, storage) -> {
            assertEquals(List.of(), files.recover().log());
            assertEquals(9, storage.lastIndex() + 1);
        });
    }

    @Test
    void anInstalledSnapshotReplacesTheLogAndSurvivesARestart() throws IOException {
        given(3, entries(1, 1, 10), null);
        open((files, storage) -> {
            files.recover();
            KvStateMachine kv = files.install(snapshot(20, 3));
            assertEquals(20, kv.appliedIndex());
            assertEquals("v20", kv.get("k20"));
            storage.persist(null, entries(3, 21, 22));
        });
        open((files, storage) -> {
            SnapshotFiles.Start start = files.recover();
            assertEquals(20, start.snapshot().index());
            assertEquals(entries(3, 21, 22), start.log());
            assertEquals("v20", start.kv().get("k20"));
        });
    }

    @Test
    void aFollowerKilledWhileInstallingASnapshotStartsAgain() throws IOException {
        // Killed after the leader's snapshot was stored and the old segments deleted, before the
        // new empty segment was renamed into place: the stored commit index is past the end of
        // the log (there is none), and the snapshot's term is above the stored term.
        try (FileRaftStorage storage = new FileRaftStorage(dir.resolve("log"), StorageOptions.DEFAULT)) {
            storage.load();
            storage.persist(new HardState(1, "n1", 0), entries(1, 1, 10));
            storage.persist(new HardState(1, "n1", 8), List.of());
        }
        store().save(snapshot(20, 2));
        try (var wal = Files.newDirectoryStream(dir.resolve("log"), "*.wal")) {
            for (Path p : wal) {
                Files.delete(p);
            }
        }
        for (int start = 0; start < 2; start++) {
            open((files, storage) -> {
                SnapshotFiles.Start recovered = files.recover();
                assertEquals(20, recovered.snapshot().index());
                assertEquals(List.of(), recovered.log());
                assertEquals(new HardState(2, null, 8), recovered.hardState());
                assertEquals(20, storage.lastIndex());
            });
        }
        open((files, storage) -> {
            files.recover();
            storage.persist(new HardState(2, null, 21), entries(2, 21, 21));
        });
        open((files, storage) ->
                assertEquals(entries(2, 21, 21), files.recover().log()));
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToTheOlderOneAndTheLogAfterIt() throws IOException {
        given(1, entries(1, 1, 30), snapshot(10, 1));
        store().save(snapshot(20, 1));
        open((files, storage) -> {
            files.recover();
            assertEquals(10, files.compactableIndex(), "the log is kept after the oldest snapshot");
            storage.compact(files.compactableIndex());
        });
        Path newest = dir.resolve("snapshots").resolve(String.format("%020d-%020d.snap", 20, 1));
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 1;
        Files.write(newest, b);
        open((files, storage) -> {
            SnapshotFiles.Start start = files.recover();
            assertEquals(10, start.snapshot().index());
            assertEquals(entries(1, 11, 30), start.log());
            assertEquals("v10", start.kv().get("k10"));
        });
    }
}
