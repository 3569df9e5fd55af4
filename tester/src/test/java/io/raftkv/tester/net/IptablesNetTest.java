package io.raftkv.tester.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The commands the Docker backend's partitions run in each node; run for real in the fault suite. */
class IptablesNetTest {
    private final Map<String, String> scripts = new ConcurrentHashMap<>();
    private final IptablesNet net = new IptablesNet(
            List.of("n1", "n2", "n3"),
            (node, command) -> {
                scripts.put(node, String.join(" ", command));
                return "";
            },
            node -> "10.0.0." + node.substring(1),
            node -> !node.equals("n3"));

    @Test
    void aPartition_putsItsRulesInTheRigsOwnChain_andLeavesInputAlone() {
        net.apply(new Grudge(Map.of("n1", Set.of("n2"), "n2", Set.of("n1"))));

        assertEquals(Set.of("n1", "n2"), scripts.keySet(), "a node that is not running is skipped");
        String n1 = scripts.get("n1");
        assertTrue(n1.contains("iptables -w -N RAFTKV-PARTITION"), n1);
        assertTrue(n1.contains("iptables -w -I INPUT -j RAFTKV-PARTITION"), n1);
        assertTrue(
                n1.endsWith("iptables -w -F RAFTKV-PARTITION && iptables -w -A RAFTKV-PARTITION -s 10.0.0.2 -j DROP"),
                n1);
        assertFalse(n1.contains("-F INPUT") || n1.contains("-A INPUT"), n1);
    }

    @Test
    void healing_emptiesOnlyTheRigsChain() {
        net.heal();

        String n1 = scripts.get("n1");
        assertTrue(n1.endsWith("iptables -w -F RAFTKV-PARTITION"), n1);
        assertFalse(n1.contains("INPUT"), n1);
    }
}
