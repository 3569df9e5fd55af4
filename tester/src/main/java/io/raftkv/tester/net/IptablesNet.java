package io.raftkv.tester.net;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Partitions for nodes in containers: iptables DROP rules in each node's own network namespace.
 * Every iptables command of the rig is in this file. A node that drops b gets {@code iptables -A
 * INPUT -s ip(b) -j DROP}, after a flush of the INPUT chain, in one shell per node; healing flushes
 * the INPUT chain. Addresses are looked up on each apply,
 * since a restarted container may get a new one. Traffic from the host (the rig's clients, through
 * published ports) comes from the bridge gateway and is never dropped.
 */
public final class IptablesNet implements Net {
    private final List<String> nodes;
    private final BiFunction<String, List<String>, String> execAsRoot;
    private final Function<String, String> ipOf;
    private final Predicate<String> running;

    /**
     * @param execAsRoot runs a command in a node as root, throwing on a non-zero exit
     * @param ipOf a node's address on the test network
     * @param running whether a node's container runs (a killed node has no rules to change)
     */
    public IptablesNet(
            List<String> nodes,
            BiFunction<String, List<String>, String> execAsRoot,
            Function<String, String> ipOf,
            Predicate<String> running) {
        this.nodes = List.copyOf(nodes);
        this.execAsRoot = execAsRoot;
        this.ipOf = ipOf;
        this.running = running;
    }

    @Override
    public synchronized void apply(Grudge grudge) {
        onEveryRunningNode(node -> {
            var script = new StringBuilder("iptables -w -F INPUT");
            for (var peer : grudge.drops().getOrDefault(node, Set.of())) {
                script.append(" && ").append(String.join(" ", dropRule(ipOf.apply(peer))));
            }
            execAsRoot.apply(node, List.of("sh", "-c", script.toString()));
        });
    }

    @Override
    public synchronized void heal() {
        onEveryRunningNode(node -> execAsRoot.apply(node, List.of("iptables", "-w", "-F", "INPUT")));
    }

    /** One exec per node, all nodes at once: a partition starts everywhere within one exec's time. */
    private void onEveryRunningNode(Consumer<String> action) {
        var errors = new ConcurrentLinkedQueue<String>();
        var threads = nodes.stream()
                .map(node -> Thread.ofVirtual().start(() -> {
                    try {
                        if (running.test(node)) {
                            action.accept(node);
                        }
                    } catch (RuntimeException e) {
                        errors.add(e.getMessage());
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
        if (!errors.isEmpty()) {
            throw new IllegalStateException("iptables failed: " + String.join("; ", errors));
        }
    }

    static List<String> dropRule(String sourceIp) {
        return List.of("iptables", "-w", "-A", "INPUT", "-s", sourceIp, "-j", "DROP");
    }
}
