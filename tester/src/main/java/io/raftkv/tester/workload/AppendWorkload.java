package io.raftkv.tester.workload;

import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.client.Outcome;
import io.raftkv.tester.op.Completion;
import io.raftkv.tester.op.Invocation;
import io.raftkv.tester.op.Mix;
import io.raftkv.tester.op.OpGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * List-append for the dependency-graph checker: each key holds a list, stored by the server as a
 * string of tokens each followed by a space. An append adds one token unique in the run ({@code
 * POST /kv/k/append} with "v "); a read fetches the whole value and parses it back into a list.
 * History shapes (see checker/graph): {@code f=append, key=k, value=v} and {@code f=read, key=k,
 * value=[v1, v2, ...]}. Keys rotate like the register workloads' ({@link KeyEpochs}) so lists stay
 * short. One instance serves one run.
 */
public final class AppendWorkload implements Workload {
    private static final Mix MIX = Mix.of("append", 1, "read", 1);

    private final int concurrency;
    private final int keysPerEpoch;
    private final KeyEpochs epochs;
    private final Checker checker;

    public AppendWorkload(int concurrency, Checker checker) {
        this.concurrency = concurrency;
        this.keysPerEpoch = Math.max(2, concurrency / 2);
        this.epochs = new KeyEpochs(40L * concurrency);
        this.checker = checker;
    }

    @Override
    public String name() {
        return "append";
    }

    @Override
    public OpGenerator generator(int worker, long seed) {
        var random = new Random(seed * 1_000_003L + worker);
        return new OpGenerator() {
            private long i;

            @Override
            public Invocation next() {
                String key = "a" + (epochs.next() * keysPerEpoch + random.nextInt(keysPerEpoch));
                long value = i * concurrency + worker + 1;
                i++;
                return MIX.pick(random).equals("append")
                        ? new Invocation("append", key, value)
                        : new Invocation("read", key, null);
            }
        };
    }

    @Override
    public Completion apply(KvStore client, Invocation op) {
        return switch (op.f()) {
            case "append" -> ServerValues.complete(client.append(op.key(), op.value() + " "), op.value());
            case "read" -> {
                Outcome o = client.read(op.key());
                yield o instanceof Outcome.Ok ok
                        ? Completion.ok(parseList((String) ok.value()))
                        : ServerValues.complete(o, null);
            }
            default -> throw new IllegalArgumentException("append workload has no f=" + op.f());
        };
    }

    /** "3 7 12 " → [3, 7, 12]; absent (null) → []. */
    static List<Object> parseList(String raw) {
        var out = new ArrayList<Object>();
        if (raw == null) {
            return out;
        }
        for (String token : raw.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                out.add(ServerValues.parse(token));
            }
        }
        return out;
    }

    @Override
    public Checker checker() {
        return checker;
    }
}
