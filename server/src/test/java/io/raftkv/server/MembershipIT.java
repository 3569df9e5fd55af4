package io.raftkv.server;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.JarCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes on real processes: a 3-node cluster grows to 5 with {@code --join} and shrinks
 * back to 3 by removing two of the original members (the leader among them) while a client keeps
 * writing; every acknowledged write survives on the final members, and the removed nodes know.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MembershipIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static JarCluster cluster;
    private static final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private static final AtomicBoolean writing = new AtomicBoolean(true);
    private static final AtomicInteger failedWrites = new AtomicInteger();
    private static Thread writer;
    private static final Map<String, Integer> failures = new ConcurrentHashMap<>();

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
                                "--tick-ms", "100", "--snapshot-threshold", "300"))
                .start();
        cluster.awaitLeader(WAIT);
        writer = Thread.ofPlatform().name("writer").start(MembershipIT::writeUntilStopped);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        writing.set(false);
        if (writer != null) {
            writer.join(30_000);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Writes k0, k1, ... through whichever current member answers; records what was acknowledged. */
    private static void writeUntilStopped() {
        int i = 0;
        int attempt = 0;
        while (writing.get() && i < 20_000) {
            List<String> nodes = cluster.running();
            String node = nodes.get(attempt++ % nodes.size());
            String key = "k" + i;
            try {
                var reply = send("PUT", cluster.url(node) + "/kv/" + key, "v" + i);
                if (reply.status() == 200) {
                    acknowledged.put(key, "v" + i);
                    i++;
                    continue;
                }
                failures.merge(node + " " + reply.status() + " " + reply.body(), 1, Integer::sum);
            } catch (java.io.UncheckedIOException e) {
                // that node was just killed: try the next one
            }
            failedWrites.incrementAndGet();
        }
    }

    private static JsonObject clusterView(String node) {
        return get(cluster.url(node) + "/cluster").json();
    }

    private static List<Object> voters(String node) {
        JsonArray voters = clusterView(node).getJsonArray("voters");
        return voters == null ? List.of() : voters.getList();
    }

    private static void awaitVoters(String node, List<String> expected) {
        Http.await("voters " + expected + " on " + node, WAIT, () -> voters(node), v -> v.equals(expected));
    }

    @Test
    @Order(1)
    void twoNodesJoinAndBecomeVoters() {
        cluster.join("n4", "n1");
        cluster.join("n5", "n2");
        for (String id : List.of("n1", "n4", "n5")) {
            awaitVoters(id, List.of("n1", "n2", "n3", "n4", "n5"));
        }
        JsonObject status = get(cluster.url("n4") + "/status").json();
        assertEquals(5, status.getJsonArray("peers").size(), status.encode());
        int before = acknowledged.size();
        Http.await("writes continue", WAIT, acknowledged::size, n -> n > before + 20);
    }

    @Test
    @Order(2)
    void removingTheLeaderAndAnotherLeavesThreeThatServe() {
        String leader = cluster.awaitLeader(WAIT);
        String other = List.of("n1", "n2", "n3").stream()
                .filter(id -> !id.equals(leader))
                .findFirst()
                .orElseThrow();
        // Through a node that stays, which forwards to the leader.
        var first = send("DELETE", cluster.url("n5") + "/cluster/nodes/" + other, null);
        assertEquals(200, first.status(), first.body());
        var again = send("DELETE", cluster.url("n4") + "/cluster/nodes/" + other, null);
        assertEquals(200, again.status(), "removing twice is harmless: " + again.body());
        var removeLeader = send("DELETE", cluster.url("n5") + "/cluster/nodes/" + leader, null);
        assertEquals(200, removeLeader.status(), removeLeader.body());

        List<String> remaining = new java.util.ArrayList<>(List.of("n1", "n2", "n3", "n4", "n5"));
        remaining.removeAll(List.of(leader, other));
        for (String id : remaining) {
            awaitVoters(id, remaining);
        }
        for (String gone : List.of(leader, other)) {
            Http.await(
                    gone + " knows it was removed",
                    WAIT,
                    () -> get(cluster.url(gone) + "/status").json().getString("role"),
                    "removed"::equals);
        }
        cluster.kill(leader);
        cluster.kill(other);
        String newLeader = cluster.awaitLeader(WAIT);
        assertTrue(remaining.contains(newLeader), newLeader);
        int before = acknowledged.size();
        Http.await("writes continue on three", WAIT, acknowledged::size, n -> n > before + 20);
    }

    @Test
    @Order(3)
    void noAcknowledgedWriteIsLost() throws InterruptedException {
        writing.set(false);
        writer.join(30_000);
        // Each step above saw 20 more; how many more is the machine's speed, not the server's doing.
        assertTrue(acknowledged.size() > 40, "writes made progress: " + acknowledged.size());
        for (String node : cluster.running()) {
            var missing = acknowledged.entrySet().stream()
                    .filter(e -> !e.getValue()
                            .equals(get(cluster.url(node) + "/kv/" + e.getKey()).body()))
                    .map(Map.Entry::getKey)
                    .limit(5)
                    .toList();
            assertEquals(List.of(), missing, node + " lost acknowledged writes (of " + acknowledged.size() + ")");
        }
        System.out.printf(
                "membership 3 -> 5 -> 3: %d writes acknowledged, %d attempts refused or unknown%n",
                acknowledged.size(), failedWrites.get());
        failures.forEach((what, n) -> System.out.println("  " + n + " x " + what));
    }

    @Test
    @Order(4)
    void badMembershipRequestsAreRefusedClearly() {
        String node = cluster.running().getFirst();
        String url = cluster.url(node);
        assertEquals(
                400,
                send("POST", url + "/cluster/nodes", "{\"id\":\"a b\",\"raft\":\"h:1\"}")
                        .status());
        assertEquals(
                400,
                send("POST", url + "/cluster/nodes", "{\"id\":\"z\",\"raft\":\"nope\"}")
                        .status());
        assertEquals(400, send("POST", url + "/cluster/nodes", "not json").status());
        assertEquals(400, send("POST", url + "/join", "{\"id\":\"z\"}").status());
        var taken = send("POST", url + "/cluster/nodes", "{\"id\":\"n4\",\"raft\":\"127.0.0.1:1\"}");
        assertEquals(409, taken.status(), taken.body());
        assertTrue(taken.json().getString("error").contains("already a member"), taken.body());
    }
}
