package io.raftkv.tester.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Concurrent register histories that are linearizable by construction, for benchmarks and
 * property tests. Processes invoke read, write and cas ops on one or more keys; each op takes
 * effect on the true state at one moment between its invocation and its completion, chosen at
 * random, so the effect order is a valid linearization. Written values are unique: a write of
 * {@code v} or a cas to {@code v} happens at most once. Some ops crash ({@code info}); those take
 * effect or not at random, and their process is replaced by a fresh one, as in Jepsen.
 */
public final class GeneratedHistory {
    private GeneratedHistory() {}

    /**
     * @param ops number of operations (each is an invoke and a completion)
     * @param processes concurrent client processes
     * @param keys number of independent keys (1 = a single register, ops without key)
     * @param infoRate fraction of ops that end in {@code info}
     */
    public record Spec(int ops, int processes, int keys, double infoRate, long seed) {}

    private enum Phase {
        IDLE,
        INVOKED,
        APPLIED
    }

    private static final class Proc {
        long id;
        Phase phase = Phase.IDLE;
        String f;
        String key;
        Object arg;
        Object result;
        Op.Type outcome;
    }

    public static List<Op> generate(Spec spec) {
        Random rnd = new Random(spec.seed());
        Long[] state = new Long[spec.keys()];
        long nextValue = 1;
        long nextProcess = spec.processes();
        Proc[] procs = new Proc[spec.processes()];
        for (int i = 0; i < procs.length; i++) {
            procs[i] = new Proc();
            procs[i].id = i;
        }
        List<Op> history = new ArrayList<>(2 * spec.ops());
        int invoked = 0;
        int open = 0;
        while (invoked < spec.ops() || open > 0) {
            Proc p = procs[rnd.nextInt(procs.length)];
            switch (p.phase) {
                case IDLE -> {
                    if (invoked == spec.ops()) {
                        continue;
                    }
                    int k = rnd.nextInt(spec.keys());
                    p.key = spec.keys() == 1 ? null : Integer.toString(k);
                    int dice = rnd.nextInt(10);
                    if (dice < 5) {
                        p.f = "read";
                        p.arg = null;
                    } else if (dice < 8) {
                        p.f = "write";
                        p.arg = nextValue++;
                    } else {
                        p.f = "cas";
                        Long from = state[k] != null && rnd.nextBoolean()
                                ? state[k]
                                : (Long) (long) rnd.nextInt((int) Math.min(nextValue, Integer.MAX_VALUE));
                        p.arg = List.of(from, nextValue++);
                    }
                    history.add(new Op(history.size(), history.size(), p.id, Op.Type.INVOKE, p.f, p.key, p.arg, null));
                    p.phase = Phase.INVOKED;
                    invoked++;
                    open++;
                }
                case INVOKED -> {
                    int k = p.key == null ? 0 : Integer.parseInt(p.key);
                    boolean crash = rnd.nextDouble() < spec.infoRate();
                    boolean happens = !crash || rnd.nextBoolean();
                    p.outcome = crash ? Op.Type.INFO : Op.Type.OK;
                    p.result = p.arg;
                    switch (p.f) {
                        case "read" -> p.result = state[k];
                        case "write" -> {
                            if (happens) {
                                state[k] = (Long) p.arg;
                            }
                        }
                        default -> {
                            List<?> cas = (List<?>) p.arg;
                            boolean matches = cas.get(0).equals(state[k]);
                            if (matches && happens) {
                                state[k] = (Long) cas.get(1);
                            }
                            if (!matches && !crash) {
                                p.outcome = Op.Type.FAIL;
                            }
                        }
                    }
                    p.phase = Phase.APPLIED;
                }
                case APPLIED -> {
                    Object value = p.outcome == Op.Type.INFO && p.f.equals("read") ? null : p.result;
                    history.add(new Op(
                            history.size(),
                            history.size(),
                            p.id,
                            p.outcome,
                            p.f,
                            p.key,
                            value,
                            p.outcome == Op.Type.INFO ? "timeout" : null));
                    if (p.outcome == Op.Type.INFO) {
                        p.id = nextProcess++;
                    }
                    p.phase = Phase.IDLE;
                    open--;
                }
            }
        }
        return history;
    }
}
