package io.raftkv.tester.checker.graph;

import java.util.List;

/** One micro-operation of a list-append transaction. */
sealed interface Mop {

    String key();

    /** Appends {@code value} to the list at {@code key}. */
    record Append(String key, Object value) implements Mop {}

    /** Reads the list at {@code key}; {@code values} is null when the result is unknown. */
    record Read(String key, List<Object> values) implements Mop {}
}
