package io.raftkv.server.kv;

/** What applying a {@link Command} answered. Deterministic: every replica computes the same one. */
public sealed interface Result {

    /** A write succeeded; {@code value} is the key's value afterwards. */
    record Written(String value) implements Result {}

    /** A delete ran; {@code existed} says whether the key was there. */
    record Deleted(boolean existed) implements Result {}

    /** A compare-and-set did not match; nothing changed. {@code current} is null when absent. */
    record CasMismatch(String current) implements Result {}

    /** A multi-key write succeeded. */
    record Done() implements Result {}

    /**
     * The request's sequence number is lower than the client's last applied one: the client has
     * moved on, so the request is refused without effect.
     */
    record StaleSequence(long lastSeq) implements Result {}

    /**
     * The client already used {@code seq} for a different request; nothing changed. Reusing a sequence
     * number for another operation is a client bug: answering the first request's result would tell
     * the client that a write happened which never did.
     */
    record SessionConflict(long seq) implements Result {}

    /**
     * The client's session was evicted from the full session table, and this request's {@code seq} is
     * not above the last one it recorded ({@code lastSeq}), so it may be a retry of a request that was
     * applied: it is refused, neither applied again nor answered as applied (Raft thesis §6.3).
     */
    record SessionExpired(long lastSeq) implements Result {}

    /** The entry could not be decoded; nothing changed. Only a bug or a corrupt log leads here. */
    record Invalid(String reason) implements Result {}
}
