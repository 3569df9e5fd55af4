/**
 * The server benchmark's load: {@link io.raftkv.tester.bench.LoadClient} drives HTTP requests on
 * Vert.x's non-blocking client (a few event loops, one keep-alive connection per client), closed
 * loop (a fixed number of clients, each sending its next request when the last one answers) or
 * open loop (a fixed rate from an {@link io.raftkv.tester.bench.OpenLoopSchedule}, each latency
 * measured from the request's intended start, so a stalled server is not hidden by a client that
 * waited for it). {@link io.raftkv.tester.bench.PhaseReport} holds what one phase measured, and
 * {@link io.raftkv.tester.bench.ProcStat} the CPU time each local node used.
 */
package io.raftkv.tester.bench;
