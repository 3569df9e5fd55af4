package io.raftkv.server.node;

import static io.raftkv.server.node.CrashScenario.entries;
import static io.raftkv.server.node.CrashScenario.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.EntryType;
import io.raftkv.server.raft.HardState;
import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.RaftCore;
import io.raftkv.server.storage.CrashStates;
import io.raftkv.server.storage.FileOpRecorder;
import io.raftkv.server.storage.FileRaftStorage;
import io.raftkv.server.storage.SnapshotStore;
import io.raftkv.server.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash points of the storage layer, after ALICE and CrashMonkey. Each scenario drives the log, the
 * hard state and the snapshots as a node does, and records every file step ({@link
 * FileOpRecorder}). Then, for every prefix of those steps, each state a power loss there could leave
 * ({@link CrashStates}: forced data kept, unforced data kept or lost, the last write torn) is built
 * in a fresh directory and recovered as a node starts ({@link SnapshotFiles#recover()}), and
 * checked (the data directory, with the snapshots inside it, laid out as the server does):
 * recovery, and the start of the Raft core on what it returns, do not throw; everything acknowledged (every storage call that returned) is
 * there, apart from what the call in flight was replacing; the commit index is within the log or
 * the snapshot; and every entry up to it is the committed one.
 */
class StorageCrashPointTest {
    private static final StorageOptions SMALL = StorageOptions.DEFAULT.withSegmentBytes(1024);
    private static final StorageOptions LARGE = StorageOptions.DEFAULT.withSegmentBytes(1 << 20);

    @TempDir
    Path tmp;

    private static int explored;

    @BeforeAll
    static void quiet() {
        setLevel(ch.qos.logback.classic.Level.ERROR);
    }

    @AfterAll
    static void loud() {
        setLevel(null);
        System.out.println("StorageCrashPointTest: " + explored + " crash states explored");
    }

    private static void setLevel(ch.qos.logback.classic.Level level) {
        for (Class<?> c : List.of(FileRaftStorage.class, SnapshotStore.class, SnapshotFiles.class)) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(c)).setLevel(level);
        }
    }

    @Test
    void appendsAcrossSegments() throws IOException {
        check("appends", SMALL, s -> {
            s.persist(new HardState(1, "n1", 0), entries(1, 1, 3, 40));
            s.persist(new HardState(1, "n1", 2), entries(1, 4, 30, 40));
            s.persist(new HardState(1, "n1", 25), List.of());
            s.persist(new HardState(2, "n2", 25), entries(2, 31, 33, 40));
        });
    }

    @Test
    void aLargeBatchTornAtEveryPage() throws IOException {
        check("large batch", LARGE, s -> {
            s.persist(new HardState(1, "n1", 0), entries(1, 1, 2, 100));
            s.persist(new HardState(1, "n1", 2), entries(1, 3, 20, 1500));
        });
    }

    @Test
    void aTermChangeAndATruncationInOneBatch() throws IOException {
        check("term change and truncation", SMALL, s -> {
            s.persist(new HardState(1, "n1", 0), entries(1, 1, 30, 40));
            s.persist(new HardState(1, "n1", 4), List.of());
            // A new leader's entries replace 6..30 and its commit covers some of them at once.
            s.persist(new HardState(2, null, 12), entries(2, 6, 14, 40));
            s.persist(new HardState(3, "n3", 12), entries(3, 13, 15, 40));
        });
    }

    @Test
    void aSnapshotInstall() throws IOException {
        check("snapshot install", SMALL, s -> {
            s.persist(new HardState(1, "n1", 0), entries(1, 1, 30, 40));
            s.persist(new HardState(1, "n1", 25), List.of());
            s.install(snapshot(40, 2));
            s.persist(new HardState(2, null, 40), entries(2, 41, 42, 40));
            s.persist(new HardState(2, null, 42), List.of());
        });
    }

    @Test
    void snapshotsAndCompaction() throws IOException {
        check("compaction", SMALL, s -> {
            s.persist(new HardState(1, "n1", 0), entries(1, 1, 40, 40));
            s.persist(new HardState(1, "n1", 35), List.of());
            s.save(snapshot(30, 1));
            s.compact();
            s.persist(new HardState(1, "n1", 45), entries(1, 41, 50, 40));
            s.save(snapshot(45, 1));
            s.compact();
            s.save(snapshot(48, 1));
            s.compact();
        });
    }

    @Test
    void randomHistories() throws IOException {
        for (long seed = 1; seed <= 5; seed++) {
            Random rnd = new Random(seed);
            check("random history " + seed, SMALL, s -> randomHistory(rnd, s, 25));
        }
    }

    /**
     * A history a follower could store: appends, commit advances, new leaders replacing an
     * uncommitted suffix, votes, snapshots with compaction, and leaders' snapshots installed.
     */
    private static void randomHistory(Random rnd, CrashScenario s, int steps) throws IOException {
        s.persist(new HardState(1, "n1", 0), entries(1, 1, 1 + rnd.nextInt(10), 40));
        for (int step = 0; step < steps; step++) {
            long last = s.lastIndex();
            long commit = s.commit;
            switch (rnd.nextInt(7)) {
                case 0, 1 -> {
                    long newLast = last + 1 + rnd.nextInt(15);
                    long newCommit = commit + rnd.nextLong(newLast - commit + 1);
                    s.persist(new HardState(s.term, s.vote, newCommit), entries(s.term, last + 1, newLast, 40));
                }
                case 2 -> {
                    long term = s.term + 1;
                    long from = commit + 1 + rnd.nextLong(last - commit + 1);
                    long newLast = from + rnd.nextInt(10);
                    long newCommit = commit + rnd.nextLong(newLast - commit + 1);
                    String vote = rnd.nextBoolean() ? null : "n" + rnd.nextInt(3);
                    s.persist(new HardState(term, vote, newCommit), entries(term, from, newLast, 40));
                }
                case 3 -> s.persist(new HardState(s.term, s.vote, commit + rnd.nextLong(last - commit + 1)), List.of());
                case 4 -> s.persist(new HardState(s.term + 1, "n" + rnd.nextInt(3), commit), List.of());
                case 5 -> {
                    if (commit > s.snapshot) {
                        s.save(snapshot(commit, s.log.get(commit).term()));
                        s.compact();
                    }
                }
                default -> {
                    long index = last + 1 + rnd.nextInt(10);
                    long term = s.term + rnd.nextInt(2);
                    s.install(snapshot(index, term));
                    s.persist(new HardState(term, term == s.term ? s.vote : null, index), List.of());
                }
            }
        }
    }

    private interface Body {
        void run(CrashScenario s) throws IOException;
    }

    private void check(String name, StorageOptions options, Body body) throws IOException {
        Path root = tmp.resolve(name.replace(' ', '-'));
        Files.createDirectories(root);
        CrashScenario scenario;
        List<FileOpRecorder.FileOp> ops;
        try (FileOpRecorder recorder = new FileOpRecorder(root)) {
            scenario = new CrashScenario(root, options, recorder);
            try {
                body.run(scenario);
            } finally {
                scenario.storage.close();
            }
            ops = recorder.ops();
        }
        Path work =
                Files.isDirectory(Path.of("/dev/shm")) ? Files.createTempDirectory(Path.of("/dev/shm"), "crash") : tmp;
        CrashStates fs = new CrashStates();
        Set<String> seen = new HashSet<>();
        int states = 0;
        int acks = 0;
        try {
            for (int p = 0; p <= ops.size(); p++) {
                if (p > 0) {
                    fs.apply(ops.get(p - 1));
                }
                while (acks < scenario.acked.size() && scenario.acked.get(acks).ops() <= p) {
                    acks++;
                }
                if (acks == 0) {
                    continue; // before the node first started: nothing was promised yet
                }
                CrashScenario.Acked before = scenario.acked.get(acks - 1);
                CrashScenario.Acked inFlight = acks < scenario.acked.size() ? scenario.acked.get(acks) : before;
                for (CrashStates.State state : fs.crashStates()) {
                    if (!seen.add(acks + "|" + state.key())) {
                        continue; // the same state, judged against the same promises
                    }
                    Path dir = work.resolve("s" + states++);
                    Files.createDirectories(dir);
                    state.materialize(dir);
                    String where = name + ": crash after step " + p + " of " + ops.size() + " ("
                            + (p == 0 ? "start" : ops.get(p - 1)) + "), state "
                            + state.files().keySet();
                    try {
                        recoverAndCheck(dir, options, before, inFlight, scenario.committed);
                    } catch (AssertionError | IOException | RuntimeException e) {
                        throw new AssertionError(where + ": " + e, e);
                    }
                    deleteTree(dir);
                }
            }
        } finally {
            if (!work.equals(tmp)) {
                deleteTree(work);
            }
        }
        assertTrue(states >= 2, name + ": explored only " + states + " states for " + ops.size() + " steps");
        synchronized (StorageCrashPointTest.class) {
            explored += states;
        }
        System.out.println(name + ": " + ops.size() + " file steps, " + states + " crash states");
    }

    private static void recoverAndCheck(
            Path dir,
            StorageOptions options,
            CrashScenario.Acked before,
            CrashScenario.Acked inFlight,
            Map<Long, Entry> committed)
            throws IOException {
        try (FileRaftStorage storage = new FileRaftStorage(dir.resolve("data"), options)) {
            SnapshotStore store = new SnapshotStore(dir.resolve("data").resolve("snapshots"), 2, true);
            SnapshotFiles.Start start = new SnapshotFiles(store, storage, 10).recover();
            HardState hs = start.hardState();
            long snap = start.snapshot() == null ? 0 : start.snapshot().index();
            assertTrue(
                    snap == before.snapshot() || snap == inFlight.snapshot(),
                    "snapshot " + snap + ", acknowledged " + before.snapshot() + ", next " + inFlight.snapshot());
            boolean acknowledgedVote = hs.term() == before.term() && Objects.equals(hs.votedFor(), before.vote());
            boolean nextVote = hs.term() == inFlight.term() && Objects.equals(hs.votedFor(), inFlight.vote());
            // a leader's snapshot stored before the term that came with it: its term, and no vote
            boolean snapshotTerm = start.snapshot() != null
                    && hs.term() == start.snapshot().term()
                    && hs.term() > before.term()
                    && hs.votedFor() == null;
            assertTrue(
                    acknowledgedVote || nextVote || snapshotTerm,
                    "term and vote " + hs + " are neither the acknowledged " + before.term() + "/" + before.vote()
                            + " nor the next " + inFlight.term() + "/" + inFlight.vote());
            assertEquals(snap, start.kv().appliedIndex(), "state machine restored from the snapshot");
            long expected = snap + 1;
            for (Entry e : start.log()) {
                assertEquals(expected++, e.index(), "the log continues the snapshot without a gap");
                assertTrue(
                        e.equals(before.log().get(e.index()))
                                || e.equals(inFlight.log().get(e.index())),
                        "entry " + e + " was never written there");
            }
            long last = expected - 1;
            Map<Long, Entry> recovered = new TreeMap<>();
            start.log().forEach(e -> recovered.put(e.index(), e));
            for (Entry e : before.log().tailMap(snap, false).values()) {
                if (e.equals(inFlight.log().get(e.index()))) {
                    assertEquals(e, recovered.get(e.index()), "acknowledged entry " + e.index() + " lost");
                }
            }
            assertTrue(hs.commit() <= last, "commit " + hs.commit() + " beyond the last index " + last);
            for (long i = snap + 1; i <= hs.commit(); i++) {
                assertEquals(committed.get(i), recovered.get(i), "entry " + i + " under commit " + hs.commit());
            }
            // and the node goes on: its Raft core starts from what was recovered, and the next entry is
            // accepted
            new RaftCore(
                    RaftConfig.of("n1", List.of("n1", "n2", "n3")), hs, start.snapshot(), start.log(), new Random(1));
            storage.persist(null, List.of(new Entry(Math.max(hs.term(), 1), last + 1, EntryType.NOOP, new byte[0])));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
