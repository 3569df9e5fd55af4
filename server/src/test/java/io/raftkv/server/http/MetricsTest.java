package io.raftkv.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.InProcessCluster;
import io.raftkv.server.testing.PrometheusText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} answers the Prometheus text format, and its series follow the node. */
class MetricsTest {
    private final InProcessCluster cluster = new InProcessCluster(3, 1024, 1 << 20).start();

    @AfterEach
    void close() {
        cluster.close();
    }

    private PrometheusText.Scrape scrape(String id) {
        Http.Reply r = Http.get(cluster.url(id) + "/metrics");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"), r.header("Content-Type"));
        return PrometheusText.parse(r.body());
    }

    @Test
    void theSeriesExistAndMoveWithWrites() {
        String leader = cluster.awaitLeader(Duration.ofSeconds(10));
        PrometheusText.Scrape before = scrape(leader);

        for (String family : List.of(
                "raftkv_role",
                "raftkv_term",
                "raftkv_commit_index",
                "raftkv_applied_index",
                "raftkv_last_log_index",
                "raftkv_log_entries",
                "raftkv_snapshot_index",
                "raftkv_pending_proposals",
                "raftkv_pending_reads")) {
            assertEquals("gauge", before.types().get(family), family);
        }
        assertEquals("histogram", before.types().get("raftkv_fsync_seconds"));
        assertEquals("histogram", before.types().get("raftkv_fsync_batch_entries"));
        assertEquals("histogram", before.types().get("raftkv_commit_seconds"));
        assertEquals("counter", before.types().get("raftkv_messages_sent_total"));
        assertEquals("counter", before.types().get("raftkv_messages_received_total"));
        assertEquals(1, before.value("raftkv_role", "role", "leader"));
        assertEquals(0, before.value("raftkv_role", "role", "follower"));
        assertTrue(before.value("raftkv_term") >= 1);

        int writes = 25;
        for (int i = 0; i < writes; i++) {
            assertEquals(
                    200,
                    Http.send("PUT", cluster.url(leader) + "/kv/k" + i, "v" + i).status());
        }
        assertEquals(200, Http.get(cluster.url(leader) + "/kv/k0").status());
        PrometheusText.Scrape after = scrape(leader);

        assertTrue(
                after.value("raftkv_commit_index") >= before.value("raftkv_commit_index") + writes,
                "commit index " + before.value("raftkv_commit_index") + " -> " + after.value("raftkv_commit_index"));
        assertTrue(after.value("raftkv_applied_index") >= before.value("raftkv_applied_index") + writes);
        assertTrue(after.value("raftkv_fsync_seconds_count") > before.value("raftkv_fsync_seconds_count"));
        assertEquals(writes, after.value("raftkv_commit_seconds_count") - before.value("raftkv_commit_seconds_count"));
        assertTrue(after.value("raftkv_commit_seconds_sum") > before.value("raftkv_commit_seconds_sum"));
        assertTrue(after.value("raftkv_fsync_batch_entries_sum")
                >= before.value("raftkv_fsync_batch_entries_sum") + writes);
        assertTrue(after.value("raftkv_messages_sent_total", "type", "append_request")
                > before.value("raftkv_messages_sent_total", "type", "append_request"));
        assertTrue(after.value("raftkv_messages_received_total", "type", "append_response")
                > before.value("raftkv_messages_received_total", "type", "append_response"));
        assertEquals(0, after.value("raftkv_pending_proposals"));
        assertEquals(0, after.value("raftkv_pending_reads"));

        // HTTP latency by route template, method and status, from Vert.x's own meters.
        assertEquals(
                writes,
                after.sum(
                        "vertx_http_server_response_time_seconds_count",
                        "route",
                        "/kv/:key",
                        "method",
                        "PUT",
                        "code",
                        "200"));
        assertFalse(after.find("vertx_http_server_response_time_seconds_bucket", "route", "/kv/:key")
                .isEmpty());
    }

    @Test
    void aFollowerReportsItsRoleAndTheWritesItApplied() {
        String leader = cluster.awaitLeader(Duration.ofSeconds(10));
        String follower = cluster.ids().stream()
                .filter(id -> !id.equals(leader))
                .findFirst()
                .orElseThrow();
        assertEquals(200, Http.send("PUT", cluster.url(leader) + "/kv/a", "1").status());
        long leaderCommit = (long) scrape(leader).value("raftkv_commit_index");
        PrometheusText.Scrape f = Http.await(
                "the follower to apply the write",
                Duration.ofSeconds(10),
                () -> scrape(follower),
                s -> s.value("raftkv_applied_index") >= leaderCommit);
        assertEquals(1, f.value("raftkv_role", "role", "follower"));
        assertEquals(0, f.value("raftkv_role", "role", "leader"));
        assertTrue(f.value("raftkv_messages_received_total", "type", "append_request") > 0);
    }
}
