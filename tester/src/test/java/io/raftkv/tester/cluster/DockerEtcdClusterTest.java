package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.tester.system.EtcdSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerEtcdClusterTest {

    @Test
    void eachMember_listensOnEveryInterface_andIsReachedByItsAlias() {
        var cluster = new DockerEtcdCluster(3, new EtcdSystem(Path.of("/usr/bin/etcd"), true), List.of("--debug"));
        List<String> cmd = cluster.commandOf("n3");
        assertEquals("/usr/bin/etcd", cmd.getFirst());
        assertEquals("/data", cmd.get(cmd.indexOf("--data-dir") + 1));
        assertEquals("http://0.0.0.0:2380", cmd.get(cmd.indexOf("--listen-peer-urls") + 1));
        assertEquals("http://n3:2380", cmd.get(cmd.indexOf("--initial-advertise-peer-urls") + 1));
        assertEquals("http://n3:2379", cmd.get(cmd.indexOf("--advertise-client-urls") + 1));
        assertEquals(
                "n1=http://n1:2380,n2=http://n2:2380,n3=http://n3:2380", cmd.get(cmd.indexOf("--initial-cluster") + 1));
        assertEquals("--debug", cmd.getLast());
    }
}
