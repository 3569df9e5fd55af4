package io.raftkv.tester.net;

/**
 * Applies partitions to a running cluster. Implementations hold every rule they add, so {@link
 * #heal()} can always remove them, even after a crash of the run.
 */
public interface Net {

    /** Replaces the current partition (if any) with this one. */
    void apply(Grudge grudge);

    /** Removes every partition rule; the network is fully connected afterwards. */
    void heal();

    /** The network that cannot be partitioned. */
    static Net noop() {
        return new Net() {
            @Override
            public void apply(Grudge grudge) {}

            @Override
            public void heal() {}
        };
    }
}
