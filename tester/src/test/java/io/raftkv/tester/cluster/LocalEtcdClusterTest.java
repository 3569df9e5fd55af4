package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.tester.system.EtcdSystem;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalEtcdClusterTest {
    private final LocalEtcdCluster cluster =
            new LocalEtcdCluster(3, Path.of("/runs/r"), new EtcdSystem(Path.of("/usr/bin/etcd"), false), List.of());

    @Test
    void eachNode_hasItsOwnLoopbackAddressAndUid() {
        assertEquals(URI.create("http://127.0.0.13:2379"), cluster.http("n3"));
        assertEquals("127.0.0.12:2380", cluster.raftAddress("n2"));
        List<String> cmd = cluster.commandOf("n2");
        assertEquals(
                List.of("setpriv", "--reuid=61102", "--regid=61102", "--clear-groups", "--", "/usr/bin/etcd"),
                cmd.subList(0, 6));
        assertEquals("n2", cmd.get(cmd.indexOf("--name") + 1));
        assertEquals("/runs/r/data/n2", cmd.get(cmd.indexOf("--data-dir") + 1));
        assertEquals("http://127.0.0.12:2379", cmd.get(cmd.indexOf("--listen-client-urls") + 1));
        assertEquals(
                "n1=http://127.0.0.11:2380,n2=http://127.0.0.12:2380,n3=http://127.0.0.13:2380",
                cmd.get(cmd.indexOf("--initial-cluster") + 1));
    }
}
