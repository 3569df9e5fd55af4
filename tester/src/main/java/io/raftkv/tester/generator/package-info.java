/**
 * Op streams and the interpreter that runs them. Each worker owns a seeded {@link
 * io.raftkv.tester.op.OpGenerator} from its workload, so a seed fixes every worker's functions, keys and
 * written values; {@link io.raftkv.tester.generator.Pacer} spreads a target rate over the workers;
 * {@link io.raftkv.tester.generator.Interpreter} runs the main phase with the nemesis beside it,
 * then heals, waits, and reads every key once more.
 */
package io.raftkv.tester.generator;
