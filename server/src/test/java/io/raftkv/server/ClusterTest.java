package io.raftkv.server;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.InProcessCluster;
import io.raftkv.server.testing.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three nodes in one JVM over an in-memory network: forwarding, redirect, failover, unknown outcomes. */
class ClusterTest {
    private static final Duration ELECTION = Duration.ofSeconds(10);
    private InProcessCluster cluster;
    private String leader;

    @BeforeEach
    void start() {
        cluster = new InProcessCluster(3, 1024, 1 << 20).start();
        leader = cluster.awaitLeader(ELECTION);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void followerForwardsWritesAndReadsToTheLeader() {
        String f = cluster.followerOf(leader);
        var put = send("PUT", cluster.url(f) + "/kv/y", "hello");
        assertEquals(200, put.status(), put.body());
        assertEquals(f, put.header("X-Raftkv-Forwarded-By"));
        assertEquals(leader, put.header("X-Raftkv-Served-By"), "the leader executed the forwarded write");
        assertEquals(
                leader, send("PUT", cluster.url(leader) + "/kv/z", "direct").header("X-Raftkv-Served-By"));
        var stale = get(cluster.url(f) + "/kv/y?consistency=stale");
        assertEquals(f, stale.header("X-Raftkv-Served-By"), "a stale read is served where it is asked");
        for (String id : cluster.ids()) {
            assertEquals("hello", get(cluster.url(id) + "/kv/y").body(), id);
            Http.await(
                    "stale read on " + id,
                    ELECTION,
                    () -> get(cluster.url(id) + "/kv/y?consistency=stale"),
                    r -> r.status() == 200 && r.body().equals("hello"));
        }
    }

    @Test
    void followerForwardsABatchAndARetryOfItGetsTheFirstAnswer() {
        String f = cluster.followerOf(leader);
        String body = "{\"fa\":\"1\",\"fb\":\"2\",\"fc\":\"3\"}";
        String[] session = {"X-Client-Id", "batch-via-follower", "X-Request-Seq", "1"};
        var first = send("POST", cluster.url(f) + "/kv", body, session);
        assertEquals(200, first.status(), first.body());
        assertEquals(f, first.header("X-Raftkv-Forwarded-By"));
        assertEquals(3, first.json().getInteger("keys"));
        var retry = send("POST", cluster.url(leader) + "/kv", body, session);
        assertEquals(first.json(), retry.json(), "the retry, at the leader itself, gets the first answer");
        for (String id : cluster.ids()) {
            Http.await(
                    "the batch on " + id,
                    ELECTION,
                    () -> get(cluster.url(id) + "/kv/fc?consistency=stale"),
                    r -> r.status() == 200 && r.body().equals("3"));
            assertEquals("1", get(cluster.url(id) + "/kv/fa?consistency=stale").body(), id);
            // Seen together: the one entry that holds the three keys is applied on every node.
            assertEquals("2", get(cluster.url(id) + "/kv/fb?consistency=stale").body(), id);
        }
    }

    @Test
    void redirectNamesTheLeader() {
        var reply = send("PUT", cluster.url(cluster.followerOf(leader)) + "/kv/r?redirect=true", "v");
        assertEquals(307, reply.status());
        assertEquals(cluster.url(leader) + "/kv/r?redirect=true", reply.header("Location"));
        assertEquals(404, get(cluster.url(leader) + "/kv/r").status(), "a redirect writes nothing");
    }

    @Test
    void forwardedRequestIsNotForwardedAgain() {
        var reply = send(
                "PUT", cluster.url(cluster.followerOf(leader)) + "/kv/loop", "v", "X-Raftkv-Forwarded-By", "elsewhere");
        assertEquals(503, reply.status());
        assertEquals(leader, reply.json().getString("leader"));
    }

    @Test
    void newLeaderKeepsEveryAcknowledgedWriteAndOldLeaderCatchesUp() {
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String node = cluster.ids().get(i % 3);
            if (send("PUT", cluster.url(node) + "/kv/k" + i, "v" + i).status() == 200) {
                acked.add("k" + i);
            }
        }
        assertEquals(20, acked.size());
        String old = leader;
        cluster.stop(old);
        String survivor =
                cluster.ids().stream().filter(id -> !id.equals(old)).findFirst().orElseThrow();
        leader = cluster.awaitLeader(ELECTION);
        assertNotEquals(old, leader);
        for (String key : acked) {
            assertEquals(
                    "v" + key.substring(1),
                    get(cluster.url(survivor) + "/kv/" + key).body());
        }
        assertEquals(
                200, send("PUT", cluster.url(survivor) + "/kv/after", "yes").status());

        cluster.start(old);
        Http.await(
                "restarted node catches up",
                ELECTION,
                () -> get(cluster.url(old) + "/kv/after?consistency=stale"),
                r -> r.status() == 200 && r.body().equals("yes"));
        assertEquals("v19", get(cluster.url(old) + "/kv/k19?consistency=stale").body());
    }

    @Test
    void aWriteThatCannotCommitIsIndeterminateNotFailed() {
        // No entry reaches any follower, heartbeats do: whoever leads stays leader and cannot commit,
        // however long the request takes.
        cluster.network().dropEntries(null, null);
        var reply = send("PUT", cluster.url(leader) + "/kv/cut", "v");
        assertEquals(504, reply.status(), reply.body());
        assertEquals(true, reply.json().getBoolean("indeterminate"));
        cluster.network().heal();
        String current = cluster.awaitLeader(ELECTION);
        assertTrue(cluster.ids().contains(current));
        assertEquals(200, send("PUT", cluster.url(current) + "/kv/cut", "w").status());
        assertEquals("w", get(cluster.url(leader) + "/kv/cut").body());
    }

    @Test
    void followerForwardsARequestWithAnAbsoluteTarget() {
        assertEquals(200, send("PUT", cluster.url(leader) + "/kv/abs", "v").status());
        var a = RawHttp.exchange(
                cluster.port(cluster.followerOf(leader)),
                "GET http://127.0.0.1/kv/abs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertEquals(200, a.status(), a.body());
        assertEquals("v", a.body());
        assertEquals(leader, a.header("X-Raftkv-Served-By"));
    }
}
