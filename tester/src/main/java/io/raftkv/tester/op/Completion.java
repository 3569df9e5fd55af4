package io.raftkv.tester.op;

import io.raftkv.tester.history.Op;

/** How an invocation ended: ok, fail or info, with the value read or written, and why. */
public record Completion(Op.Type type, Object value, String error) {

    public static Completion ok(Object value) {
        return new Completion(Op.Type.OK, value, null);
    }

    public static Completion fail(Object value, String error) {
        return new Completion(Op.Type.FAIL, value, error);
    }

    public static Completion info(Object value, String error) {
        return new Completion(Op.Type.INFO, value, error);
    }
}
