package io.raftkv.tester.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.Test;

class IptablesChainTest {
    private final IptablesChain chain = new IptablesChain("20261201-0900-run");

    @Test
    void aDropRule_isInTheRigsChain_andNamesTheRun() {
        assertEquals(
                List.of(
                        "iptables",
                        "-w",
                        "-A",
                        "RAFTKV",
                        "-s",
                        "10.0.0.2",
                        "-m",
                        "comment",
                        "--comment",
                        "'raftkv-rig run 20261201-0900-run'",
                        "-j",
                        "DROP"),
                chain.drop("10.0.0.2"));
    }

    @Test
    void applyingAGrudge_flushesTheChainThenDropsEachPeerItNames_onEveryNode() {
        var scripts = new ConcurrentSkipListMap<String, String>(); // written from one thread per node
        var addresses = Map.of("n1", "10.0.0.1", "n2", "10.0.0.2", "n3", "10.0.0.3");
        var net = new ChainNet(List.of("n1", "n2", "n3"), chain, scripts::put, addresses::get);

        net.apply(Partitions.isolate(List.of("n1", "n2", "n3"), "n1"));

        String comment = " -m comment --comment 'raftkv-rig run 20261201-0900-run' -j DROP";
        assertEquals(
                Map.of(
                        "n1",
                        "iptables -w -F RAFTKV && iptables -w -A RAFTKV -s 10.0.0.2" + comment
                                + " && iptables -w -A RAFTKV -s 10.0.0.3" + comment,
                        "n2",
                        "iptables -w -F RAFTKV && iptables -w -A RAFTKV -s 10.0.0.1" + comment,
                        "n3",
                        "iptables -w -F RAFTKV && iptables -w -A RAFTKV -s 10.0.0.1" + comment),
                scripts);

        scripts.clear();
        net.heal();
        assertEquals(
                Map.of("n1", "iptables -w -F RAFTKV", "n2", "iptables -w -F RAFTKV", "n3", "iptables -w -F RAFTKV"),
                scripts);
    }

    @Test
    void aNodeThatDropsNothing_stillHasItsChainFlushed() {
        var scripts = new ConcurrentSkipListMap<String, String>(); // written from one thread per node
        var net = new ChainNet(List.of("n1", "n2", "n3"), chain, scripts::put, n -> "h-" + n);
        net.apply(new Grudge(Map.of("n1", Set.of("n2"))));
        assertEquals("iptables -w -F RAFTKV", scripts.get("n3"));
        assertTrue(
                scripts.get("n1").endsWith("-s h-n2 -m comment --comment 'raftkv-rig run 20261201-0900-run' -j DROP"));
    }

    @Test
    void aFailingNode_isNamedInTheError_andTheOthersAreStillChanged() {
        var scripts = new ConcurrentSkipListMap<String, String>(); // written from one thread per node
        var net = new ChainNet(
                List.of("n1", "n2"),
                chain,
                (node, script) -> {
                    if (node.equals("n2")) {
                        throw new IllegalStateException("exit 4");
                    }
                    scripts.put(node, script);
                },
                n -> n);
        var e = assertThrows(IllegalStateException.class, net::heal);
        assertEquals("iptables failed: n2: exit 4", e.getMessage());
        assertEquals(Set.of("n1"), scripts.keySet());
    }

    @Test
    void installAndRemove_touchOnlyTheRigsChainAndItsJump() {
        assertEquals("iptables -w -N RAFTKV && iptables -w -I INPUT 1 -j RAFTKV", chain.install());
        assertEquals(
                "while iptables -w -D INPUT -j RAFTKV 2>/dev/null; do :; done; if iptables -w -S RAFTKV >/dev/null"
                        + " 2>&1; then iptables -w -F RAFTKV && iptables -w -X RAFTKV; fi",
                IptablesChain.remove());
        assertEquals("iptables -w -S RAFTKV 2>/dev/null", IptablesChain.leftovers());
    }

    @Test
    void aRunIdOrAddressThatTheShellWouldReadOtherwise_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IptablesChain("x'; rm -rf /"));
        assertThrows(IllegalArgumentException.class, () -> chain.drop("10.0.0.1; reboot"));
    }
}
