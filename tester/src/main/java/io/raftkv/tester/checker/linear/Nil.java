package io.raftkv.tester.checker.linear;

/** The state of a key or register that holds no value: Jepsen's {@code nil}. */
enum Nil {
    NIL;

    /** Maps a history value to a state value: null becomes {@link #NIL}. */
    static Object of(Object value) {
        return value == null ? NIL : value;
    }

    @Override
    public String toString() {
        return "nil";
    }
}
