package io.raftkv.tester.workload;

import io.raftkv.tester.checker.Checker;
import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.op.Completion;
import io.raftkv.tester.op.Invocation;
import io.raftkv.tester.op.OpGenerator;
import java.util.Collection;
import java.util.List;

/**
 * What a test does to the cluster and how its history is judged (Jepsen's workload): an op stream
 * per worker, how to execute one op with a client, the final reads, and the checker.
 */
public interface Workload {

    String name();

    /**
     * Worker {@code worker}'s op stream. Functions, values and the choice among the current keys
     * are deterministic in (seed, worker); which keys are current moves with the whole run's op
     * count, shared by the generators of one instance, so one instance serves one run.
     */
    OpGenerator generator(int worker, long seed);

    /** Executes one invocation; never throws for a network or server error (that is an outcome). */
    Completion apply(KvStore client, Invocation invocation);

    /** One read per key, in key order, run on the healed cluster at the end. */
    default List<Invocation> finalReads(Collection<String> keys) {
        return keys.stream().sorted().map(k -> new Invocation("read", k, null)).toList();
    }

    Checker checker();
}
