package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend picks a node's ports before the node binds them; another process may take one
 * in between. Here the race is made certain: the first port handed out is held open by the test.
 */
class LocalClusterPortIT {

    @Test
    void aNodeWhosePortIsTakenBeforeItBinds_startsOnAnotherPort(@TempDir Path dir) throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var calls = new AtomicInteger();
            LocalPorts ports = () -> calls.getAndIncrement() == 0 ? taken.getLocalPort() : LocalPorts.DEFAULT.next();
            try (var cluster = new LocalCluster(1, dir, ServerJar.find(), List.of(), ports)) {
                cluster.start();
                assertNotEquals(taken.getLocalPort(), cluster.http("n1").getPort());
                assertTrue(Health.ok(cluster.http("n1")), "n1 answers /health on " + cluster.http("n1"));
            }
        }
    }
}
