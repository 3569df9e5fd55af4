package io.raftkv.tester.checker.linear;

import io.raftkv.tester.checker.CheckResult;
import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.checker.Verdict;
import io.raftkv.tester.history.History;
import io.raftkv.tester.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Checks that a history is linearizable with respect to a {@link Model}, with the {@link
 * WglSearch} on each partition (key) of the history. Partitions run in parallel; the first one
 * found not linearizable stops the others.
 *
 * <p>For an invalid history, {@link CheckResult#details()} holds {@code key} (the partition, or
 * null), {@code failingOp} (the index of the invocation that cannot be linearized), {@code
 * failingOpDescription}, {@code linearizedPrefix} (invocation indices of the longest
 * linearizable prefix found, in linearization order), {@code states} (the model states the
 * failing op met there) and {@code model}.
 */
public final class LinearizabilityChecker implements Checker {
    public static final String NAME = "linearizable";

    /**
     * Limits of one check.
     *
     * @param timeout time after which the verdict is unknown
     * @param cacheBytes approximate memory the search caches may take before the verdict is unknown
     * @param clock the time source the timeout is measured with, in nanoseconds ({@link
     *     System#nanoTime} but in tests)
     */
    public record Options(Duration timeout, long cacheBytes, LongSupplier clock) {
        public Options(Duration timeout, long cacheBytes) {
            this(timeout, cacheBytes, System::nanoTime);
        }

        /** One minute, and a third of the heap. */
        public static Options defaults() {
            return new Options(Duration.ofMinutes(1), Runtime.getRuntime().maxMemory() / 3);
        }

        public Options withTimeout(Duration t) {
            return new Options(t, cacheBytes, clock);
        }

        public Options withClock(LongSupplier c) {
            return new Options(timeout, cacheBytes, c);
        }
    }

    /** An operation the model does not know, or whose value it cannot read. */
    public static final class UnsupportedOpException extends IllegalArgumentException {
        private final long opIndex;

        UnsupportedOpException(long opIndex, String message) {
            super(message);
            this.opIndex = opIndex;
        }

        /** The {@link Op#index()} of the invocation. */
        public long opIndex() {
            return opIndex;
        }
    }

    private static final ExecutorService POOL =
            Executors.newFixedThreadPool(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "linearizability-search");
                t.setDaemon(true);
                return t;
            });

    private final Model<?, ?> model;
    private final Options options;

    public LinearizabilityChecker(Model<?, ?> model, Options options) {
        this.model = model;
        this.options = options;
    }

    public LinearizabilityChecker(Model<?, ?> model) {
        this(model, Options.defaults());
    }

    public Model<?, ?> model() {
        return model;
    }

    private record Partition(String key, List<History.Operation> ops, List<Object> inputs) {
        /** This partition without the indeterminate ops that cannot matter, and their settled returns. */
        SettledOps settle(Model<?, ?> model) {
            return SettledOps.of(model, ops, inputs);
        }
    }

    /**
     * Checks that every operation of {@code history} is one the model knows, before a search.
     *
     * @throws History.MalformedHistoryException for a history that breaks invoke/complete pairing
     * @throws UnsupportedOpException naming the first operation the model cannot take
     */
    public void validate(List<Op> history) {
        for (History.Operation op : History.operations(history)) {
            try {
                castModel().input(op);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedOpException(op.invoke().index(), e.getMessage());
            }
        }
    }

    @Override
    public CheckResult check(List<Op> history) {
        long started = options.clock().getAsLong();
        List<Partition> partitions;
        try {
            partitions = partition(History.operations(history));
        } catch (IllegalArgumentException e) {
            return unknown("cannot check: " + e.getMessage());
        }
        Budget budget = new Budget(
                started + options.timeout().toNanos(), options.timeout(), options.cacheBytes(), options.clock());
        try {
            return search(partitions, budget);
        } catch (OutOfMemoryError e) {
            return unknown("out of memory while searching");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown("interrupted");
        } catch (RuntimeException e) {
            return unknown("internal error: " + e);
        }
    }

    private List<Partition> partition(List<History.Operation> ops) {
        Map<String, Partition> byKey = new LinkedHashMap<>();
        for (History.Operation op : ops) {
            Object input = castModel().input(op);
            if (input == null) {
                continue;
            }
            String key = model.partitionKey(op.invoke());
            Partition p = byKey.computeIfAbsent(key, k -> new Partition(k, new ArrayList<>(), new ArrayList<>()));
            p.ops().add(op);
            p.inputs().add(input);
        }
        return new ArrayList<>(byKey.values());
    }

    @SuppressWarnings("unchecked")
    private Model<Object, Object> castModel() {
        return (Model<Object, Object>) model;
    }

    private CheckResult search(List<Partition> partitions, Budget budget) throws InterruptedException {
        int opCount = partitions.stream().mapToInt(p -> p.ops().size()).sum();
        if (partitions.size() == 1) {
            Partition p = partitions.get(0);
            return verdict(p.key(), p.settle(model).search(model, budget), partitions, opCount, budget);
        }
        var done = new ExecutorCompletionService<Map.Entry<String, SearchOutcome>>(POOL);
        List<Future<?>> futures = new ArrayList<>();
        for (Partition p : partitions) {
            futures.add(done.submit(() -> Map.entry(keyOf(p), p.settle(model).search(model, budget))));
        }
        String abortedKey = null;
        SearchOutcome aborted = null;
        try {
            for (int i = 0; i < partitions.size(); i++) {
                Map.Entry<String, SearchOutcome> r = done.take().get();
                if (r.getValue() instanceof SearchOutcome.Violation) {
                    budget.stop();
                    return verdict(r.getKey(), r.getValue(), partitions, opCount, budget);
                }
                if (r.getValue() instanceof SearchOutcome.Aborted && aborted == null) {
                    abortedKey = r.getKey();
                    aborted = r.getValue();
                    budget.stop();
                }
            }
        } catch (ExecutionException e) {
            budget.stop();
            throw new IllegalStateException(e.getCause());
        } finally {
            futures.forEach(f -> f.cancel(false));
        }
        return aborted != null
                ? verdict(abortedKey, aborted, partitions, opCount, budget)
                : verdict(null, new SearchOutcome.Linearizable(), partitions, opCount, budget);
    }

    // Map.entry refuses null keys; the single unkeyed partition never runs on the pool.
    private static String keyOf(Partition p) {
        return p.key() == null ? "" : p.key();
    }

    private CheckResult verdict(
            String key, SearchOutcome outcome, List<Partition> partitions, int opCount, Budget budget)
            throws InterruptedException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", model.name());
        details.put("partitions", partitions.size());
        details.put("ops", opCount);
        return switch (outcome) {
            case SearchOutcome.Linearizable l ->
                new CheckResult(
                        NAME,
                        Verdict.VALID,
                        "linearizable: " + opCount + " ops in " + partitions.size() + " partition(s)",
                        details);
            case SearchOutcome.Violation v -> {
                details.put("key", key);
                details.put("failingOp", v.failingOp());
                details.put("failingOpDescription", v.failingOpDescription());
                details.put("linearizedPrefix", v.prefix());
                details.put("states", v.states());
                List<Long> core = core(key, partitions, budget);
                details.put("core", core);
                String where = key == null ? "" : " on key " + key;
                yield new CheckResult(
                        NAME,
                        Verdict.INVALID,
                        "not linearizable" + where + ": op " + v.failingOp() + " (" + v.failingOpDescription()
                                + ") cannot follow the longest linearizable prefix of "
                                + v.prefix().size()
                                + " ops; it met state(s) " + String.join(", ", v.states()) + "; these "
                                + core.size() + " ops cannot be ordered together: " + core,
                        details);
            }
            case SearchOutcome.Aborted a -> {
                details.put("key", key);
                details.put("reason", a.reason());
                yield new CheckResult(NAME, Verdict.UNKNOWN, "unknown: " + a.reason(), details);
            }
        };
    }

    /**
     * The invocation indices of a 1-minimal violating subset of the violating partition's ops (see
     * {@link ViolationCore}), found within {@link #CORE_NANOS} of the check's budget.
     */
    private List<Long> core(String key, List<Partition> partitions, Budget budget) throws InterruptedException {
        Partition p = partitions.stream()
                .filter(x -> keyOf(x).equals(key == null ? "" : key))
                .findFirst()
                .orElseThrow();
        List<Integer> positions = new ViolationCore(model, budget.within(CORE_NANOS)).shrink(p.ops(), p.inputs());
        return positions.stream().map(i -> p.ops().get(i).invoke().index()).toList();
    }

    private static final long CORE_NANOS = 3_000_000_000L;

    private CheckResult unknown(String why) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", model.name());
        details.put("reason", why);
        return new CheckResult(NAME, Verdict.UNKNOWN, why, details);
    }
}
