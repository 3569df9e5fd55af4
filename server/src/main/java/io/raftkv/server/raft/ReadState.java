package io.raftkv.server.raft;

/**
 * The outcome of a {@link RaftCore#readIndex(long)} request. When {@code ok}, a read may be served
 * once the state machine has applied {@code index} (thesis §6.4); otherwise leadership could not be
 * confirmed and the read must be retried (it had no effect).
 */
public record ReadState(long requestId, long index, boolean ok) {}
