package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.OneNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client is told when it misuses its session: a sequence number reused for another request,
 * or a retry that arrives after its session was evicted (the in-process nodes keep 100 sessions).
 */
class SessionAnswersTest {
    @RegisterExtension
    static final OneNode NODE = new OneNode();

    private static String[] session(String client, long seq) {
        return new String[] {"X-Client-Id", client, "X-Request-Seq", Long.toString(seq)};
    }

    @Test
    void seqReusedForAnotherKindOfRequestIs422() {
        assertEquals(
                200,
                send("PUT", NODE.url() + "/kv/r1", "v", session("reuse-kind", 1))
                        .status());
        Http.Reply reused = send("DELETE", NODE.url() + "/kv/r1", null, session("reuse-kind", 1));
        assertEquals(422, reused.status(), reused.body());
        assertTrue(reused.json().getString("error").contains("different request"), reused.body());
        assertEquals("v", Http.get(NODE.url() + "/kv/r1").body());
    }

    @Test
    void seqReusedForAnotherKeyIs422AndWritesNothing() {
        assertEquals(
                200,
                send("PUT", NODE.url() + "/kv/r2", "v", session("reuse-key", 7)).status());
        Http.Reply reused = send("PUT", NODE.url() + "/kv/r3", "v", session("reuse-key", 7));
        assertEquals(422, reused.status(), reused.body());
        assertEquals(7, reused.json().getLong("seq"));
        assertEquals(404, Http.get(NODE.url() + "/kv/r3").status());
        // The same request again is still a retry, answered as the first time.
        assertEquals(
                200,
                send("PUT", NODE.url() + "/kv/r2", "v", session("reuse-key", 7)).status());
    }

    @Test
    void retryAfterEvictionIsRefusedAndNotAppliedAgain() {
        assertEquals(
                200,
                send("POST", NODE.url() + "/kv/evict/append", "x", session("evicted", 1))
                        .status());
        for (int i = 0; i < 100; i++) {
            assertEquals(
                    200,
                    send("PUT", NODE.url() + "/kv/filler", "f", session("filler-" + i, 1))
                            .status());
        }
        Http.Reply retry = send("POST", NODE.url() + "/kv/evict/append", "x", session("evicted", 1));
        assertEquals(410, retry.status(), retry.body());
        assertTrue(retry.json().getString("error").contains("session expired"), retry.body());
        assertEquals("x", Http.get(NODE.url() + "/kv/evict").body());
        // A new request of that client (a higher seq) is applied and opens its session again.
        assertEquals(
                200,
                send("POST", NODE.url() + "/kv/evict/append", "y", session("evicted", 2))
                        .status());
        assertEquals("xy", Http.get(NODE.url() + "/kv/evict").body());
    }
}
