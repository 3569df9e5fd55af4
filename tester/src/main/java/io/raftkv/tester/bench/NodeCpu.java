package io.raftkv.tester.bench;

/**
 * CPU seconds one process used during a phase.
 *
 * @param name the node's id, or {@code client} for the bench itself
 * @param seconds user plus system CPU time, or NaN where it could not be read
 */
public record NodeCpu(String name, double seconds) {}
