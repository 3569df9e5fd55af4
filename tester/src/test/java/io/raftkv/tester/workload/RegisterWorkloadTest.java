package io.raftkv.tester.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.op.Completion;
import io.raftkv.tester.op.Invocation;
import io.raftkv.tester.op.OpGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegisterWorkloadTest {
    private static final int CONCURRENCY = 6;

    private static List<Invocation> take(OpGenerator gen, int n) {
        var out = new ArrayList<Invocation>();
        for (int i = 0; i < n; i++) {
            var op = gen.next();
            out.add(op);
            // A fixed answer per op, so CAS arguments are reproducible too.
            gen.observe(op, Completion.ok(op.f().equals("read") ? (long) i : op.value()));
        }
        return out;
    }

    /** A fresh run's worker: each run has its own key epochs. */
    private static OpGenerator first(int worker, long seed) {
        return RegisterWorkload.casRegister(CONCURRENCY, Checker.noop()).generator(worker, seed);
    }

    @Test
    void sameSeed_sameOps() {
        assertEquals(take(first(3, 99), 500), take(first(3, 99), 500));
        assertTrue(!take(first(3, 99), 100).equals(take(first(3, 100), 100)));
        assertTrue(!take(first(3, 99), 100).equals(take(first(4, 99), 100)));
    }

    /**
     * A worker held up by faults (its requests wait out their timeouts) must still draw the keys
     * the others are on: only there can its reads meet their writes and show a stale read.
     */
    @Test
    void aWorkerThatFellBehind_drawsTheKeysTheOthersAreOn() {
        for (Workload w : List.of(
                RegisterWorkload.casRegister(CONCURRENCY, Checker.noop()),
                new AppendWorkload(CONCURRENCY, Checker.noop()))) {
            var busy = w.generator(0, 7);
            var slow = w.generator(1, 7);
            List<Invocation> busyOps = take(busy, 400);
            var current =
                    busyOps.subList(380, 400).stream().map(Invocation::key).collect(Collectors.toSet());
            String key = take(slow, 1).getFirst().key();
            assertTrue(current.contains(key), w.name() + ": the slow worker's key " + key + " is one of " + current);
        }
    }

    @Test
    void writtenValues_areUniqueAcrossWorkers() {
        var w = RegisterWorkload.casRegister(CONCURRENCY, Checker.noop());
        var values = new HashSet<Object>();
        int writes = 0;
        for (int worker = 0; worker < CONCURRENCY; worker++) {
            for (var op : take(w.generator(worker, 1), 400)) {
                Object v =
                        switch (op.f()) {
                            case "write" -> op.value();
                            case "cas" -> ((List<?>) op.value()).get(1);
                            default -> null;
                        };
                if (v != null) {
                    writes++;
                    values.add(v);
                }
            }
        }
        assertTrue(writes > 500);
        assertEquals(writes, values.size());
    }

    @Test
    void keysRotate_soEachKeySeesABoundedNumberOfOps() {
        var w = RegisterWorkload.casRegister(CONCURRENCY, Checker.noop());
        Map<String, Integer> perKey = new HashMap<>();
        for (int worker = 0; worker < CONCURRENCY; worker++) {
            for (var op : take(w.generator(worker, 5), 300)) {
                perKey.merge(op.key(), 1, Integer::sum);
            }
        }
        assertTrue(
                perKey.size() >= 10 * 2,
                "6 workers' 300 ops over epochs of 30 ops per worker → 10 epochs, got " + perKey.keySet());
        assertTrue(perKey.values().stream().allMatch(n -> n <= 30 * CONCURRENCY));
    }

    @Test
    void cas_expectsTheLastValueThisWorkerSaw() {
        var gen = RegisterWorkload.casRegister(CONCURRENCY, Checker.noop()).generator(0, 11);
        var lastSeen = new HashMap<String, Object>();
        for (int i = 0; i < 300; i++) {
            var op = gen.next();
            if (op.f().equals("cas")) {
                assertEquals(lastSeen.get(op.key()), ((List<?>) op.value()).get(0));
            }
            Object result = op.f().equals("read") ? (Object) (long) (1000 + i) : op.value();
            gen.observe(op, Completion.ok(result));
            lastSeen.put(op.key(), op.f().equals("cas") ? ((List<?>) op.value()).get(1) : result);
        }
    }

    @Test
    void register_usesOneKeyAndNoCas() {
        var ops = take(RegisterWorkload.register(CONCURRENCY, Checker.noop()).generator(1, 3), 200);
        assertTrue(ops.stream().allMatch(op -> op.key().equals("r") && !op.f().equals("cas")));
    }

    @Test
    void append_parsesTheStoredStringBackIntoAList() {
        assertEquals(List.of(3L, 7L, 12L), AppendWorkload.parseList("3 7 12 "));
        assertEquals(List.of(), AppendWorkload.parseList(null));
        assertEquals(List.of(), AppendWorkload.parseList(""));
    }
}
