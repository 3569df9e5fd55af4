package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.get;
import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.OneNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /kv}: many puts in one log entry, applied together and exactly once per session. */
class BatchRouteTest {
    @RegisterExtension
    static final OneNode NODE = new OneNode();

    private static String[] session(String client, long seq) {
        return new String[] {"X-Client-Id", client, "X-Request-Seq", Long.toString(seq)};
    }

    /** A JSON object of {@code prefix0 .. prefix(n-1)}, each set to {@code value}. */
    private static String batch(String prefix, int n, String value) {
        var body = new JsonObject();
        for (int i = 0; i < n; i++) {
            body.put(prefix + i, value);
        }
        return body.encode();
    }

    private static JsonObject status() {
        return get(NODE.url() + "/status").json();
    }

    @Test
    void aBatchIsOneLogEntry() {
        // Once the leader has recorded its own address, nothing but this test writes to the log.
        JsonObject before = Http.await(
                "a settled log",
                Duration.ofSeconds(10),
                BatchRouteTest::status,
                s -> s.getJsonArray("peers").getJsonObject(0).getString("http") != null
                        && s.getLong("appliedIndex").equals(s.getLong("lastLogIndex")));
        Http.Reply reply = send("POST", NODE.url() + "/kv", batch("one-", 500, "v"));
        assertEquals(200, reply.status(), reply.body());
        assertEquals(500, reply.json().getInteger("keys"));
        long index = reply.json().getLong("index");
        assertEquals(before.getLong("lastLogIndex") + 1, index, "the batch is the next entry");
        assertEquals(index, status().getLong("lastLogIndex"), "and the only one");
        for (int i = 0; i < 500; i += 99) {
            assertEquals("v", get(NODE.url() + "/kv/one-" + i).body());
        }
        assertEquals("v", get(NODE.url() + "/kv/one-499").body());
    }

    @Test
    void readersSeeAllOfABatchOrNone() throws Exception {
        // Round r sets every key to r. A reader that reads the first key and then the last must find
        // the last at least as new: had the first been applied before the last, it could see r, r-1.
        int keys = 200;
        int rounds = 40;
        var stop = new AtomicBoolean();
        var seen = new ArrayList<String>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                String first = get(NODE.url() + "/kv/atom-0?consistency=stale").body();
                String last = get(NODE.url() + "/kv/atom-" + (keys - 1) + "?consistency=stale")
                        .body();
                synchronized (seen) {
                    seen.add(first + "/" + last);
                }
            }
        });
        try {
            for (int r = 1; r <= rounds; r++) {
                Http.Reply reply = send("POST", NODE.url() + "/kv", batch("atom-", keys, Integer.toString(r)));
                assertEquals(200, reply.status(), reply.body());
            }
        } finally {
            stop.set(true);
            reader.join(10_000);
        }
        List<String> torn = new ArrayList<>();
        synchronized (seen) {
            for (String pair : seen) {
                String[] fl = pair.split("/");
                if (fl[0].startsWith("{") || fl[1].startsWith("{")) {
                    continue; // not written yet: a 404's JSON body
                }
                if (Integer.parseInt(fl[1]) < Integer.parseInt(fl[0])) {
                    torn.add(pair);
                }
            }
            assertTrue(seen.size() > 0, "the reader read");
        }
        assertEquals(List.of(), torn, "first/last pairs where the last key was older than the first");
        for (int i = 0; i < keys; i++) {
            assertEquals(
                    Integer.toString(rounds),
                    get(NODE.url() + "/kv/atom-" + i + "?consistency=stale").body());
        }
    }

    @Test
    void aRetryWithTheSameClientAndSeqIsAppliedOnce() {
        Http.Reply first =
                send("POST", NODE.url() + "/kv", "{\"once-x\":\"1\",\"once-y\":\"1\"}", session("batcher", 1));
        assertEquals(200, first.status(), first.body());
        assertEquals(200, send("PUT", NODE.url() + "/kv/once-x", "2").status());

        Http.Reply retry =
                send("POST", NODE.url() + "/kv", "{\"once-x\":\"1\",\"once-y\":\"1\"}", session("batcher", 1));
        assertEquals(200, retry.status(), retry.body());
        assertEquals(first.json(), retry.json(), "the first answer, its index included");
        assertEquals("2", get(NODE.url() + "/kv/once-x").body(), "the retry did not write again");

        Http.Reply other = send("POST", NODE.url() + "/kv", "{\"once-z\":\"1\"}", session("batcher", 1));
        assertEquals(422, other.status(), other.body());
        assertEquals(404, get(NODE.url() + "/kv/once-z").status());

        Http.Reply next =
                send("POST", NODE.url() + "/kv", "{\"once-x\":\"3\",\"once-z\":\"3\"}", session("batcher", 2));
        assertEquals(200, next.status(), next.body());
        assertTrue(next.json().getLong("index") > first.json().getLong("index"));
        assertEquals("3", get(NODE.url() + "/kv/once-x").body());

        Http.Reply stale = send("POST", NODE.url() + "/kv", "{\"once-y\":\"stale\"}", session("batcher", 1));
        assertEquals(400, stale.status(), stale.body());
        assertEquals("1", get(NODE.url() + "/kv/once-y").body());
    }

    @Test
    void oneBadPairRefusesTheWholeBatch() {
        Http.Reply reply = send("POST", NODE.url() + "/kv", "{\"bad-a\":\"v\",\"bad-b\":2,\"bad-c\":\"v\"}");
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.json().getString("error").contains("'bad-b'"), reply.body());
        assertEquals(404, get(NODE.url() + "/kv/bad-a").status());
        assertEquals(404, get(NODE.url() + "/kv/bad-c").status());
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValue() {
        Http.Reply reply = send("POST", NODE.url() + "/kv", "{\"twice\":\"1\",\"twice\":\"2\"}");
        assertEquals(200, reply.status(), reply.body());
        assertEquals(1, reply.json().getInteger("keys"));
        assertEquals("2", get(NODE.url() + "/kv/twice").body());
    }
}
