package io.raftkv.tester.workload;

import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.history.Op;
import io.raftkv.tester.op.Completion;
import io.raftkv.tester.op.Invocation;
import io.raftkv.tester.op.Mix;
import io.raftkv.tester.op.OpGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Registers checked for linearizability, Jepsen's {@code cas-register} and {@code register}
 * workloads. Keys rotate: the run's ops go to one of {@code keysPerEpoch} keys of the current
 * epoch, which moves on after {@code opsPerKey} ops per worker ({@link KeyEpochs}, shared by all
 * workers), so each key sees a bounded number of ops from many processes and the checker's search
 * stays small. One instance serves one run. Every written value is unique in the run: worker w's
 * i-th op writes {@code i·concurrency + w + 1}. A CAS expects the last value this worker saw on
 * that key (a read, or its own write), so that some of them succeed; with nothing seen yet it
 * reads instead.
 *
 * <p>History shapes: read → value is the number read or null (absent); write → the number; cas →
 * [expected, new].
 */
public final class RegisterWorkload implements Workload {
    private final String name;
    private final Mix mix;
    private final int concurrency;
    private final int keysPerEpoch;
    private final int opsPerKey;
    private final KeyEpochs epochs;
    private final Checker checker;

    private RegisterWorkload(String name, Mix mix, int concurrency, int keysPerEpoch, int opsPerKey, Checker checker) {
        this.name = name;
        this.mix = mix;
        this.concurrency = concurrency;
        this.keysPerEpoch = keysPerEpoch;
        this.opsPerKey = opsPerKey;
        this.epochs = new KeyEpochs((long) opsPerKey * concurrency);
        this.checker = checker;
    }

    /** Reads, writes and CAS over many independent keys. */
    public static RegisterWorkload casRegister(int concurrency, Checker checker) {
        return new RegisterWorkload(
                "cas-register",
                Mix.of("read", 2, "write", 1, "cas", 2),
                concurrency,
                Math.max(1, concurrency / 3),
                30,
                checker);
    }

    /** Reads and writes of a single key. */
    public static RegisterWorkload register(int concurrency, Checker checker) {
        return new RegisterWorkload(
                "register", Mix.of("read", 1, "write", 1), concurrency, 1, Integer.MAX_VALUE, checker);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OpGenerator generator(int worker, long seed) {
        return new Gen(worker, new Random(seed * 1_000_003L + worker));
    }

    private final class Gen implements OpGenerator {
        private final int worker;
        private final Random random;
        private final Map<String, Object> seen = new HashMap<>();
        private long i;

        Gen(int worker, Random random) {
            this.worker = worker;
            this.random = random;
        }

        @Override
        public Invocation next() {
            String key = keysPerEpoch == 1 && opsPerKey == Integer.MAX_VALUE
                    ? "r"
                    : "k" + (epochs.next() * keysPerEpoch + random.nextInt(keysPerEpoch));
            String f = mix.pick(random);
            long value = i * concurrency + worker + 1;
            i++;
            return switch (f) {
                case "read" -> new Invocation("read", key, null);
                case "write" -> new Invocation("write", key, value);
                case "cas" ->
                    seen.get(key) instanceof Long expected
                            ? new Invocation("cas", key, List.of(expected, value))
                            : new Invocation("read", key, null);
                default -> throw new IllegalStateException(f);
            };
        }

        @Override
        public void observe(Invocation op, Completion c) {
            if (c.type() != Op.Type.OK) {
                return;
            }
            switch (op.f()) {
                case "read" -> seen.put(op.key(), c.value());
                case "write" -> seen.put(op.key(), op.value());
                case "cas" -> seen.put(op.key(), ((List<?>) op.value()).get(1));
                default -> {}
            }
        }
    }

    @Override
    public Completion apply(KvStore client, Invocation invocation) {
        return RegisterOps.apply(client, invocation);
    }

    @Override
    public Checker checker() {
        return checker;
    }
}
