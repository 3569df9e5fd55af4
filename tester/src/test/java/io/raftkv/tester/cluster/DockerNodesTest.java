package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.tester.system.EtcdSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerNodesTest {
    private static final List<String> NODES = Cluster.nodeIds(3);

    @Test
    void eachEtcdMember_listensOnEveryInterface_andIsReachedByItsAlias() {
        var spec = DockerNodes.etcd(new EtcdSystem(Path.of("/usr/bin/etcd"), true), List.of("--debug"));
        var launch = spec.launch().apply("n3", NODES);
        List<String> cmd = launch.entrypoint();
        assertEquals("/usr/bin/etcd", cmd.getFirst());
        assertEquals("/data", cmd.get(cmd.indexOf("--data-dir") + 1));
        assertEquals("http://0.0.0.0:2380", cmd.get(cmd.indexOf("--listen-peer-urls") + 1));
        assertEquals("http://n3:2380", cmd.get(cmd.indexOf("--initial-advertise-peer-urls") + 1));
        assertEquals("http://n3:2379", cmd.get(cmd.indexOf("--advertise-client-urls") + 1));
        assertEquals(
                "n1=http://n1:2380,n2=http://n2:2380,n3=http://n3:2380", cmd.get(cmd.indexOf("--initial-cluster") + 1));
        assertEquals("--debug", cmd.getLast());
        assertTrue(launch.command().isEmpty());
        assertEquals(2379, spec.clientPort());
    }

    @Test
    void eachRaftkvServer_isConfiguredByItsEnvironment_withTheServerFlagsAsArguments() {
        var spec = DockerNodes.raftkv(DockerNodes.RAFTKV_IMAGE, List.of("--unsafe-stale-reads"));
        var launch = spec.launch().apply("n2", NODES);
        assertEquals("n2", launch.env().get("RAFTKV_ID"));
        assertEquals("n1=n1:7000,n2=n2:7000,n3=n3:7000", launch.env().get("RAFTKV_PEERS"));
        assertEquals("0.0.0.0:8080", launch.env().get("RAFTKV_HTTP"));
        assertEquals("n2:8080", launch.env().get("RAFTKV_ADVERTISE_HTTP"));
        assertTrue(launch.entrypoint().isEmpty());
        assertEquals(List.of("--unsafe-stale-reads"), launch.command());
        assertEquals(8080, spec.clientPort());
    }

    @Test
    void raftkvServersShareAClusterSecretFreshForEachCluster() {
        var spec = DockerNodes.raftkv(DockerNodes.RAFTKV_IMAGE, List.of());
        var n1 = spec.launch().apply("n1", NODES);
        var n2 = spec.launch().apply("n2", NODES);
        String file = n1.env().get("RAFTKV_CLUSTER_SECRET_FILE");
        assertEquals(DockerNodes.SECRET_FILE, file);
        String secret = n1.files().get(file);
        assertTrue(secret.strip().length() >= 32, secret);
        assertEquals(secret, n2.files().get(n2.env().get("RAFTKV_CLUSTER_SECRET_FILE")), "one secret per cluster");
        var other =
                DockerNodes.raftkv(DockerNodes.RAFTKV_IMAGE, List.of()).launch().apply("n1", NODES);
        assertNotEquals(secret, other.files().get(file), "another cluster, another secret");
    }
}
