package io.raftkv.tester.net;

import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Partitions for nodes in containers: iptables DROP rules in each node's own network namespace.
 * Every iptables command the rig runs in a node is in this file. The rules live in the rig's own
 * chain, {@value #CHAIN}, jumped to from INPUT, so they are told apart from anything else: a node
 * that drops b gets {@code iptables -A RAFTKV-PARTITION -s ip(b) -j DROP}, after a flush of that
 * chain, in one shell per node; healing flushes the chain. Addresses are looked up on each apply,
 * since a restarted container may get a new one. Traffic from the host (the rig's clients, through
 * published ports) comes from the bridge gateway and is never dropped. The rig adds no rules on the
 * host; the rules in a node go with its container.
 */
public final class IptablesNet implements Net {
    /** How the names of the rig's chains start. */
    public static final String CHAIN_PREFIX = "RAFTKV-";

    /**
     * Marks a jump into a chain the rig adds on a host (it adds none today): {@code -m comment
     * --comment raftkv-owner=<boot/pid/startMillis of the rig>}. Only chains whose jumps carry it,
     * naming a rig that is gone, are removed as leftovers.
     */
    public static final String OWNER_COMMENT = "raftkv-owner=";

    /** The chain that holds the rig's rules in a node. */
    public static final String CHAIN = CHAIN_PREFIX + "PARTITION";

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
            var script = new StringBuilder(ensureChain());
            for (var peer : grudge.drops().getOrDefault(node, Set.of())) {
                script.append(" && ").append(String.join(" ", dropRule(ipOf.apply(peer))));
            }
            execAsRoot.apply(node, List.of("sh", "-c", script.toString()));
        });
    }

    @Override
    public synchronized void heal() {
        // A node never partitioned (or restarted since) has no chain, hence nothing to heal.
        onEveryRunningNode(node -> execAsRoot.apply(
                node,
                List.of("sh", "-c", "! iptables -w -n -L " + CHAIN + " >/dev/null 2>&1 || iptables -w -F " + CHAIN)));
    }

    /** One exec per node, all nodes at once: a partition starts everywhere within one exec's time. */
    private void onEveryRunningNode(Consumer<String> action) {
        var errors = OnEveryNode.run(
                nodes,
                node -> {
                    if (running.test(node)) {
                        action.accept(node);
                    }
                },
                node -> "");
        if (!errors.isEmpty()) {
            throw new IllegalStateException("iptables failed: " + String.join("; ", errors));
        }
    }

    /** Creates the chain and its jump from INPUT where missing, and empties it. */
    static String ensureChain() {
        return "{ iptables -w -n -L " + CHAIN + " >/dev/null 2>&1 || iptables -w -N " + CHAIN + "; }"
                + " && { iptables -w -C INPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I INPUT -j " + CHAIN + "; }"
                + " && iptables -w -F " + CHAIN;
    }

    static List<String> dropRule(String sourceIp) {
        return List.of("iptables", "-w", "-A", CHAIN, "-s", sourceIp, "-j", "DROP");
    }
}
