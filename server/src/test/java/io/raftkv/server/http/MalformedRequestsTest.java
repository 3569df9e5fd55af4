package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.OneNode;
import io.raftkv.server.testing.RawHttp;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that break HTTP or Unicode rules get a 4xx with a JSON error that says why, and never
 * change a key they do not name exactly.
 */
class MalformedRequestsTest {
    @RegisterExtension
    static final OneNode NODE = new OneNode();

    private static RawHttp.Answer request(String method, String target, String body) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
        return RawHttp.exchange(
                NODE.port(),
                body == null ? head + "\r\n" : head + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static void assertJsonError(int status, String says, RawHttp.Answer a) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/json"), String.valueOf(a.headers()));
        String error = a.json().getString("error");
        assertTrue(error.contains(says), "error '" + error + "' should say '" + says + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/kv/%FF%FE", "/kv/%C0%AF", "/kv/a%E2%82", "/kv/%ED%A0%80", "/key/%FF"})
    void keyPathThatIsNotUtf8IsRefused(String path) {
        assertJsonError(400, "UTF-8", request("PUT", path, "v"));
        assertJsonError(400, "UTF-8", request("GET", path, null));
    }

    @Test
    void distinctInvalidKeysDoNotCollide() {
        request("PUT", "/kv/%FF%FE", "first");
        request("PUT", "/kv/%C0%AF", "second");
        assertEquals(404, Http.get(NODE.url() + "/kv/%EF%BF%BD").status());
    }

    @Test
    void validEscapedKeysStillWork() {
        assertEquals(200, request("PUT", "/kv/caf%C3%A9%2Fx", "ok").status());
        assertEquals("ok", Http.get(NODE.url() + "/kv/caf%C3%A9%2Fx").body());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/get?key=%ZZ",
                "/get?key=%",
                "/get?key=%FF",
                "/set?key=k&value=%E0%A4",
                "/set?key=%C0%AF&value=x",
                "/set?key=k&value=100%",
                "/kv/k?consistency=%ZZ"
            })
    void badQueryEscapesAreRefused(String target) {
        RawHttp.Answer a = request("GET", target, null);
        assertEquals(400, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/json"));
        assertTrue(a.json().getString("error").contains("query"), a.body());
    }

    @Test
    void loneSurrogatesInJsonAreRefused() {
        assertEquals(
                400,
                send("POST", NODE.url() + "/kv/s/cas", "{\"expected\":null,\"value\":\"a\\ud800\"}")
                        .status());
        assertEquals(
                400,
                send("POST", NODE.url() + "/kv/s/cas", "{\"expected\":\"\\udc00\",\"value\":\"v\"}")
                        .status());
        Http.Reply putAll = send("POST", NODE.url() + "/key", "{\"s\":\"\\udfff\"}");
        assertEquals(400, putAll.status());
        assertTrue(putAll.json().getString("error").contains("surrogate"), putAll.body());
        assertEquals(
                400, send("POST", NODE.url() + "/key", "{\"\\ud800\":\"v\"}").status());
        assertEquals(404, Http.get(NODE.url() + "/kv/s").status());
        // A proper pair is a valid code point and is stored.
        assertEquals(
                200,
                send("POST", NODE.url() + "/kv/s/cas", "{\"expected\":null,\"value\":\"\\ud83d\\ude00\"}")
                        .status());
        assertEquals("\uD83D\uDE00", Http.get(NODE.url() + "/kv/s").body());
    }

    @Test
    void badChunkSizeIsRefused() {
        RawHttp.Answer a = RawHttp.exchange(
                NODE.port(),
                "PUT /kv/chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n");
        assertJsonError(400, "chunk", a);
        assertEquals(404, Http.get(NODE.url() + "/kv/chunked").status());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GARBAGE\r\n\r\n",
                "PUT /kv/k HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nv",
                "GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"
            })
    void requestsTheDecoderCannotReadAreJson(String request) {
        RawHttp.Answer a = RawHttp.exchange(NODE.port(), request);
        assertJsonError(400, "malformed HTTP request", a);
    }

    @Test
    void tooLongRequestLineIsJson() {
        assertJsonError(414, "request line", request("GET", "/kv/" + "k".repeat(10_000), null));
    }

    @Test
    void tooLargeHeadersAreJson() {
        RawHttp.Answer a = RawHttp.exchange(
                NODE.port(), "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000) + "\r\n\r\n");
        assertJsonError(431, "headers", a);
    }

    @Test
    void clientThatNeverFinishesItsHeadersIsDisconnected() {
        assertTrue(
                RawHttp.closedAfterPartialRequest(
                        NODE.port(), "GET /health HTTP/1.1\r\nHost: x\r\n", Duration.ofSeconds(5)),
                "connection still open");
        assertEquals(200, Http.get(NODE.url() + "/health").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Host: a b\r\n", "Host: x\r\n folded: continuation\r\n"})
    void requestWithoutAUsableHostIsRefusedAsBadRequest(String host) {
        RawHttp.Answer a = RawHttp.exchange(NODE.port(), "GET /kv/k HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        assertJsonError(400, "Host", a);
    }
}
