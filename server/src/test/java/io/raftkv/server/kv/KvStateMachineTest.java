package io.raftkv.server.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {
    private final KvStateMachine kv = new KvStateMachine(3);
    private long index;

    private Result apply(Command command) {
        return kv.apply(++index, Codec.encode(command)).result();
    }

    private Result apply(Command.Op op) {
        return apply(Command.of(op));
    }

    @Test
    void putGetDeleteAppend() {
        assertEquals(new Result.Written("1"), apply(new Command.Put("a", "1")));
        assertEquals("1", kv.get("a"));
        assertEquals(new Result.Written("1xy"), apply(new Command.Append("a", "xy")));
        assertEquals(new Result.Written("z"), apply(new Command.Append("fresh", "z")));
        assertEquals(new Result.Deleted(true), apply(new Command.Delete("a")));
        assertEquals(new Result.Deleted(false), apply(new Command.Delete("a")));
        assertNull(kv.get("a"));
        assertEquals(5, kv.appliedIndex());
    }

    @Test
    void casMatchesValueOrAbsence() {
        assertEquals(new Result.CasMismatch(null), apply(new Command.Cas("k", "x", "y")));
        assertNull(kv.get("k"));
        assertEquals(new Result.Written("1"), apply(new Command.Cas("k", null, "1")));
        assertEquals(new Result.CasMismatch("1"), apply(new Command.Cas("k", null, "2")));
        assertEquals(new Result.CasMismatch("1"), apply(new Command.Cas("k", "0", "2")));
        assertEquals(new Result.Written("2"), apply(new Command.Cas("k", "1", "2")));
        assertEquals("2", kv.get("k"));
    }

    @Test
    void putAllWritesEveryPair() {
        assertEquals(new Result.Done(), apply(new Command.PutAll(Map.of("u1", "batman", "u2", "robin"))));
        assertEquals("batman", kv.get("u1"));
        assertEquals("robin", kv.get("u2"));
    }

    @Test
    void retryOfAppliedRequestGetsFirstAnswerWithoutReapplying() {
        Command append = new Command("c1", 1, new Command.Append("log", "x"));
        assertEquals(new Result.Written("x"), apply(append));
        // The retry answers with the first attempt's entry index too.
        assertEquals(new KvStateMachine.Outcome(1, new Result.Written("x")), kv.apply(++index, Codec.encode(append)));
        assertEquals("x", kv.get("log"));

        Command cas = new Command("c1", 2, new Command.Cas("k", null, "v"));
        assertEquals(new Result.Written("v"), apply(cas));
        apply(new Command.Put("k", "other"));
        // The retry still answers success, as the first time, and does not overwrite.
        assertEquals(new Result.Written("v"), apply(cas));
        assertEquals("other", kv.get("k"));
    }

    @Test
    void lowerSequenceIsStale() {
        apply(new Command("c1", 5, new Command.Put("k", "5")));
        assertEquals(new Result.StaleSequence(5), apply(new Command("c1", 4, new Command.Put("k", "4"))));
        assertEquals("5", kv.get("k"));
        // Gaps are allowed: a client may give up on a sequence number.
        assertEquals(new Result.Written("9"), apply(new Command("c1", 9, new Command.Put("k", "9"))));
    }

    @Test
    void withoutSessionEveryCopyApplies() {
        Command append = Command.of(new Command.Append("log", "x"));
        apply(append);
        apply(append);
        assertEquals("xx", kv.get("log"));
    }

    @Test
    void fullTableEvictsLeastRecentlyActiveClient() {
        apply(new Command("a", 1, new Command.Append("k", "a")));
        apply(new Command("b", 1, new Command.Append("k", "b")));
        apply(new Command("c", 1, new Command.Append("k", "c")));
        // a becomes the most recently active, so b is the eldest when d arrives.
        apply(new Command("a", 2, new Command.Append("k", "a")));
        apply(new Command("d", 1, new Command.Append("k", "d")));
        assertEquals(3, kv.sessionCount());
        assertEquals("abcad", kv.get("k"));
        // a, c, d are remembered: their retries are deduplicated.
        apply(new Command("a", 2, new Command.Append("k", "a")));
        apply(new Command("c", 1, new Command.Append("k", "c")));
        apply(new Command("d", 1, new Command.Append("k", "d")));
        assertEquals("abcad", kv.get("k"));
        // b was evicted: its retry is refused, not applied again (§6.3), and so is any older seq.
        assertEquals(new Result.SessionExpired(1), apply(new Command("b", 1, new Command.Append("k", "b"))));
        assertEquals("abcad", kv.get("k"));
        // A new request of b (a higher seq) is applied and opens a session again.
        assertEquals(new Result.Written("abcadB"), apply(new Command("b", 2, new Command.Append("k", "B"))));
        assertEquals(new Result.Written("abcadB"), apply(new Command("b", 2, new Command.Append("k", "B"))));
    }

    @Test
    void seqReusedForAnotherOperationConflicts() {
        apply(new Command("c1", 1, new Command.Put("a", "1")));
        // Another kind of operation: the first answer (Written) must not be handed to a Delete.
        assertEquals(new Result.SessionConflict(1), apply(new Command("c1", 1, new Command.Delete("a"))));
        // The same kind on another key, or another value: nothing is written.
        assertEquals(new Result.SessionConflict(1), apply(new Command("c1", 1, new Command.Put("b", "1"))));
        assertEquals(new Result.SessionConflict(1), apply(new Command("c1", 1, new Command.Put("a", "2"))));
        assertNull(kv.get("b"));
        assertEquals("1", kv.get("a"));
        // The identical request is still a retry, and the session moves on as before.
        assertEquals(new Result.Written("1"), apply(new Command("c1", 1, new Command.Put("a", "1"))));
        assertEquals(new Result.Written("2"), apply(new Command("c1", 2, new Command.Put("a", "2"))));
    }

    @Test
    void snapshotKeepsWhatRequestsWereAndWhoWasEvicted() throws Exception {
        apply(new Command("a", 1, new Command.Put("x", "1")));
        apply(new Command("b", 4, new Command.Put("x", "2")));
        apply(new Command("c", 1, new Command.Put("x", "3")));
        apply(new Command("d", 1, new Command.Put("x", "4"))); // evicts a
        KvStateMachine copy = KvStateMachine.restore(kv.snapshot(), 3);
        assertArrayEquals(kv.snapshot(), copy.snapshot());
        long next = index + 1;
        assertEquals(
                new Result.SessionConflict(4),
                copy.apply(next, Codec.encode(new Command("b", 4, new Command.Put("y", "2"))))
                        .result());
        assertEquals(
                new Result.SessionExpired(1),
                copy.apply(next + 1, Codec.encode(new Command("a", 1, new Command.Put("x", "1"))))
                        .result());
    }

    @Test
    void replicasApplyingTheSameEntriesAgreeExactly() {
        Random random = new Random(42);
        KvStateMachine r1 = new KvStateMachine(4);
        KvStateMachine r2 = new KvStateMachine(4);
        for (long i = 1; i <= 2000; i++) {
            String key = "k" + random.nextInt(5);
            String client = "c" + random.nextInt(8);
            long seq = 1 + random.nextInt(20);
            Command.Op op =
                    switch (random.nextInt(4)) {
                        case 0 -> new Command.Put(key, "v" + i);
                        case 1 -> new Command.Append(key, "" + i);
                        case 2 -> new Command.Cas(key, random.nextBoolean() ? null : "v" + (i - 1), "v" + i);
                        default -> new Command.Delete(key);
                    };
            byte[] data = Codec.encode(random.nextBoolean() ? new Command(client, seq, op) : Command.of(op));
            assertEquals(r1.apply(i, data), r2.apply(i, data));
        }
        assertArrayEquals(r1.snapshot(), r2.snapshot());
    }

    @Test
    void snapshotRestoresMapSessionsAndRecency() throws Exception {
        apply(new Command("a", 1, new Command.Put("x", "1")));
        apply(new Command("b", 3, new Command.Cas("y", "no", "2")));
        apply(new Command("c", 1, new Command.Delete("x")));
        apply(new Command("a", 2, new Command.Put("z", "3")));
        KvStateMachine copy = KvStateMachine.restore(kv.snapshot(), 3);
        assertArrayEquals(kv.snapshot(), copy.snapshot());
        assertEquals(4, copy.appliedIndex());
        assertEquals("3", copy.get("z"));
        // The cached CAS mismatch answer survives, and b is still the eldest on both.
        byte[] retry = Codec.encode(new Command("b", 3, new Command.Cas("y", "no", "2")));
        assertEquals(new KvStateMachine.Outcome(2, new Result.CasMismatch(null)), copy.apply(5, retry));
        byte[] newcomer = Codec.encode(new Command("d", 1, new Command.Put("w", "4")));
        kv.apply(5, retry);
        kv.apply(6, newcomer);
        copy.apply(6, newcomer);
        assertArrayEquals(kv.snapshot(), copy.snapshot());
    }

    @Test
    void snapshotOfTheEarlierFormWithoutFingerprintsOrEvictionsStillRestores() throws Exception {
        // appliedIndex, one pair, one session (client, lastSeq, index, result) and nothing after.
        byte[] earlier = Codec.write(out -> {
            out.writeLong(1);
            out.writeInt(1);
            Codec.writeString(out, "k");
            Codec.writeString(out, "v");
            out.writeInt(1);
            Codec.writeString(out, "c1");
            out.writeLong(1);
            out.writeLong(1);
            Codec.writeResult(out, new Result.Written("v"));
        });
        KvStateMachine restored = KvStateMachine.restore(earlier, 3);
        assertEquals("v", restored.get("k"));
        // What the request was is unknown, so its retry is answered as before rather than refused.
        byte[] retry = Codec.encode(new Command("c1", 1, new Command.Put("k", "v")));
        assertEquals(new KvStateMachine.Outcome(1, new Result.Written("v")), restored.apply(2, retry));
    }

    @Test
    void undecodableEntryChangesNothing() {
        assertInstanceOf(Result.Invalid.class, kv.apply(1, new byte[] {7, 7}).result());
        assertEquals(1, kv.appliedIndex());
        assertEquals(0, kv.size());
    }

    @Test
    void noopsAdvanceAndOrderIsEnforced() {
        kv.applyNoop(1);
        assertThrows(IllegalStateException.class, () -> kv.applyNoop(3));
        assertEquals(1, kv.appliedIndex());
    }

    @Test
    void aCapturedImageIsUnaffectedByLaterApplies() throws Exception {
        KvStateMachine kv = new KvStateMachine(10);
        kv.apply(1, Codec.encode(new Command("c1", 1, new Command.Put("a", "1"))));
        kv.apply(2, Codec.encode(new Command(null, 0, new Command.Put("b", "2"))));
        byte[] before = kv.snapshot();
        KvStateMachine.Image image = kv.capture();
        kv.apply(3, Codec.encode(new Command("c2", 1, new Command.Put("a", "changed"))));
        kv.apply(4, Codec.encode(new Command(null, 0, new Command.Delete("b"))));
        assertArrayEquals(before, image.encode());
        KvStateMachine restored = KvStateMachine.restore(image.encode(), 10);
        assertEquals("1", restored.get("a"));
        assertEquals("2", restored.get("b"));
        assertEquals(2, restored.appliedIndex());
        assertEquals(1, restored.sessionCount());
    }
}
