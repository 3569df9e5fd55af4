package io.raftkv.server.node;

import io.raftkv.server.kv.Result;

/** A write that was committed and applied at {@code index}, with the state machine's answer. */
public record Applied(long index, Result result) {}
