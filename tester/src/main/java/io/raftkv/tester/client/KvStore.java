package io.raftkv.tester.client;

/**
 * What the workloads ask of a system's client: one logical client (one worker process), one
 * request in flight at a time. Every method answers an {@link Outcome} and never throws for a
 * network or server error: ok when it happened, fail when it certainly did not, info when it may
 * have. A read that fails in any way is fail (it changed nothing).
 */
public interface KvStore {

    /** A read of the key: ok with its value as a string, or ok with null when absent. */
    Outcome read(String key);

    /** Sets the key; ok with the value written. */
    Outcome write(String key, String value);

    /** Sets the key only if it holds {@code expected}; {@code expected == null} means "only if absent". */
    Outcome cas(String key, String expected, String value);

    /** Appends {@code suffix} to the key's string value (an absent key counts as empty). */
    Outcome append(String key, String suffix);

    /**
     * The node that served this client's last call, as the store said, or null when it did not say
     * (no answer, or a store that does not tell). A client is used by one thread at a time.
     */
    default String servedBy() {
        return null;
    }
}
