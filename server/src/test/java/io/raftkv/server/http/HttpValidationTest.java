package io.raftkv.server.http;

import static io.raftkv.server.testing.Http.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.server.testing.BadInputs;
import io.raftkv.server.testing.Http;
import io.raftkv.server.testing.InProcessCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input of API.md gets its status and a JSON error, and the node keeps serving. */
public class HttpValidationTest {
    private static InProcessCluster cluster;
    private static String url;

    @BeforeAll
    static void start() {
        cluster = new InProcessCluster(1, BadInputs.MAX_KEY, BadInputs.MAX_VALUE).start();
        cluster.awaitLeader(Duration.ofSeconds(10));
        url = cluster.url("n1");
        assertEquals(200, send("PUT", url + "/kv/present", "v").status());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static List<BadInputs.Case> badRequests() {
        return BadInputs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsItsStatusAndJsonError(BadInputs.Case c) {
        assertAnswered(url, c);
        assertEquals(200, Http.get(url + "/health").status());
    }

    /** Sends {@code c} to {@code base} and checks its status and JSON error. */
    public static void assertAnswered(String base, BadInputs.Case c) {
        Http.Reply reply =
                send(c.method(), base + c.path(), c.body(), c.headers().toArray(String[]::new));
        int status = c.status();
        String says = c.says();
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        String error = reply.json().getString("error");
        assertNotNull(error, reply.body());
        assertTrue(error.contains(says), "error '" + error + "' should say '" + says + "'");
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
