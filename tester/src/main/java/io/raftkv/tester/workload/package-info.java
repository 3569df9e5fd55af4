/**
 * Workloads: what workers do and which checker judges it. {@code cas-register} and {@code
 * register} are checked for linearizability per key; {@code append} by the dependency-graph
 * checker.
 */
package io.raftkv.tester.workload;
