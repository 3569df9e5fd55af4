package io.raftkv.server.raft;

/** What a log entry holds. */
public enum EntryType {
    /** A client command for the state machine. */
    NORMAL,
    /** The empty entry a new leader appends to commit entries of earlier terms (§5.4.2, §8). */
    NOOP,
    /** A new membership ({@link Membership#encode()}), in force as soon as it is in the log. */
    CONFIG
}
