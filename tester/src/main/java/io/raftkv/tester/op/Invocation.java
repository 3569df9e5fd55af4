package io.raftkv.tester.op;

/**
 * An operation a worker is about to invoke: f (read, write, cas, append), key, and argument.
 *
 * @param value the argument as recorded in the history (e.g. [expected, new] for cas), or null
 */
public record Invocation(String f, String key, Object value) {}
