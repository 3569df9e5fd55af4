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

    /** The entry could not be decoded; nothing changed. Only a bug or a corrupt log leads here. */
    record Invalid(String reason) implements Result {}
}
