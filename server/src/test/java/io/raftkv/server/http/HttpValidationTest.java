package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.InProcessCluster;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input of API.md gets its status and a JSON error, and the node keeps serving. */
class HttpValidationTest {
    private static InProcessCluster cluster;
    private static String url;

    @BeforeAll
    static void start() {
        cluster = new InProcessCluster(1, 16, 100).start();
        cluster.awaitLeader(Duration.ofSeconds(10));
        url = cluster.url("n1");
        assertEquals(200, send("PUT", url + "/kv/present", "v").status());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static Stream<Arguments> badRequests() {
        String longKey = "k".repeat(17);
        String bigValue = "v".repeat(101);
        return Stream.of(
                Arguments.of("PUT", "/kv/" + longKey, "v", new String[0], 413, "key is 17 bytes"),
                Arguments.of("PUT", "/kv/k", bigValue, new String[0], 413, "value is 101 bytes"),
                Arguments.of("PUT", "/kv/k", "v".repeat(300_000), new String[0], 413, "request body too large"),
                Arguments.of("GET", "/kv/k?consistency=eventual", null, new String[0], 400, "consistency"),
                Arguments.of("GET", "/kv/absent", null, new String[0], 404, "key not found"),
                Arguments.of("POST", "/kv/k/cas", "{not json", new String[0], 400, "not valid JSON"),
                Arguments.of("POST", "/kv/k/cas", "[1]", new String[0], 400, "JSON object"),
                Arguments.of("POST", "/kv/k/cas", "", new String[0], 400, "JSON object"),
                Arguments.of("POST", "/kv/k/cas", "{\"value\":\"x\"}", new String[0], 400, "missing field 'expected'"),
                Arguments.of("POST", "/kv/k/cas", "{\"expected\":null}", new String[0], 400, "missing field 'value'"),
                Arguments.of(
                        "POST",
                        "/kv/k/cas",
                        "{\"expected\":1,\"value\":\"x\"}",
                        new String[0],
                        400,
                        "'expected' must be a string or null"),
                Arguments.of(
                        "POST",
                        "/kv/k/cas",
                        "{\"expected\":null,\"value\":" + "\"" + bigValue + "\"}",
                        new String[0],
                        413,
                        "value is 101"),
                Arguments.of(
                        "POST",
                        "/kv/present/cas",
                        "{\"expected\":\"w\",\"value\":\"x\"}",
                        new String[0],
                        409,
                        "cas mismatch"),
                Arguments.of("PUT", "/kv/k", "v", new String[] {"X-Client-Id", "c"}, 400, "must be given together"),
                Arguments.of("PUT", "/kv/k", "v", new String[] {"X-Request-Seq", "1"}, 400, "must be given together"),
                Arguments.of(
                        "PUT",
                        "/kv/k",
                        "v",
                        new String[] {"X-Client-Id", "c", "X-Request-Seq", "x"},
                        400,
                        "positive integer"),
                Arguments.of(
                        "PUT",
                        "/kv/k",
                        "v",
                        new String[] {"X-Client-Id", "c", "X-Request-Seq", "0"},
                        400,
                        "positive integer"),
                Arguments.of(
                        "PUT",
                        "/kv/k",
                        "v",
                        new String[] {"X-Client-Id", "c".repeat(129), "X-Request-Seq", "1"},
                        400,
                        "1..128 bytes"),
                Arguments.of("GET", "/set?value=x", null, new String[0], 400, "missing query parameter 'key'"),
                Arguments.of("GET", "/set?key=k", null, new String[0], 400, "missing query parameter 'value'"),
                Arguments.of("GET", "/set?key=&value=x", null, new String[0], 400, "key must not be empty"),
                Arguments.of("GET", "/get", null, new String[0], 400, "missing query parameter 'key'"),
                Arguments.of("GET", "/get?key=absent", null, new String[0], 404, "key not found"),
                Arguments.of("POST", "/key", "{}", new String[0], 400, "at least one"),
                Arguments.of("POST", "/key", "{\"a\":1}", new String[0], 400, "'a' must be a string"),
                Arguments.of("POST", "/key", "{\"" + longKey + "\":\"v\"}", new String[0], 413, "key is 17"),
                Arguments.of("POST", "/key", "[\"a\"]", new String[0], 400, "JSON object"),
                Arguments.of("GET", "/key/absent", null, new String[0], 404, "key not found"),
                Arguments.of("GET", "/nope", null, new String[0], 404, "no route"),
                Arguments.of("PATCH", "/kv/k", "v", new String[0], 405, "not allowed"));
    }

    @ParameterizedTest(name = "{0} {1} -> {4}")
    @MethodSource("badRequests")
    void badInputGetsItsStatusAndJsonError(
            String method, String path, String body, String[] headers, int status, String says) {
        Http.Reply reply = send(method, url + path, body, headers);
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        String error = reply.json().getString("error");
        assertNotNull(error, reply.body());
        assertTrue(error.contains(says), "error '" + error + "' should say '" + says + "'");
        assertEquals(200, Http.get(url + "/health").status());
    }

    @Test
    void invalidUtf8BodyIsRejected() {
        Http.Reply reply = Http.sendBytes("PUT", url + "/kv/k", new byte[] {(byte) 0xC3, (byte) 0x28});
        assertEquals(400, reply.status());
        assertEquals("value is not valid UTF-8", reply.json().getString("error"));
    }

    @Test
    void casMismatchCarriesCurrentValue() {
        send("PUT", url + "/kv/c", "now");
        Http.Reply reply = send("POST", url + "/kv/c/cas", "{\"expected\":null,\"value\":\"x\"}");
        assertEquals(409, reply.status());
        assertEquals("now", reply.json().getString("current"));
        Http.Reply absent = send("POST", url + "/kv/none/cas", "{\"expected\":\"a\",\"value\":\"x\"}");
        assertEquals(409, absent.status());
        assertTrue(absent.json().containsKey("current"));
        assertEquals(null, absent.json().getValue("current"));
    }

    @Test
    void staleSequenceIsRefused() {
        String[] s5 = {"X-Client-Id", "stale-client", "X-Request-Seq", "5"};
        String[] s4 = {"X-Client-Id", "stale-client", "X-Request-Seq", "4"};
        assertEquals(200, send("PUT", url + "/kv/s", "five", s5).status());
        Http.Reply reply = send("PUT", url + "/kv/s", "four", s4);
        assertEquals(400, reply.status());
        assertEquals(5, reply.json().getLong("lastSeq"));
        assertEquals("five", Http.get(url + "/kv/s").body());
    }
}
