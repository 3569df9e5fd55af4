package io.raftkv.tester.checker.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The graph checker against a brute-force search for a strictly serializable order (for single
 * ops, a linearization) of small random list-append histories with ok, info, fail and
 * unfinished transactions: every ok transaction takes effect once, atomically, between its
 * invocation and completion, and its reads show the lists at that point; an info or unfinished one
 * takes effect at most once after its invocation; a failed one never.
 */
class GraphDifferentialTest {

    private static final int HISTORIES = 10_000;

    @Test
    void agreesWithBruteForceOnSmallRandomHistories() {
        int valid = 0;
        int invalid = 0;
        List<String> disagreements = new ArrayList<>();
        for (long seed = 0; seed < HISTORIES; seed++) {
            List<Op> h = new Generator(new Random(seed)).history();
            boolean expected = new BruteForce(h).serializable();
            Verdict got = new GraphChecker().check(h).verdict();
            if (got != (expected ? Verdict.VALID : Verdict.INVALID)) {
                disagreements.add("seed " + seed + ": brute force " + expected + ", graph " + got + "\n  " + h);
            }
            if (expected) {
                valid++;
            } else {
                invalid++;
            }
        }
        System.out.printf(
                "graph differential: %d histories (%d valid, %d invalid), %d disagreements%n",
                HISTORIES, valid, invalid, disagreements.size());
        assertEquals(List.of(), disagreements.stream().limit(5).toList(), disagreements.size() + " disagreements");
        assertTrue(valid > HISTORIES / 5 && invalid > HISTORIES / 5, valid + " valid, " + invalid + " invalid");
    }

    /** Random histories from a random execution, some reads then made stale or wrong. */
    private static final class Generator {
        private final Random rnd;
        private final Map<String, List<Long>> state = new HashMap<>();
        private final List<Op> ops = new ArrayList<>();
        private long nextValue = 1;

        Generator(Random rnd) {
            this.rnd = rnd;
        }

        List<Op> history() {
            int processes = 2 + rnd.nextInt(2);
            int[] left = new int[processes];
            Arrays.fill(left, 1 + rnd.nextInt(3));
            List<Object>[] open = newArray(processes);
            boolean[] applied = new boolean[processes];
            long[] pid = new long[processes];
            for (int p = 0; p < processes; p++) {
                pid[p] = p;
            }
            List<List<Long>> snapshots = new ArrayList<>();
            while (true) {
                List<Integer> ready = new ArrayList<>();
                for (int p = 0; p < processes; p++) {
                    if (open[p] != null || left[p] > 0) {
                        ready.add(p);
                    }
                }
                if (ready.isEmpty()) {
                    break;
                }
                // Sometimes an open transaction takes effect now, between its events.
                for (int p = 0; p < processes; p++) {
                    if (open[p] != null && !applied[p] && rnd.nextInt(3) == 0) {
                        open[p] = apply(open[p], snapshots);
                        applied[p] = true;
                    }
                }
                int p = ready.get(rnd.nextInt(ready.size()));
                if (open[p] == null) {
                    open[p] = randomTxn();
                    applied[p] = false;
                    add(pid[p], Op.Type.INVOKE, invokeForm(open[p]));
                    left[p]--;
                    continue;
                }
                int outcome = rnd.nextInt(10);
                if (outcome < 7) { // ok
                    if (!applied[p]) {
                        open[p] = apply(open[p], snapshots);
                    }
                    add(pid[p], Op.Type.OK, perturb(open[p], snapshots));
                } else if (outcome < 9) { // info: may have happened
                    if (!applied[p] && rnd.nextBoolean()) {
                        apply(open[p], snapshots);
                    }
                    add(pid[p], Op.Type.INFO, invokeForm(open[p]));
                    pid[p] += processes; // Jepsen: a new process after info
                } else if (!applied[p]) { // fail: did not happen
                    add(pid[p], Op.Type.FAIL, invokeForm(open[p]));
                } else {
                    add(pid[p], Op.Type.OK, open[p]);
                }
                open[p] = null;
                if (left[p] == 0 && rnd.nextInt(4) == 0) {
                    break; // leave the others unfinished
                }
            }
            return List.copyOf(ops);
        }

        @SuppressWarnings("unchecked")
        private static List<Object>[] newArray(int n) {
            return (List<Object>[]) new List<?>[n];
        }

        private List<Object> randomTxn() {
            int n = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(2) : 1;
            List<Object> mops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = rnd.nextInt(3) == 0 ? "y" : "x";
                mops.add(rnd.nextBoolean() ? List.of("append", key, nextValue++) : Arrays.asList("r", key, null));
            }
            return mops;
        }

        /** Applies the transaction atomically, filling in its reads. */
        private List<Object> apply(List<Object> txn, List<List<Long>> snapshots) {
            List<Object> done = new ArrayList<>();
            for (Object o : txn) {
                List<?> m = (List<?>) o;
                String key = (String) m.get(1);
                List<Long> list = state.computeIfAbsent(key, k -> new ArrayList<>());
                if (m.get(0).equals("append")) {
                    list.add((Long) m.get(2));
                    done.add(m);
                } else {
                    done.add(Arrays.asList("r", key, List.copyOf(list)));
                    snapshots.add(List.copyOf(list));
                }
            }
            return done;
        }

        /** Now and then, a read shows an older list, or one with a value dropped or added. */
        private List<Object> perturb(List<Object> txn, List<List<Long>> snapshots) {
            if (rnd.nextInt(4) != 0) {
                return txn;
            }
            List<Object> out = new ArrayList<>(txn);
            for (int i = 0; i < out.size(); i++) {
                List<?> m = (List<?>) out.get(i);
                if (!m.get(0).equals("r")) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<Long> read = new ArrayList<>((List<Long>) m.get(2));
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        if (!snapshots.isEmpty()) {
                            read = new ArrayList<>(snapshots.get(rnd.nextInt(snapshots.size())));
                        }
                    }
                    case 1 -> {
                        if (!read.isEmpty()) {
                            read.remove(rnd.nextInt(read.size()));
                        }
                    }
                    default -> read.add(1 + (long) rnd.nextInt((int) nextValue));
                }
                out.set(i, Arrays.asList("r", m.get(1), read));
                break;
            }
            return out;
        }

        private static List<Object> invokeForm(List<Object> txn) {
            List<Object> out = new ArrayList<>();
            for (Object o : txn) {
                List<?> m = (List<?>) o;
                out.add(m.get(0).equals("r") ? Arrays.asList("r", m.get(1), null) : m);
            }
            return out;
        }

        private void add(long process, Op.Type type, List<Object> mops) {
            ops.add(new Op(ops.size(), ops.size(), process, type, "txn", null, mops, null));
        }
    }

    /** Depth-first search over orders, memoized on (done set, lists). */
    private static final class BruteForce {
        private final List<History.Operation> ops;
        private final long[] mustPrecede; // bit i of [j]: op i completed ok before op j was invoked
        private final Set<String> dead = new HashSet<>();

        BruteForce(List<Op> history) {
            List<History.Operation> all = History.operations(history);
            ops = all.stream().filter(o -> !o.failed()).toList();
            mustPrecede = new long[ops.size()];
            for (int j = 0; j < ops.size(); j++) {
                for (int i = 0; i < ops.size(); i++) {
                    if (ops.get(i).ok()
                            && ops.get(i).completionPos() < ops.get(j).invokePos()) {
                        mustPrecede[j] |= 1L << i;
                    }
                }
            }
        }

        boolean serializable() {
            return search(0L, 0L, new HashMap<>());
        }

        /** {@code done}: ops placed; {@code skipped}: indeterminate ops left out. */
        private boolean search(long done, long skipped, Map<String, List<Object>> lists) {
            long settled = done | skipped;
            boolean allOk = true;
            for (int i = 0; i < ops.size(); i++) {
                if ((settled & (1L << i)) == 0 && ops.get(i).ok()) {
                    allOk = false;
                }
            }
            if (allOk) {
                return true;
            }
            String key = settled + "/" + done + "/" + lists;
            if (dead.contains(key)) {
                return false;
            }
            for (int i = 0; i < ops.size(); i++) {
                long bit = 1L << i;
                if ((settled & bit) != 0 || (mustPrecede[i] & ~done) != 0) {
                    continue;
                }
                Map<String, List<Object>> next = step(ops.get(i), lists);
                if (next != null && search(done | bit, skipped, next)) {
                    return true;
                }
                if (!ops.get(i).ok() && search(done, skipped | bit, lists)) {
                    return true;
                }
            }
            dead.add(key);
            return false;
        }

        private static Map<String, List<Object>> step(History.Operation op, Map<String, List<Object>> lists) {
            Map<String, List<Object>> next = new HashMap<>(lists);
            List<?> mops =
                    (List<?>) (op.ok() ? op.completion().value() : op.invoke().value());
            for (Object o : mops) {
                List<?> m = (List<?>) o;
                String key = (String) m.get(1);
                List<Object> list = next.getOrDefault(key, List.of());
                if (m.get(0).equals("append")) {
                    List<Object> grown = new ArrayList<>(list);
                    grown.add(m.get(2));
                    next.put(key, List.copyOf(grown));
                } else if (op.ok() && !list.equals(m.get(2))) {
                    return null;
                }
            }
            return next;
        }
    }
}
