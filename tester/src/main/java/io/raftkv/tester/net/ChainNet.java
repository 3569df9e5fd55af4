package io.raftkv.tester.net;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Partitions on hosts reached by a remote shell: each node drops, in the rig's own iptables chain
 * ({@link IptablesChain}), the traffic of the nodes its grudge names. The hosts keep running through
 * every fault (only the server process is killed or paused), so every host's rules are changed on
 * every apply and heal. All hosts are changed at once.
 */
public final class ChainNet implements Net {
    private final List<String> nodes;
    private final IptablesChain chain;
    private final BiConsumer<String, String> runAsRoot;
    private final Function<String, String> addressOf;

    /**
     * @param runAsRoot runs a shell script on a node as root, throwing on a non-zero exit
     * @param addressOf the address a node's packets come from, as its peers' iptables match it
     */
    public ChainNet(
            List<String> nodes,
            IptablesChain chain,
            BiConsumer<String, String> runAsRoot,
            Function<String, String> addressOf) {
        this.nodes = List.copyOf(nodes);
        this.chain = chain;
        this.runAsRoot = runAsRoot;
        this.addressOf = addressOf;
    }

    @Override
    public synchronized void apply(Grudge grudge) {
        onEveryNode(node -> chain.apply(grudge.drops().getOrDefault(node, Set.of()).stream()
                .map(addressOf)
                .toList()));
    }

    @Override
    public synchronized void heal() {
        onEveryNode(node -> chain.heal());
    }

    private void onEveryNode(Function<String, String> script) {
        var errors = OnEveryNode.run(nodes, node -> runAsRoot.accept(node, script.apply(node)), node -> node + ": ");
        if (!errors.isEmpty()) {
            throw new IllegalStateException("iptables failed: " + String.join("; ", errors));
        }
    }
}
