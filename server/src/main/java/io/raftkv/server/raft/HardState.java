package io.raftkv.server.raft;

/**
 * The state a node must persist before it answers any message that depends on it (Figure 2:
 * currentTerm, votedFor). {@code commit} is persisted too so a restarted node can re-apply up to it
 * without waiting for a leader; it is never required for safety. {@code votedFor} is null when the
 * node has not voted in {@code term}.
 */
public record HardState(long term, String votedFor, long commit) {
    public static final HardState EMPTY = new HardState(0, null, 0);
}
