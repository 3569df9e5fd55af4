package io.raftkv.tester.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftkv.tester.nemesis.FaultKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EtcdSystemTest {
    private final EtcdSystem etcd = new EtcdSystem(Path.of("/usr/bin/etcd"), false);

    @Test
    void command_startsOneMemberOfAStaticCluster() {
        var peers = new LinkedHashMap<String, String>();
        peers.put("n1", "127.0.0.11:2380");
        peers.put("n2", "127.0.0.12:2380");
        var launch = new NodeLaunch(
                "n2",
                Path.of("/runs/x/data/n2"),
                "127.0.0.12:2379",
                "127.0.0.12:2380",
                peers,
                List.of("--debug"),
                false);
        assertEquals(
                List.of(
                        "/usr/bin/etcd",
                        "--name",
                        "n2",
                        "--data-dir",
                        "/runs/x/data/n2",
                        "--listen-client-urls",
                        "http://127.0.0.12:2379",
                        "--advertise-client-urls",
                        "http://127.0.0.12:2379",
                        "--listen-peer-urls",
                        "http://127.0.0.12:2380",
                        "--initial-advertise-peer-urls",
                        "http://127.0.0.12:2380",
                        "--initial-cluster",
                        "n1=http://127.0.0.11:2380,n2=http://127.0.0.12:2380",
                        "--initial-cluster-state",
                        "new",
                        "--initial-cluster-token",
                        "raftkv-rig",
                        "--logger",
                        "zap",
                        "--log-outputs",
                        "stderr",
                        "--debug"),
                etcd.command(launch));
    }

    @Test
    void inAContainer_itListensOnEveryInterface_andAdvertisesItsName() {
        var launch =
                new NodeLaunch("n1", Path.of("/data"), "n1:2379", "n1:2380", Map.of("n1", "n1:2380"), List.of(), true);
        List<String> cmd = new EtcdSystem(Path.of("/usr/bin/etcd"), false).command(launch);
        assertEquals("http://0.0.0.0:2379", cmd.get(cmd.indexOf("--listen-client-urls") + 1));
        assertEquals("http://n1:2379", cmd.get(cmd.indexOf("--advertise-client-urls") + 1));
        assertEquals("http://0.0.0.0:2380", cmd.get(cmd.indexOf("--listen-peer-urls") + 1));
        assertEquals("http://n1:2380", cmd.get(cmd.indexOf("--initial-advertise-peer-urls") + 1));
        assertEquals("n1=http://n1:2380", cmd.get(cmd.indexOf("--initial-cluster") + 1));
    }

    @Test
    void status_namesTheMemberAndTheLeaderItKnows() {
        // As etcd 3.4's gateway answers POST /v3/maintenance/status.
        String body = "{\"header\":{\"cluster_id\":\"14841639068965178418\",\"member_id\":\"10276657743932975437\","
                + "\"revision\":\"7\",\"raft_term\":\"3\"},\"version\":\"3.4.23\",\"dbSize\":\"20480\","
                + "\"leader\":\"10276657743932975437\",\"raftIndex\":\"12\",\"raftTerm\":\"3\","
                + "\"raftAppliedIndex\":\"12\",\"dbSizeInUse\":\"20480\"}";
        assertEquals(
                Optional.of(new EtcdSystem.Status("10276657743932975437", "10276657743932975437", 3)),
                EtcdSystem.parseStatus(body));
        assertEquals(Optional.empty(), EtcdSystem.parseStatus("{\"error\":\"no\"}"));
        assertEquals(Optional.empty(), EtcdSystem.parseStatus("not json"));
    }

    @Test
    void leader_isTheMemberThatLeadsInTheHighestTerm_andAgreedNeedsAMajority() {
        var statuses = new LinkedHashMap<String, EtcdSystem.Status>();
        statuses.put("n1", new EtcdSystem.Status("11", "11", 2)); // deposed, not yet told
        statuses.put("n2", new EtcdSystem.Status("22", "22", 3));
        statuses.put("n3", new EtcdSystem.Status("33", "22", 3));
        assertEquals(Optional.of("n2"), EtcdSystem.leaderOf(statuses));
        assertEquals(Optional.of("n2"), EtcdSystem.agreedOf(statuses, 3));
        assertEquals(Optional.empty(), EtcdSystem.agreedOf(statuses, 5), "2 of 5 is no majority");
        assertEquals(Optional.empty(), EtcdSystem.agreedOf(Map.of("n1", new EtcdSystem.Status("11", "0", 4)), 1));
    }

    @Test
    void membershipFaults_areRefused_andTheOthersPass() {
        etcd.checkFaults(FaultKind.parse("partition,kill,pause", 3));
        var e = assertThrows(
                IllegalArgumentException.class, () -> etcd.checkFaults(FaultKind.parse("membership-leader", 3)));
        assertEquals(
                "--nemesis membership-leader changes membership through raftkv's own API; --system etcd cannot take"
                        + " it (use partition, kill and pause faults)",
                e.getMessage());
    }
}
