package io.raftkv.tester.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local clusters: real server processes. */
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
    void threeNodes_authenticateWithTheRunsOwnSecret_electALeaderAndForward(@TempDir Path dir) throws Exception {
        try (var cluster = new LocalCluster(3, dir, ServerJar.find(), List.of())) {
            cluster.start();
            Path secret = dir.resolve("cluster-secret");
            assertTrue(Files.readString(secret).strip().length() >= 32, "a secret of 32 random bytes, hex");
            var http = HttpClient.newHttpClient();
            // Every node agrees on a leader, and a follower forwards a write to it.
            String leader = null;
            String follower = null;
            int status = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status != 200 && System.nanoTime() < deadline) {
                var s = http.send(
                        HttpRequest.newBuilder(cluster.http("n1").resolve("/status"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                var m = java.util.regex.Pattern.compile("\"leader\":\"(n\\d)\"").matcher(s.body());
                if (m.find()) {
                    leader = m.group(1);
                    follower = leader.equals("n1") ? "n2" : "n1";
                    status = http.send(
                                    HttpRequest.newBuilder(
                                                    cluster.http(follower).resolve("/kv/k"))
                                            .PUT(HttpRequest.BodyPublishers.ofString("v"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                }
                if (status != 200) {
                    Thread.sleep(100); // polling interval while the cluster elects its first leader
                }
            }
            assertEquals(200, status, "a write through follower " + follower + " of leader " + leader);
            for (String node : List.of("n1", "n2", "n3")) {
                String log = Files.readString(dir.resolve("nodes").resolve(node + ".log"));
                assertFalse(log.contains("peers are not authenticated"), node + " runs with the cluster secret");
                assertFalse(log.contains("cluster-secret proof"), node + " refused no peer: " + log);
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
