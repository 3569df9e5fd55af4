package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.OneNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The routes of API.md on a one-node cluster. */
class RoutesTest {
    @RegisterExtension
    static final OneNode NODE = new OneNode();

    @Test
    void nativeRoutes() {
        JsonObject put = send("PUT", NODE.url() + "/kv/y", "hello").json();
        assertEquals("y", put.getString("key"));
        assertEquals("hello", put.getString("value"));
        assertTrue(put.getLong("index") > 0);
        assertEquals("hello", get(NODE.url() + "/kv/y").body());
        assertEquals("hello", get(NODE.url() + "/kv/y?consistency=stale").body());
        assertEquals("true", get(NODE.url() + "/kv/y?consistency=stale").header("X-Raftkv-Stale"));

        assertEquals(
                "hello world",
                send("POST", NODE.url() + "/kv/y/append", " world").json().getString("value"));
        var cas = send("POST", NODE.url() + "/kv/y/cas", "{\"expected\":\"hello world\",\"value\":\"bye\"}");
        assertEquals(200, cas.status());
        assertEquals("bye", cas.json().getString("value"));
        assertEquals(
                200,
                send("POST", NODE.url() + "/kv/new/cas", "{\"expected\":null,\"value\":\"1\"}")
                        .status());
        assertEquals("1", get(NODE.url() + "/kv/new").body());

        var deleted = send("DELETE", NODE.url() + "/kv/y", null).json();
        assertEquals(true, deleted.getBoolean("deleted"));
        assertEquals(false, send("DELETE", NODE.url() + "/kv/y", null).json().getBoolean("deleted"));
        assertEquals(404, get(NODE.url() + "/kv/y").status());
    }

    @Test
    void unicodeKeysAndEmptyValues() {
        assertEquals(200, send("PUT", NODE.url() + "/kv/%C3%BCber", "").status());
        var reply = get(NODE.url() + "/kv/%C3%BCber");
        assertEquals(200, reply.status());
        assertEquals("", reply.body());
    }

    @Test
    void seedRoutes() {
        var set = get(NODE.url() + "/set?key=s&value=hello");
        assertEquals(200, set.status());
        assertEquals("ok", set.body());
        assertEquals("hello", get(NODE.url() + "/get?key=s").body());

        assertEquals(
                "{}",
                send("POST", NODE.url() + "/key", "{\"user1\":\"batman\",\"user2\":\"robin\"}")
                        .body());
        assertEquals(
                new JsonObject().put("user1", "batman"),
                get(NODE.url() + "/key/user1").json());
        assertEquals("robin", get(NODE.url() + "/kv/user2").body());
        assertEquals("{}", send("DELETE", NODE.url() + "/key/user1", null).body());
        assertEquals(404, get(NODE.url() + "/key/user1").status());
    }

    @Test
    void retriedWriteAppliesOnceAndGetsTheFirstAnswer() {
        String[] h = {"X-Client-Id", "retry-client", "X-Request-Seq", "1"};
        var first = send("POST", NODE.url() + "/kv/log/append", "x", h).json();
        var retry = send("POST", NODE.url() + "/kv/log/append", "x", h).json();
        assertEquals(first, retry);
        assertEquals("x", get(NODE.url() + "/kv/log").body());
        String[] h2 = {"X-Client-Id", "retry-client", "X-Request-Seq", "2"};
        assertEquals(
                "xx",
                send("POST", NODE.url() + "/kv/log/append", "x", h2).json().getString("value"));
    }

    @Test
    void statusAndHealth() {
        JsonObject status = get(NODE.url() + "/status").json();
        assertEquals("n1", status.getString("id"));
        assertEquals("leader", status.getString("role"));
        assertEquals("n1", status.getString("leader"));
        assertEquals(NODE.url().substring("http://".length()), status.getString("leaderHttp"));
        assertTrue(status.getLong("term") >= 1);
        assertTrue(status.getLong("appliedIndex") >= 1);
        assertEquals(1, status.getJsonArray("peers").size());
        JsonObject health = get(NODE.url() + "/health").json();
        assertEquals("ok", health.getString("status"));
        assertEquals("leader", health.getString("role"));
    }
}
