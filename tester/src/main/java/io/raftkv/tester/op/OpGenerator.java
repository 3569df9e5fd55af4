package io.raftkv.tester.op;

/**
 * One worker's stream of operations. Which function, which of the current keys and which new value
 * come next is decided by the seed alone (which keys are current may move with the whole run's
 * pace); an argument may also depend on what this worker observed (a CAS expects the last value it
 * saw), which {@link #observe} feeds back.
 */
public interface OpGenerator {

    Invocation next();

    /** Called with each completion of this worker's invocations. */
    default void observe(Invocation invocation, Completion completion) {}
}
