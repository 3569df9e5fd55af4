package io.raftkv.tester.net;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one action per node, all at once on virtual threads, so that a fault starts everywhere
 * within one action's time, and collects what failed.
 */
public final class OnEveryNode {
    private OnEveryNode() {}

    /**
     * @param label what names a node in a failure message, e.g. {@code node -> node + ": "}
     * @return a message per node whose action threw, {@code label} first, and "interrupted" if the
     *     wait for them was; empty when all succeeded
     */
    public static List<String> run(List<String> nodes, Consumer<String> action, Function<String, String> label) {
        var errors = new ConcurrentLinkedQueue<String>();
        var threads = nodes.stream()
                .map(node -> Thread.ofVirtual().start(() -> {
                    try {
                        action.accept(node);
                    } catch (RuntimeException e) {
                        errors.add(label.apply(node) + e.getMessage());
                    }
                }))
                .toList();
        for (var t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add("interrupted");
                break;
            }
        }
        return List.copyOf(errors);
    }
}
