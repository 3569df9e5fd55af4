package io.raftkv.tester.client;

/**
 * What one request did, in Jepsen's terms. {@link Ok}: it happened, with this result. {@link Fail}:
 * it certainly did not happen. {@link Info}: it may or may not have happened.
 */
public sealed interface Outcome {

    record Ok(Object value) implements Outcome {}

    record Fail(String error) implements Outcome {}

    record Info(String error) implements Outcome {}

    /** Whether a retry of the same request (same client id and sequence) could settle it. */
    default boolean indeterminate() {
        return this instanceof Info;
    }
}
