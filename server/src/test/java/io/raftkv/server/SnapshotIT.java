package io.raftkv.server;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.JarCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots, InstallSnapshot and leadership transfer on a real 3-node cluster of the packaged jar,
 * with a snapshot every 25 entries so that a node kept down misses many of them. The steps build on
 * each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static JarCluster cluster;
    /** Every acknowledged write's effect: key to value, null for a deleted key. */
    private static final Map<String, String> expected = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        Path jar = Path.of("target", "raftkv-server.jar").toAbsolutePath();
        cluster = new JarCluster(
                        jar,
                        dir,
                        3,
                        List.of(
                                // Generous ticks (elections after 1 to 2 s of silence): three JVMs on a loaded
                                // machine must not hold spurious elections mid-test.
                                "--tick-ms", "100", "--snapshot-threshold", "25"))
                .start();
        cluster.awaitLeader(WAIT);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void put(String node, String key, String value) {
        var reply = send("PUT", cluster.url(node) + "/kv/" + key, value);
        assertEquals(200, reply.status(), reply.body());
        expected.put(key, value);
    }

    private static JsonObject status(String node) {
        return get(cluster.url(node) + "/status").json();
    }

    /** Waits until {@code node} applied everything the leader had committed, then checks its own map. */
    private static void assertHoldsEveryAcknowledgedWrite(String node) {
        long commit = status(cluster.awaitLeader(WAIT)).getLong("commitIndex");
        Http.await(
                node + " applying up to " + commit, WAIT, () -> status(node), s -> s.getLong("appliedIndex") >= commit);
        for (var e : expected.entrySet()) {
            var reply = get(cluster.url(node) + "/kv/" + e.getKey() + "?consistency=stale");
            if (e.getValue() == null) {
                assertEquals(404, reply.status(), node + " " + e.getKey() + ": " + reply.body());
            } else {
                assertEquals(200, reply.status(), node + " " + e.getKey() + ": " + reply.body());
                assertEquals(e.getValue(), reply.body(), node + " " + e.getKey());
            }
        }
    }

    @Test
    @Order(1)
    void aNodeDownForManySnapshotsCatchesUpByInstallingOne() {
        String leader = cluster.awaitLeader(WAIT);
        String lagging = cluster.running().stream()
                .filter(id -> !id.equals(leader))
                .findFirst()
                .orElseThrow();
        for (int i = 0; i < 20; i++) {
            put(leader, "k" + i, "early-" + i);
        }
        cluster.kill(lagging);
        String padding = "x".repeat(10_000); // 150 keys of 10 KB: the snapshot takes several chunks
        for (int i = 0; i < 300; i++) {
            put(leader, "k" + (i % 150), "v" + i + padding);
        }
        var del = send("DELETE", cluster.url(leader) + "/kv/k3", null);
        assertEquals(200, del.status(), del.body());
        expected.put("k3", null);

        JsonObject ls = status(leader);
        assertTrue(ls.getLong("snapshotsTaken") >= 5, "leader took several snapshots: " + ls);
        assertTrue(ls.getLong("snapshotIndex") > 250, "leader compacted its log: " + ls);
        assertTrue(ls.getLong("logEntries") < 100, "the log was truncated: " + ls);

        cluster.start(lagging);
        JsonObject caughtUp = Http.await(
                lagging + " installing a snapshot",
                WAIT,
                () -> status(lagging),
                s -> s.getLong("snapshotsInstalled") >= 1);
        assertTrue(caughtUp.getLong("snapshotBytes") > 1_400_000, "more than one 1 MiB chunk: " + caughtUp);
        assertHoldsEveryAcknowledgedWrite(lagging);
        assertTrue(cluster.log(lagging).contains("installed the leader's snapshot"));
    }

    @Test
    @Order(2)
    void everyNodeRestartsFromItsSnapshotAndLogTail() {
        for (String id : cluster.ids()) {
            cluster.kill(id);
        }
        for (String id : cluster.ids()) {
            cluster.start(id);
            JsonObject s = status(id);
            assertTrue(s.getLong("snapshotIndex") > 250, "restarted from a snapshot: " + s);
        }
        String leader = cluster.awaitLeader(WAIT);
        put(leader, "after-restart", "yes");
        for (String id : cluster.ids()) {
            assertHoldsEveryAcknowledgedWrite(id);
        }
    }

    @Test
    @Order(3)
    void leadershipMovesToTheRequestedNode() {
        String leader = cluster.awaitLeader(WAIT);
        List<String> others =
                cluster.ids().stream().filter(id -> !id.equals(leader)).toList();
        String target = others.get(0);
        String via = others.get(1); // not the leader: the request is forwarded
        var reply = send(
                "POST",
                cluster.url(via) + "/cluster/leader",
                new JsonObject().put("id", target).encode());
        assertEquals(200, reply.status(), reply.body());
        assertEquals(target, reply.json().getString("leader"));
        assertEquals(target, cluster.awaitLeader(WAIT));
        put(via, "after-transfer", "yes");

        var again = send(
                "POST",
                cluster.url(leader) + "/cluster/leader",
                new JsonObject().put("id", target).encode());
        assertEquals(200, again.status(), "asking for the current leader is a no-op: " + again.body());

        var unknown = send("POST", cluster.url(via) + "/cluster/leader", "{\"id\":\"n9\"}");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.json().getString("error").contains("n9"), unknown.body());
        var noId = send("POST", cluster.url(via) + "/cluster/leader", "{}");
        assertEquals(400, noId.status(), noId.body());
        var notJson = send("POST", cluster.url(via) + "/cluster/leader", "n2");
        assertEquals(400, notJson.status(), notJson.body());

        cluster.kill(leader); // the old leader, now a follower: it cannot take over while down
        var toDown = send(
                "POST",
                cluster.url(via) + "/cluster/leader",
                new JsonObject().put("id", leader).encode());
        assertEquals(504, toDown.status(), toDown.body());
        assertEquals(leader, toDown.json().getString("target"), toDown.body());
        assertTrue(toDown.json().getString("error").contains("did not move"), toDown.body());
        assertEquals(target, cluster.awaitLeader(WAIT), "the leader serves again after a failed transfer");
        put(via, "after-failed-transfer", "yes");
        cluster.start(leader);
        for (String id : cluster.ids()) {
            assertHoldsEveryAcknowledgedWrite(id);
        }
    }
}
