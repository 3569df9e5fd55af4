package io.raftkv.server.node;

import io.raftkv.server.kv.Result;

/**
 * A committed write and the state machine's answer. {@code index} is the log entry that took effect:
 * for a retried request, the entry of its first attempt.
 */
public record Applied(long index, Result result) {}
