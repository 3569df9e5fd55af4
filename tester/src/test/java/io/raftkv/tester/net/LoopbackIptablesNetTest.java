package io.raftkv.tester.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackIptablesNetTest {
    private final LoopbackIptablesNet net = new LoopbackIptablesNet(
            Map.of("n1", "127.0.0.11", "n2", "127.0.0.12", "n3", "127.0.0.13"),
            Map.of("n1", 61101, "n2", 61102, "n3", 61103));

    @Test
    void aGrudge_replacesTheChainWithOneDropPerCutLink() {
        var grudge = new Grudge(Map.of("n1", Set.of("n3"), "n3", Set.of("n1", "n2")));
        assertEquals("""
                *filter
                :RAFTKV-ETCD - [0:0]
                -A RAFTKV-ETCD -s 127.0.0.13/32 -d 127.0.0.11/32 -j DROP
                -A RAFTKV-ETCD -s 127.0.0.11/32 -d 127.0.0.13/32 -j DROP
                -A RAFTKV-ETCD -s 127.0.0.12/32 -d 127.0.0.13/32 -j DROP
                COMMIT
                """, net.rules(grudge));
        assertEquals("*filter\n:RAFTKV-ETCD - [0:0]\nCOMMIT\n", net.rules(Grudge.none()), "healed: an empty chain");
    }

    @Test
    void open_jumpsFromInputAndOutput_andSnatsEachNodesUid() {
        List<List<String>> cmds = net.openCommands();
        assertEquals(List.of("iptables", "-w", "-I", "INPUT", "-j", "RAFTKV-ETCD"), cmds.get(1));
        assertEquals(List.of("iptables", "-w", "-I", "OUTPUT", "-j", "RAFTKV-ETCD"), cmds.get(2));
        assertEquals(
                List.of(
                        "iptables",
                        "-w",
                        "-t",
                        "nat",
                        "-A",
                        "RAFTKV-ETCD",
                        "-o",
                        "lo",
                        "-m",
                        "owner",
                        "--uid-owner",
                        "61102",
                        "-j",
                        "SNAT",
                        "--to-source",
                        "127.0.0.12"),
                cmds.get(6));
        assertEquals(8, cmds.size());
    }

    @Test
    void close_removesTheJumpsBeforeTheChains() {
        var cmds = LoopbackIptablesNet.removeCommands().stream()
                .map(c -> String.join(" ", c.subList(2, c.size())))
                .toList();
        assertEquals(
                List.of(
                        "-D INPUT -j RAFTKV-ETCD",
                        "-D OUTPUT -j RAFTKV-ETCD",
                        "-F RAFTKV-ETCD",
                        "-X RAFTKV-ETCD",
                        "-t nat -D POSTROUTING -j RAFTKV-ETCD",
                        "-t nat -F RAFTKV-ETCD",
                        "-t nat -X RAFTKV-ETCD"),
                cmds);
    }
}
