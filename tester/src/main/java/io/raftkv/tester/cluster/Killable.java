package io.raftkv.tester.cluster;

import java.util.Optional;

/** A cluster whose nodes can crash and come back with the data they had on disk. */
public interface Killable {

    /** SIGKILL: no shutdown hook, no flush. Returns when the process is gone. */
    void kill(String node);

    /** Starts a killed node again on the same data. Returns once the process is launched. */
    void restart(String node);

    /** Whether the node's process is running (paused counts as running). */
    boolean isRunning(String node);

    /**
     * The line of the node's output since it was last started that says why it stopped, or is
     * stopping, by itself (it refused to start, its storage failed), where the cluster can read
     * the node's output and the system says such things.
     */
    default Optional<String> whyStopped(String node) {
        return Optional.empty();
    }
}
