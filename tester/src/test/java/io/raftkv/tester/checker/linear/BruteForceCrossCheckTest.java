package io.raftkv.tester.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The search, with its pruning, agrees with a plain enumeration of orders on small random
 * histories, valid or not, with fail, info and unfinished ops.
 */
class BruteForceCrossCheckTest {

    @Test
    void agreesWithEnumerationOnSmallRandomHistories() {
        crossCheck(false);
    }

    /** Unique written values: indeterminate writes that were read are settled before the search. */
    @Test
    void agreesWithEnumerationWhenWrittenValuesAreUnique() {
        crossCheck(true);
    }

    /** The kv model, where a read of nil means absent, with unique values and reads of nil. */
    @Test
    void agreesWithEnumerationForKvWhereNilIsAbsent() {
        crossCheck(true, RegisterModel.kv(null), true);
    }

    private static void crossCheck(boolean unique) {
        crossCheck(unique, RegisterModel.casRegister(0L), false);
    }

    private static void crossCheck(boolean unique, Model<?, ?> model, boolean nils) {
        int valid = 0;
        int invalid = 0;
        for (long seed = 0; seed < 3000; seed++) {
            List<Op> h = randomHistory(new Random(seed), unique, nils);
            boolean expected = enumerate(model, h);
            Verdict got = new LinearizabilityChecker(model).check(h).verdict();
            assertEquals(expected ? Verdict.VALID : Verdict.INVALID, got, "seed " + seed + ": " + h);
            if (expected) {
                valid++;
            } else {
                invalid++;
            }
        }
        assertTrue(valid > 300 && invalid > 300, valid + " valid, " + invalid + " invalid: not a useful mix");
    }

    private static List<Op> randomHistory(Random rnd, boolean unique, boolean nils) {
        long[] next = {10};
        int processes = 2 + rnd.nextInt(2);
        int[] opsLeft = new int[processes];
        boolean[] open = new boolean[processes];
        String[] f = new String[processes];
        Object[] arg = new Object[processes];
        java.util.Arrays.fill(opsLeft, 1 + rnd.nextInt(3));
        List<Op> h = new ArrayList<>();
        while (true) {
            List<Integer> ready = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                if (open[p] || opsLeft[p] > 0) {
                    ready.add(p);
                }
            }
            if (ready.isEmpty()) {
                return h;
            }
            int p = ready.get(rnd.nextInt(ready.size()));
            long pid = p + 10L * opsLeft[p]; // a fresh process id after every op: info never blocks
            if (!open[p]) {
                int d = rnd.nextInt(3);
                f[p] = d == 0 ? "read" : d == 1 ? "write" : "cas";
                arg[p] = switch (f[p]) {
                    case "read" -> null;
                    case "write" -> unique ? next[0]++ : (long) rnd.nextInt(3);
                    default ->
                        java.util.Arrays.asList(
                                seenOrNil(rnd, unique, next[0], nils), unique ? next[0]++ : (long) rnd.nextInt(3));
                };
                h.add(new Op(h.size(), h.size(), pid, Op.Type.INVOKE, f[p], null, arg[p], null));
                open[p] = true;
                continue;
            }
            open[p] = false;
            opsLeft[p]--;
            int outcome = rnd.nextInt(10);
            if (outcome == 9 && opsLeft[p] == 0) {
                continue; // never completes
            }
            Op.Type type = outcome < 6 ? Op.Type.OK : outcome < 8 ? Op.Type.INFO : Op.Type.FAIL;
            Object value = f[p].equals("read") && type == Op.Type.OK ? seenOrNil(rnd, unique, next[0], nils) : arg[p];
            h.add(new Op(h.size(), h.size(), pid, type, f[p], null, value, null));
        }
    }

    /** A value to read or expect: 0..2, or with unique writes 0 or one written so far. */
    private static long seen(Random rnd, boolean unique, long next) {
        if (!unique) {
            return rnd.nextInt(3);
        }
        return rnd.nextInt(4) == 0 || next == 10 ? 0 : 10 + rnd.nextInt((int) (next - 10));
    }

    /** As {@link #seen}; with {@code nils}, 0 stands for nil (absent under kv). */
    private static Object seenOrNil(Random rnd, boolean unique, long next, boolean nils) {
        long v = seen(rnd, unique, next);
        return nils && v == 0 ? null : v;
    }

    /** True if some order of the ops (indeterminate ones optional) respects real time and the model. */
    @SuppressWarnings("unchecked")
    static boolean enumerate(Model<?, ?> m, List<Op> h) {
        Model<Object, Object> model = (Model<Object, Object>) m;
        List<History.Operation> ops = new ArrayList<>();
        List<Object> inputs = new ArrayList<>();
        for (History.Operation op : History.operations(h)) {
            Object in = model.input(op);
            if (in != null) {
                ops.add(op);
                inputs.add(in);
            }
        }
        return search(model, ops, inputs, new boolean[ops.size()], model.init());
    }

    private static boolean search(
            Model<Object, Object> model,
            List<History.Operation> ops,
            List<Object> inputs,
            boolean[] done,
            Object state) {
        boolean allRequiredDone = true;
        for (int i = 0; i < ops.size(); i++) {
            allRequiredDone &= done[i] || !ops.get(i).ok();
        }
        if (allRequiredDone) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (done[i] || !mayGoNext(ops, done, i)) {
                continue;
            }
            Object next = model.step(state, inputs.get(i));
            if (next != null) {
                done[i] = true;
                boolean ok = search(model, ops, inputs, done, next);
                done[i] = false;
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    /** No op still to place returned before op i was invoked. */
    private static boolean mayGoNext(List<History.Operation> ops, boolean[] done, int i) {
        for (int j = 0; j < ops.size(); j++) {
            if (!done[j]
                    && j != i
                    && ops.get(j).ok()
                    && ops.get(j).completionPos() < ops.get(i).invokePos()) {
                return false;
            }
        }
        return true;
    }
}
