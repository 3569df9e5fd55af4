package io.raftkv.tester.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted HTTP server on loopback: headers, retries, outcome mapping. */
class KvClientTest {
    private record Seen(String method, String path, String client, String seq, String body) {}

    private HttpServer server;
    private final Deque<int[]> script = new ArrayDeque<>(); // {status}
    private final List<Seen> seen = new ArrayList<>();
    private volatile long answerDelayMillis;
    private final ClientHttp http = new ClientHttp(Duration.ofSeconds(1));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (seen) {
                seen.add(new Seen(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("X-Client-Id"),
                        exchange.getRequestHeaders().getFirst("X-Request-Seq"),
                        body));
            }
            if (answerDelayMillis > 0) {
                try {
                    Thread.sleep(answerDelayMillis); // a slow server, not a wait for the test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = script.isEmpty() ? 200 : script.poll()[0];
            if (status != 504) { // a lost answer names nobody
                exchange.getResponseHeaders().add("X-Raftkv-Served-By", "n" + seen.size());
            }
            byte[] answer = (status == 200 ? "{\"ok\":true}" : "{\"error\":\"scripted " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        http.close();
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private KvClient client(int attempts) {
        return client(List.of(base(), base()), "c1", Duration.ofSeconds(2), attempts);
    }

    private KvClient client(List<URI> nodes, String id, Duration timeout, int attempts) {
        return new KvClient(http, () -> nodes, 0, id, timeout, attempts);
    }

    @Test
    void writes_carryClientIdAndIncreasingSequence() {
        var c = client(1);
        assertEquals(new Outcome.Ok("a"), c.write("k1", "a"));
        assertEquals(new Outcome.Ok("b"), c.cas("k1", "a", "b"));
        assertEquals(List.of("PUT", "POST"), seen.stream().map(Seen::method).toList());
        assertEquals(
                List.of("/kv/k1", "/kv/k1/cas"), seen.stream().map(Seen::path).toList());
        assertEquals(List.of("1", "2"), seen.stream().map(Seen::seq).toList());
        assertEquals("c1", seen.getFirst().client());
        assertEquals("{\"expected\":\"a\",\"value\":\"b\"}", seen.get(1).body());
    }

    @Test
    void indeterminateWrite_isRetriedWithTheSameSequence_andSettledByTheAnswer() {
        script.add(new int[] {504});
        script.add(new int[] {200});
        assertEquals(new Outcome.Ok("v"), client(3).write("k", "v"));
        assertEquals(List.of("1", "1"), seen.stream().map(Seen::seq).toList());
    }

    /**
     * An impatient client (100 ms) still leaves an unknown outcome behind, but the retry that
     * settles it waits at least KvClient.RETRY_TIMEOUT_FLOOR: on a server slower than the
     * first timeout, the write is settled rather than left unknown after every attempt.
     */
    @Test
    void retriesOfAnImpatientWrite_waitLongerThanTheFirstAttempt() {
        answerDelayMillis = 300;
        var impatient = client(List.of(base(), base()), "c1", Duration.ofMillis(100), 3);
        assertEquals(new Outcome.Ok("v"), impatient.write("k", "v"));
        assertEquals(List.of("1", "1"), seen.stream().map(Seen::seq).toList(), "timed out once, then settled");
        assertFalse(impatient.read("k") instanceof Outcome.Ok, "a read is sent once, with the first timeout");
    }

    @Test
    void casMismatchOnRetry_settlesAsFail() {
        script.add(new int[] {504});
        script.add(new int[] {409});
        assertInstanceOf(Outcome.Fail.class, client(3).cas("k", "a", "b"));
    }

    @Test
    void refusedRetry_leavesTheWriteIndeterminate() {
        script.add(new int[] {504});
        script.add(new int[] {503});
        script.add(new int[] {503});
        assertInstanceOf(Outcome.Info.class, client(3).write("k", "v"));
        assertEquals(3, seen.size());
    }

    @Test
    void servedBy_namesTheNodeThatGaveTheLastAnswer() {
        var c = client(3);
        assertNull(c.servedBy(), "nothing asked yet");
        c.write("k", "v");
        assertEquals("n1", c.servedBy());
        script.add(new int[] {504});
        script.add(new int[] {200});
        c.write("k", "w"); // lost on the first try, answered by the second
        assertEquals("n3", c.servedBy());
        server.stop(0);
        assertInstanceOf(Outcome.Fail.class, c.read("k"));
        assertNull(c.servedBy(), "no answer, no node");
    }

    @Test
    void definiteFailure_isNotRetried() {
        script.add(new int[] {503});
        assertInstanceOf(Outcome.Fail.class, client(3).write("k", "v"));
        assertEquals(1, seen.size());
    }

    @Test
    void reads_carryNoSequence_andAbsentIsNil() {
        script.add(new int[] {404});
        assertEquals(new Outcome.Ok(null), client(1).read("a key"));
        assertEquals(null, seen.getFirst().seq());
        assertEquals("/kv/a%20key", seen.getFirst().path());
    }

    @Test
    void refusedConnection_movesOnToTheNextNode() {
        URI dead = URI.create("http://127.0.0.1:1");
        var c = client(List.of(dead, base()), "c", Duration.ofSeconds(1), 1);
        assertEquals(new Outcome.Ok("v"), c.write("k", "v"));
        assertEquals(new Outcome.Ok("{\"ok\":true}"), c.read("k"));
        assertEquals(2, seen.size());
    }

    @Test
    void refusedConnection_isFail() {
        URI dead = URI.create("http://127.0.0.1:1");
        var c = client(List.of(dead), "c", Duration.ofSeconds(1), 2);
        assertInstanceOf(Outcome.Fail.class, c.write("k", "v"));
    }
}
