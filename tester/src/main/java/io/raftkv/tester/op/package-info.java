/**
 * The op protocol between workloads and the interpreter that runs them: a worker's {@link
 * io.raftkv.tester.op.OpGenerator} yields {@link io.raftkv.tester.op.Invocation}s (f, key,
 * argument), a workload turns each into a {@link io.raftkv.tester.op.Completion} (ok, fail or
 * info), and {@link io.raftkv.tester.op.Mix} picks the next function by weight. Depends on nothing
 * in the rig but the history's op types.
 */
package io.raftkv.tester.op;
