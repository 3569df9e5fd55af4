package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One-node local clusters: real server processes. */
class LocalClusterIT {

    /**
     * The local backend picks a node's ports before the node binds them; another process may take
     * one in between. Here the race is made certain: the first port handed out is held open.
     */
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

    @Test
    void aRunningServer_hasAPidFileNamingItAndThisRig_removedWhenItStops(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("nodes/n1.pid");
        try (var cluster = new LocalCluster(1, dir, ServerJar.find(), List.of())) {
            cluster.start();
            PidFile pids = PidFile.read(pidFile);
            assertEquals(ProcessStamp.current(), pids.rig());
            assertTrue(pids.server().isAlive(), "the server named in " + pidFile + " runs");

            cluster.kill("n1");
            assertFalse(Files.exists(pidFile), "no pid file for a killed node");
            assertFalse(pids.server().isAlive());

            cluster.restart("n1");
            assertTrue(PidFile.read(pidFile).server().isAlive(), "a restarted node has a new pid file");
        }
        assertFalse(Files.exists(pidFile), "no pid file after a clean stop");
    }
}
