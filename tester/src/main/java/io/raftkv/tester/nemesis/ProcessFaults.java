package io.raftkv.tester.nemesis;

import io.raftkv.tester.cluster.Cluster;
import io.raftkv.tester.cluster.Killable;
import io.raftkv.tester.cluster.Pausable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Kills and pauses nodes through the cluster's {@link Killable} and {@link Pausable}, remembering
 * which nodes are down so they can be restarted or resumed after any error. Thread-safe: a frozen
 * node is thawed from its own thread.
 */
final class ProcessFaults {
    private final Cluster cluster;
    private final Set<String> killed = new LinkedHashSet<>();
    private final Set<String> paused = new LinkedHashSet<>();
    private Thread thaw;

    ProcessFaults(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * SIGKILLs each node; returns them.
     *
     * @throws UnsupportedOperationException if the cluster cannot kill nodes
     */
    synchronized List<String> kill(List<String> nodes) {
        Killable killable = cluster.killable().orElseThrow(() -> unsupported("kill"));
        for (var node : nodes) {
            killable.kill(node);
            killed.add(node);
        }
        return nodes;
    }

    /**
     * The cluster's {@link Killable}.
     *
     * @throws UnsupportedOperationException if the cluster cannot kill nodes
     */
    Killable killable() {
        return cluster.killable().orElseThrow(() -> unsupported("kill"));
    }

    /** Restarts {@code node}, killed by {@link #kill}, unless already restarted. */
    synchronized void restart(String node) {
        if (killed.contains(node)) {
            cluster.killable().orElseThrow(() -> unsupported("restart")).restart(node);
            killed.remove(node);
        }
    }

    /** Restarts every node killed and not yet restarted; returns them. */
    synchronized List<String> restartKilled() {
        return undo(killed, cluster.killable(), Killable::restart);
    }

    /**
     * Freezes each node; returns them.
     *
     * @throws UnsupportedOperationException if the cluster cannot pause nodes
     */
    synchronized List<String> pause(List<String> nodes) {
        Pausable pausable = requirePausable();
        for (var node : nodes) {
            pausable.pause(node);
            paused.add(node);
        }
        return nodes;
    }

    /**
     * Freezes {@code node} and thaws it after {@code nanos} on a thread of its own, unless {@link
     * #resumePaused()} has resumed it first.
     */
    synchronized void freezeFor(String node, long nanos) {
        Pausable pausable = requirePausable();
        pause(List.of(node));
        thaw = Thread.ofVirtual().name("thaw-" + node).start(() -> {
            try {
                Thread.sleep(nanos / 1_000_000);
                synchronized (this) {
                    if (paused.remove(node)) {
                        pausable.resume(node);
                    }
                }
            } catch (InterruptedException e) {
                // stopped early: resumePaused() resumes it
            }
        });
    }

    /** Resumes every paused node, a frozen one included, and stops any pending thaw; returns them. */
    synchronized List<String> resumePaused() {
        if (thaw != null) {
            thaw.interrupt();
            thaw = null;
        }
        return undo(paused, cluster.pausable(), Pausable::resume);
    }

    /**
     * The cluster's {@link Pausable}, for a caller to check before it does anything else.
     *
     * @throws UnsupportedOperationException if the cluster cannot pause nodes
     */
    Pausable requirePausable() {
        return cluster.pausable().orElseThrow(() -> unsupported("pause"));
    }

    /**
     * Undoes the fault on each node of {@code down} with {@code undo} (when the cluster has the
     * ability), forgetting each node once done; returns them. A node whose undo throws stays in
     * {@code down}, for the next call.
     */
    private static <T> List<String> undo(Set<String> down, Optional<T> ability, BiConsumer<T, String> undo) {
        var undone = new ArrayList<String>();
        for (var node : List.copyOf(down)) {
            ability.ifPresent(a -> undo.accept(a, node));
            down.remove(node);
            undone.add(node);
        }
        return undone;
    }

    UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(cluster.backend() + " cluster cannot " + what);
    }
}
