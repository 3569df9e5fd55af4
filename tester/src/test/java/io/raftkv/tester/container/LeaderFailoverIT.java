package io.raftkv.tester.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Three server containers on one network: writes through one node are read through all; after the
 * leader is killed by the engine a new one is elected and no acknowledged write is lost; the killed
 * node, restarted on its own data, catches up.
 */
@RequiresDockerEngine
class LeaderFailoverIT {
    private static final Duration ELECTION = Duration.ofSeconds(60);
    private static final Duration CATCH_UP = Duration.ofSeconds(90);

    private static Cluster cluster;

    @RegisterExtension
    static final TestWatcher NODE_LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cluster != null) {
                cluster.nodes().forEach(n -> System.err.printf("---- logs of %s ----%n%s%n", n, n.logs()));
            }
        }
    };

    @BeforeAll
    static void startCluster() {
        ContainerEngine.require();
        cluster = new Cluster(ContainerEngine.serverImage(), 3);
        long started = System.nanoTime();
        cluster.start();
        ServerNode leader = Cluster.awaitLeader(cluster.nodes(), ELECTION);
        System.out.printf(
                "3 nodes: %d ms from docker run to an elected leader (%s)%n",
                (System.nanoTime() - started) / 1_000_000, leader);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killedLeaderIsReplacedWithoutLosingAcknowledgedWritesAndCatchesUpAfterRestart() throws Exception {
        List<ServerNode> all = cluster.nodes();
        Map<String, String> acknowledged = new LinkedHashMap<>();

        // Written through one node (forwarded to the leader if it follows), read through every node.
        ServerNode writer = all.getFirst();
        for (int i = 0; i < 20; i++) {
            Cluster.write(writer, "before-" + i, "value-" + i, ELECTION);
            acknowledged.put("before-" + i, "value-" + i);
        }
        for (ServerNode node : all) {
            assertReadable(node, acknowledged, false);
        }

        ServerNode oldLeader = Cluster.awaitLeader(all, ELECTION);
        oldLeader.kill();
        Await.condition(oldLeader + " stopped", Duration.ofSeconds(10), () -> !oldLeader.running());
        List<ServerNode> survivors = all.stream().filter(n -> n != oldLeader).toList();

        ServerNode newLeader = Cluster.awaitLeader(survivors, ELECTION);
        assertNotEquals(oldLeader.id(), newLeader.id());
        for (ServerNode node : survivors) {
            assertReadable(node, acknowledged, false);
        }
        ServerNode follower =
                survivors.stream().filter(n -> n != newLeader).findFirst().orElseThrow();
        for (int i = 0; i < 20; i++) {
            Cluster.write(follower, "after-" + i, "value-" + i, ELECTION);
            acknowledged.put("after-" + i, "value-" + i);
        }

        // Same container, same /data volume; its published port may have changed.
        oldLeader.restart();
        Await.condition(
                oldLeader + " catches up on its own copy", CATCH_UP, () -> readsLocally(oldLeader, acknowledged));
        Cluster.awaitLeader(all, ELECTION);
        Cluster.write(oldLeader, "after-restart", "value", ELECTION);
        acknowledged.put("after-restart", "value");
        for (ServerNode node : all) {
            assertReadable(node, acknowledged, false);
        }
    }

    private static void assertReadable(ServerNode node, Map<String, String> expected, boolean stale) throws Exception {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<String> response = node.get(e.getKey(), stale);
            assertEquals(200, response.statusCode(), () -> node + " GET " + e.getKey() + ": " + response.body());
            assertEquals(e.getValue(), response.body(), () -> node + " GET " + e.getKey());
        }
    }

    /** True when the node's local (stale) copy holds every expected value. */
    private static boolean readsLocally(ServerNode node, Map<String, String> expected) throws Exception {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<String> response = node.get(e.getKey(), true);
            if (response.statusCode() != 200 || !e.getValue().equals(response.body())) {
                return false;
            }
        }
        return true;
    }
}
