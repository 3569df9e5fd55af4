package io.raftkv.tester.workload;

import io.raftkv.tester.client.KvStore;
import io.raftkv.tester.client.Outcome;
import io.raftkv.tester.op.Completion;
import io.raftkv.tester.op.Invocation;
import java.util.List;

/** Executes read / write / cas invocations on numeric registers. Shared by the register workloads. */
final class RegisterOps {
    private RegisterOps() {}

    static Completion apply(KvStore client, Invocation op) {
        return switch (op.f()) {
            case "read" -> {
                Outcome o = client.read(op.key());
                yield o instanceof Outcome.Ok ok
                        ? Completion.ok(ServerValues.parse(ok.value()))
                        : ServerValues.complete(o, null);
            }
            case "write" ->
                ServerValues.complete(client.write(op.key(), op.value().toString()), op.value());
            case "cas" -> {
                var pair = (List<?>) op.value();
                Object expected = pair.get(0);
                yield ServerValues.complete(
                        client.cas(
                                op.key(),
                                expected == null ? null : expected.toString(),
                                pair.get(1).toString()),
                        op.value());
            }
            default -> throw new IllegalArgumentException("register workloads have no f=" + op.f());
        };
    }
}
