package io.raftkv.server;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.http.HttpValidationTest;
import io.raftkv.server.testing.BadInputs;
import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.JarCluster;
import io.raftkv.server.testing.PrometheusText;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
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
 * A real 3-node cluster: the packaged jar as three child processes with TCP peers and on-disk logs,
 * driven over HTTP on loopback. The steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static JarCluster cluster;
    private static final Map<String, String> acknowledged = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        Path jar = Path.of("target", "raftkv-server.jar").toAbsolutePath();
        cluster = new JarCluster(
                        jar,
                        dir,
                        3,
                        List.of(
                                // Generous ticks (elections after 1 to 2 s of silence): three JVMs on a
                                // loaded machine must not hold spurious elections mid-test.
                                "--tick-ms", "100",
                                "--max-key-bytes", "" + BadInputs.MAX_KEY,
                                "--max-value-bytes", "" + BadInputs.MAX_VALUE))
                .start();
        cluster.awaitLeader(WAIT);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String leader() {
        return cluster.awaitLeader(WAIT);
    }

    private static String follower() {
        String leader = leader();
        return cluster.running().stream()
                .filter(id -> !id.equals(leader))
                .findFirst()
                .orElseThrow();
    }

    private static void put(String node, String key, String value) {
        var reply = send("PUT", cluster.url(node) + "/kv/" + key, value);
        assertEquals(200, reply.status(), reply.body());
        acknowledged.put(key, value);
    }

    private static void assertAllAcknowledgedReadable(String node) {
        for (var e : acknowledged.entrySet()) {
            assertEquals(
                    e.getValue(), get(cluster.url(node) + "/kv/" + e.getKey()).body(), node + " " + e.getKey());
        }
    }

    @Test
    @Order(1)
    void writeOnOneNodeReadOnAll() {
        put(follower(), "y", "hello");
        for (String id : cluster.ids()) {
            assertEquals("hello", get(cluster.url(id) + "/kv/y").body(), id);
            Http.await("stale copy on " + id, WAIT, () -> get(cluster.url(id) + "/kv/y?consistency=stale"), r -> "hello"
                    .equals(r.body()));
        }
    }

    @Test
    @Order(2)
    void followerForwardsAndRedirects() {
        String f = follower();
        var forwarded = send("PUT", cluster.url(f) + "/kv/fw", "1");
        assertEquals(200, forwarded.status());
        assertEquals(f, forwarded.header("X-Raftkv-Forwarded-By"));
        acknowledged.put("fw", "1");
        var redirect = send("PUT", cluster.url(f) + "/kv/rd?redirect=true", "1");
        assertEquals(307, redirect.status());
        assertEquals(cluster.url(leader()) + "/kv/rd?redirect=true", redirect.header("Location"));
        var loop = send("PUT", cluster.url(f) + "/kv/lp", "1", "X-Raftkv-Forwarded-By", "someone");
        assertEquals(503, loop.status());
    }

    @Test
    @Order(3)
    void seedApisOnEveryNode() {
        for (String id : cluster.ids()) {
            String url = cluster.url(id);
            assertEquals("ok", get(url + "/set?key=s" + id + "&value=hello").body());
            acknowledged.put("s" + id, "hello");
            assertEquals("hello", get(url + "/get?key=s" + id).body());
            assertEquals(
                    "{}",
                    send("POST", url + "/key", "{\"u1" + id + "\":\"batman\",\"u2" + id + "\":\"robin\"}")
                            .body());
            acknowledged.put("u1" + id, "batman");
            acknowledged.put("u2" + id, "robin");
            assertEquals(
                    new JsonObject().put("u2" + id, "robin"),
                    get(url + "/key/u2" + id).json());
            assertEquals("{}", send("DELETE", url + "/key/gone", null).body());
        }
    }

    @Test
    @Order(4)
    void everyBadInputGetsItsAnswerAndNodesStayUp() {
        put(leader(), "present", "v");
        for (String id : List.of(leader(), follower())) {
            for (BadInputs.Case c : BadInputs.all()) {
                HttpValidationTest.assertAnswered(cluster.url(id), c);
            }
        }
        for (String id : cluster.ids()) {
            assertEquals(200, get(cluster.url(id) + "/health").status());
        }
    }

    @Test
    @Order(5)
    void killedLeaderIsReplacedAndCatchesUpAfterRestart() {
        for (int i = 0; i < 30; i++) {
            put(cluster.ids().get(i % 3), "k" + i, "v" + i);
        }
        String old = leader();
        cluster.kill(old);
        String next = leader();
        assertNotEquals(old, next);
        for (String id : cluster.running()) {
            assertAllAcknowledgedReadable(id);
        }
        put(follower(), "after-kill", "yes");

        cluster.start(old);
        Http.await(
                "restarted node catches up",
                WAIT,
                () -> get(cluster.url(old) + "/kv/after-kill?consistency=stale"),
                r -> "yes".equals(r.body()));
        assertAllAcknowledgedReadable(old);
        assertEquals(next, leader(), "every node, the restarted one included, names the same leader");
    }

    @Test
    @Order(6)
    void sigtermShutsDownCleanlyAndTheNodeComesBack() {
        String f = follower();
        int code = cluster.terminate(f);
        assertEquals(143, code, cluster.log(f)); // 128 + SIGTERM, after the shutdown hook ran
        assertTrue(cluster.log(f).contains("shutting down"), cluster.log(f));
        put(leader(), "during-term", "1");
        cluster.start(f);
        Http.await(
                "node back after SIGTERM",
                WAIT,
                () -> get(cluster.url(f) + "/kv/during-term?consistency=stale"),
                r -> "1".equals(r.body()));
        assertAllAcknowledgedReadable(f);
    }

    /**
     * A follower whose data directory is lost comes back empty and rejects what the leader sends it
     * for entries it had acknowledged: the leader notices, logs it, and replicates its log to it
     * again, without an election.
     */
    @Test
    @Order(8)
    void aFollowerWithItsDataWipedCatchesUpWhileTheSameNodeLeads() throws Exception {
        String leader = leader();
        long term = status(leader).getLong("term");
        String f = follower();
        cluster.kill(f);
        try (var files = Files.walk(dir.resolve(f))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(Files.exists(dir.resolve(f)), "data directory wiped");
        put(leader, "after-wipe", "yes");

        cluster.start(f);
        Http.await(
                "wiped node catches up",
                WAIT,
                () -> get(cluster.url(f) + "/kv/after-wipe?consistency=stale"),
                r -> "yes".equals(r.body()));
        for (var e : acknowledged.entrySet()) {
            assertEquals(
                    e.getValue(),
                    get(cluster.url(f) + "/kv/" + e.getKey() + "?consistency=stale")
                            .body(),
                    f + " " + e.getKey());
        }
        assertEquals(leader, leader(), "the same node leads");
        assertEquals(term, status(leader).getLong("term"), "no election");
        assertTrue(cluster.log(leader).contains(f + " no longer holds entries"), cluster.log(leader));
    }

    private static JsonObject status(String node) {
        return get(cluster.url(node) + "/status").json();
    }

    @Test
    @Order(7)
    void everyNodeServesPrometheusMetrics() {
        String leader = leader();
        put(leader, "metered", "1");
        for (String id : cluster.running()) {
            var reply = get(cluster.url(id) + "/metrics");
            assertEquals(200, reply.status(), id);
            PrometheusText.Scrape scrape = PrometheusText.parse(reply.body());
            assertEquals(id.equals(leader) ? 1 : 0, scrape.value("raftkv_role", "role", "leader"), id);
            assertTrue(scrape.value("raftkv_commit_index") > 0, id);
            assertTrue(scrape.value("raftkv_fsync_seconds_count") > 0, id + " fsynced its log");
            assertEquals("histogram", scrape.types().get("raftkv_fsync_seconds"), id);
        }
        PrometheusText.Scrape onLeader =
                PrometheusText.parse(get(cluster.url(leader) + "/metrics").body());
        assertTrue(onLeader.value("raftkv_messages_sent_total", "type", "append_request") > 0);
        assertTrue(onLeader.sum("vertx_http_server_requests_total", "route", "/kv/:key", "method", "PUT") > 0);
    }
}
