package io.raftkv.server.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A captured state is exactly the state at its index, however applies go on after the capture. */
class KvStateMachineCaptureTest {
    private static final int SESSIONS = 4;

    /** Random commands over a few keys and clients, with and without sessions. */
    private static List<byte[]> randomEntries(Random random, int count) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int k = random.nextInt(12);
            String key = "k" + k;
            String other = "k" + (k + 1 + random.nextInt(11)) % 12;
            Command.Op op =
                    switch (random.nextInt(6)) {
                        case 0, 1 -> new Command.Put(key, "v" + i);
                        case 2 -> new Command.Append(key, "+" + i);
                        case 3 -> new Command.Cas(key, random.nextBoolean() ? null : "v" + (i - 1), "v" + i);
                        case 4 -> new Command.PutAll(Map.of(key, "p" + i, other, "q" + i));
                        default -> new Command.Delete(key);
                    };
            String client = "c" + random.nextInt(6);
            long seq = 1 + random.nextInt(i / 3 + 1);
            entries.add(Codec.encode(random.nextBoolean() ? new Command(client, seq, op) : Command.of(op)));
        }
        return entries;
    }

    /** A fresh state machine that applied {@code entries[0, upTo)}. */
    private static KvStateMachine replay(List<byte[]> entries, int upTo) {
        KvStateMachine kv = new KvStateMachine(SESSIONS);
        for (int i = 0; i < upTo; i++) {
            kv.apply(i + 1, entries.get(i));
        }
        return kv;
    }

    @Test
    void theImageHoldsTheStateAtItsIndexWhileApplyingGoesOn() throws Exception {
        KvStateMachine kv = new KvStateMachine(SESSIONS);
        kv.apply(1, Codec.encode(new Command("c1", 1, new Command.Put("a", "1"))));
        kv.apply(2, Codec.encode(Command.of(new Command.Put("b", "2"))));
        KvStateMachine.Image image = kv.capture();
        byte[] retryAfter = Codec.encode(new Command("c2", 1, new Command.Put("a", "changed")));
        kv.apply(3, retryAfter);
        kv.apply(4, Codec.encode(Command.of(new Command.Delete("b"))));
        kv.apply(5, Codec.encode(Command.of(new Command.Put("c", "3"))));
        assertEquals("changed", kv.get("a"));

        KvStateMachine restored = KvStateMachine.restore(image.encode(), SESSIONS);
        image.release();
        assertEquals(2, restored.appliedIndex());
        assertEquals(2, restored.size());
        assertEquals("1", restored.get("a"));
        assertEquals("2", restored.get("b"));
        assertEquals(null, restored.get("c"));
        assertEquals(1, restored.sessionCount(), "c2's session began after the capture");
        // c2's request is not known to the image, so applying it there takes effect.
        assertEquals(
                new Result.Written("changed"), restored.apply(3, retryAfter).result());
        assertEquals(2, kv.size());
        assertEquals(null, kv.get("b"));
    }

    @Test
    void writesHeldDuringACaptureFoldBackAFewPerAppliedEntry() {
        KvStateMachine kv = new KvStateMachine(SESSIONS);
        long index = 0;
        KvStateMachine.Image image = kv.capture();
        for (int i = 0; i < 100; i++) {
            kv.apply(++index, Codec.encode(Command.of(new Command.Put("k" + i, "v" + i))));
        }
        assertTrue(kv.folding());
        image.release();
        int entries = 0;
        while (kv.folding()) {
            kv.applyNoop(++index);
            entries++;
        }
        assertEquals(100 / LayeredMap.FOLD_PER_STEP, entries);
        for (int i = 0; i < 100; i++) {
            assertEquals("v" + i, kv.get("k" + i));
        }
    }

    @Test
    void imagesEqualTheSnapshotsOfReplicasThatStoppedAtTheirIndexes() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            List<byte[]> entries = randomEntries(random, 300);
            KvStateMachine kv = new KvStateMachine(SESSIONS);
            Map<Integer, KvStateMachine.Image> open = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                kv.apply(i + 1, entries.get(i));
                if (random.nextInt(25) == 0) {
                    open.put(i + 1, kv.capture());
                }
                if (!open.isEmpty() && random.nextInt(20) == 0) {
                    int at = List.copyOf(open.keySet()).get(random.nextInt(open.size()));
                    checkAndRelease(open.remove(at), entries, at, "seed " + seed);
                }
            }
            for (var e : open.entrySet()) {
                checkAndRelease(e.getValue(), entries, e.getKey(), "seed " + seed);
            }
            assertArrayEquals(replay(entries, entries.size()).snapshot(), kv.snapshot(), "seed " + seed);
        }
    }

    private static void checkAndRelease(KvStateMachine.Image image, List<byte[]> entries, int at, String seed) {
        assertEquals(at, image.appliedIndex(), seed);
        assertArrayEquals(replay(entries, at).snapshot(), image.encode(), seed + " index " + at);
        image.release();
    }

    @Test
    void getsMatchAHashMapUnderRandomPutsDeletesCasAndSnapshots() {
        for (long seed = 1; seed <= 100; seed++) {
            Random random = new Random(seed);
            KvStateMachine kv = new KvStateMachine(SESSIONS);
            Map<String, String> model = new HashMap<>();
            List<KvStateMachine.Image> open = new ArrayList<>();
            for (long i = 1; i <= 500; i++) {
                String key = "k" + random.nextInt(20);
                String at = "seed " + seed + " index " + i;
                int op = random.nextInt(10);
                if (op < 4) {
                    kv.apply(i, Codec.encode(Command.of(new Command.Put(key, "v" + i))));
                    model.put(key, "v" + i);
                } else if (op < 6) {
                    Result r = kv.apply(i, Codec.encode(Command.of(new Command.Delete(key))))
                            .result();
                    assertEquals(new Result.Deleted(model.remove(key) != null), r, at);
                } else if (op < 8) {
                    String expected = random.nextBoolean() ? null : model.get(key);
                    Result r = kv.apply(i, Codec.encode(Command.of(new Command.Cas(key, expected, "c" + i))))
                            .result();
                    if (java.util.Objects.equals(model.get(key), expected)) {
                        model.put(key, "c" + i);
                        assertEquals(new Result.Written("c" + i), r, at);
                    } else {
                        assertEquals(new Result.CasMismatch(model.get(key)), r, at);
                    }
                } else if (op < 9) {
                    kv.applyNoop(i);
                    open.add(kv.capture());
                } else {
                    kv.applyNoop(i);
                    if (!open.isEmpty()) {
                        open.remove(random.nextInt(open.size())).release();
                    }
                }
                assertEquals(model.get(key), kv.get(key), at);
                assertEquals(model.size(), kv.size(), at);
            }
            for (int k = 0; k < 20; k++) {
                assertEquals(model.get("k" + k), kv.get("k" + k), "seed " + seed);
            }
        }
    }

    @Test
    void anImageEncodesOnAnotherThreadWhileApplyingGoesOn() throws Exception {
        Random random = new Random(7);
        List<byte[]> entries = randomEntries(random, 20_000);
        KvStateMachine kv = replay(entries, 10_000);
        byte[] expected = kv.snapshot();
        KvStateMachine.Image image = kv.capture();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> encoded = worker.submit(() -> image.encode());
            for (int i = 10_000; i < entries.size(); i++) {
                kv.apply(i + 1, entries.get(i));
            }
            assertArrayEquals(expected, encoded.get());
            image.release();
        } finally {
            worker.shutdown();
        }
        assertArrayEquals(replay(entries, entries.size()).snapshot(), kv.snapshot());
    }
}
