package io.raftkv.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.raft.Entry;
import io.raftkv.server.raft.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized crash model: after some completed (fsynced) persist calls, one more call is cut short
 * by a crash at a random byte after the last synced point (the bytes after it never reached the
 * disk, and segment files it would have created next do not exist). Recovery must return exactly
 * everything persisted before the crash plus a prefix of the interrupted call, and must then go on
 * working. A failing seed is printed and replays.
 *
 * <p>The crash is applied to the files directly, so fsync plays no part here and is switched off to
 * run more cases; the forcing order itself is argued in {@code package-info}.
 */
class CrashModelTest {
    static final StorageOptions SMALL = FileRaftStorageTest.SMALL.unsafeNoFsync();
    static final int SEEDS = 40;
    static final int CRASHES_PER_SEED = 25;

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

    @Test
    void recoveryKeepsEverythingSyncedAndAPrefixOfTheInterruptedCall() throws IOException {
        for (long seed = 0; seed < SEEDS; seed++) {
            try {
                run(seed);
            } catch (AssertionError | IOException | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private void run(long seed) throws IOException {
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("seed" + seed);
        List<Entry> model = new ArrayList<>();
        HardState hs = HardState.EMPTY;
        for (int crash = 0; crash < CRASHES_PER_SEED; crash++) {
            List<Entry> newEntries;
            List<FileRaftStorage.Position> positions = new ArrayList<>();
            try (FileRaftStorage s = new FileRaftStorage(dir, SMALL)) {
                RaftStorage.Recovered r = s.load();
                assertEquals(model, r.entries(), "log after crash " + crash);
                assertEquals(hs, r.hardState(), "hard state after crash " + crash);
                if (!model.isEmpty()) {
                    assertTrue(model.getLast().term() <= hs.term(), "log term above the current term");
                }
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    List<Entry> batch = nextBatch(rnd, model, hs);
                    hs = new HardState(
                            Math.max(hs.term(), batch.getLast().term()),
                            rnd.nextBoolean() ? null : "n" + rnd.nextInt(3),
                            Math.max(hs.commit(), rnd.nextLong(model.size() + 1)));
                    s.persist(hs, batch);
                }
                newEntries = nextBatch(rnd, model, hs);
                long first = newEntries.getFirst().index();
                // the interrupted call: its entries replace the model's suffix only as far as they survive;
                // its new term and vote, written first, survive whole
                model.subList((int) first - 1, model.size()).clear();
                hs = new HardState(Math.max(hs.term(), newEntries.getLast().term()), "n" + rnd.nextInt(3), hs.commit());
                s.persist(hs, newEntries);
                for (Entry e : newEntries) {
                    positions.add(s.position(e.index()));
                }
            }
            model.addAll(newEntries.subList(0, crashAfter(rnd, dir, newEntries, positions)));
        }
    }

    /**
     * Applies {@code batch} to the model and returns it: an append at the end, or (sometimes) a
     * suffix replacement above the commit index with a higher term, like a new leader's.
     */
    private static List<Entry> nextBatch(Random rnd, List<Entry> model, HardState hs) {
        long last = model.size();
        long lastTerm = model.isEmpty() ? 1 : model.getLast().term();
        long first = last + 1;
        long term = lastTerm;
        if (last > hs.commit() && rnd.nextInt(4) == 0) {
            first = hs.commit() + 1 + rnd.nextLong(last - hs.commit());
            term = lastTerm + 1;
        }
        List<Entry> batch = Logs.random(rnd, term, first, first + rnd.nextInt(10), 250);
        model.subList((int) first - 1, model.size()).clear();
        model.addAll(batch);
        return batch;
    }

    /**
     * Cuts the directory at a random byte between the first record of {@code batch} and the end of
     * the log, removing segment files after the cut. Returns how many records of {@code batch} are
     * wholly before the cut.
     */
    private static int crashAfter(Random rnd, Path dir, List<Entry> batch, List<FileRaftStorage.Position> pos)
            throws IOException {
        List<Path> files = Logs.segments(dir);
        int firstFile = files.indexOf(pos.getFirst().segment());
        int cutFile = firstFile + rnd.nextInt(files.size() - firstFile);
        Path file = files.get(cutFile);
        long from = cutFile == firstFile ? pos.getFirst().offset() : WalRecord.SEGMENT_HEADER_BYTES;
        long cut = from + rnd.nextLong(Files.size(file) - from + 1);
        Logs.truncate(file, cut);
        for (Path later : files.subList(cutFile + 1, files.size())) {
            Files.delete(later);
        }
        int survivors = 0;
        for (int j = 0; j < batch.size(); j++) {
            int f = files.indexOf(pos.get(j).segment());
            long end = pos.get(j).offset() + WalRecord.size(batch.get(j));
            if (f < cutFile || (f == cutFile && end <= cut)) {
                survivors++;
            }
        }
        return survivors;
    }
}
