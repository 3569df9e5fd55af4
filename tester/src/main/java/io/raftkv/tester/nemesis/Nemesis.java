package io.raftkv.tester.nemesis;

import java.util.List;

/**
 * Injects and removes faults (Jepsen's nemesis). Each call returns a JSON-ready value naming what
 * was actually hit, recorded in the history. Implementations are called from one thread.
 */
public interface Nemesis {

    /** Starts a fault; returns its resolved targets (e.g. the grudge, or the node ids). */
    Object start(Fault fault);

    /** Ends the fault started last by {@link #start}; returns what was healed. */
    Object stop(Fault fault);

    /** Undoes every fault this nemesis may have caused. Idempotent; never throws. */
    void healAll();

    /**
     * What the last {@link #healAll()} could not undo, one line each (empty when all is healed): the
     * run then goes on with a cluster that is not whole, which the history must say.
     */
    default List<String> unhealed() {
        return List.of();
    }

    /** The nemesis that does nothing. */
    static Nemesis noop() {
        return new Nemesis() {
            @Override
            public Object start(Fault fault) {
                return null;
            }

            @Override
            public Object stop(Fault fault) {
                return null;
            }

            @Override
            public void healAll() {}
        };
    }
}
