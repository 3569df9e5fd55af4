package io.raftkv.tester.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

/** The etcd client against a scripted v3 JSON gateway on loopback: request bodies and outcome mapping. */
class EtcdClientTest {
    private final ClientHttp http = new ClientHttp(Duration.ofSeconds(1));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer; {@code delayMillis} beyond the client's timeout makes it time out. */
    private record Answer(int status, String body, long delayMillis) {}

    private record Seen(String path, JsonNode body) {}

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer a;
            synchronized (seen) {
                seen.add(new Seen(exchange.getRequestURI().getPath(), JSON.readTree(body)));
                a = script.isEmpty() ? new Answer(200, "{\"header\":{}}", 0) : script.poll();
            }
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), answer.length);
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

    /**
     * A client that waits {@code timeout} for each answer: long for the tests of what an answer
     * means, so a loaded machine cannot turn an answer into a timeout; short for the timeout test.
     */
    private EtcdClient client(boolean serializable, List<URI> nodes, Duration timeout) {
        return new EtcdClient(http, () -> nodes, 0, timeout, serializable, 3);
    }

    private EtcdClient client(boolean serializable, List<URI> nodes) {
        return client(serializable, nodes, Duration.ofSeconds(10));
    }

    private EtcdClient client(boolean serializable) {
        return client(serializable, List.of(base()));
    }

    private void answer(int status, String body) {
        script.add(new Answer(status, body, 0));
    }

    private static String b64(String s) {
        return EtcdOutcomes.encode(s);
    }

    private static String kv(String value, long modRevision) {
        return "{\"header\":{\"revision\":\"9\"},\"kvs\":[{\"key\":\"" + b64("k") + "\",\"create_revision\":\"2\","
                + "\"mod_revision\":\"" + modRevision + "\",\"version\":\"3\",\"value\":\"" + b64(value)
                + "\"}],\"count\":\"1\"}";
    }

    @Test
    void read_isARangeOfTheBase64Key_andAnswersTheDecodedValueOrNull() {
        answer(200, kv("42", 7));
        answer(200, "{\"header\":{\"revision\":\"9\"}}");
        assertEquals(new Outcome.Ok("42"), client(false).read("k1"));
        assertEquals(new Outcome.Ok(null), client(false).read("k2"));
        assertEquals("/v3/kv/range", seen.get(0).path());
        assertEquals(b64("k1"), seen.get(0).body().path("key").asText());
        assertTrue(seen.get(0).body().path("serializable").isMissingNode(), "linearizable: " + seen.get(0));
    }

    @Test
    void serializableReads_saySo() {
        answer(200, kv("1", 2));
        client(true).read("k");
        assertTrue(
                seen.getFirst().body().path("serializable").asBoolean(),
                seen.getFirst().toString());
    }

    @Test
    void write_isAPut_andOkWithTheValue() {
        assertEquals(new Outcome.Ok("5"), client(false).write("k", "5"));
        assertEquals("/v3/kv/put", seen.getFirst().path());
        assertEquals(b64("k"), seen.getFirst().body().path("key").asText());
        assertEquals(b64("5"), seen.getFirst().body().path("value").asText());
    }

    @Test
    void cas_comparesTheValue_orVersionZeroWhenExpectingAbsence() {
        answer(200, "{\"header\":{},\"succeeded\":true,\"responses\":[{\"response_put\":{\"header\":{}}}]}");
        answer(200, "{\"header\":{},\"responses\":[]}"); // proto3 JSON leaves out succeeded=false
        assertEquals(new Outcome.Ok("8"), client(false).cas("k", "7", "8"));
        assertEquals(new Outcome.Fail("compare failed"), client(false).cas("k", null, "9"));

        JsonNode first = seen.get(0).body();
        assertEquals("/v3/kv/txn", seen.get(0).path());
        assertEquals("VALUE", first.at("/compare/0/target").asText());
        assertEquals("EQUAL", first.at("/compare/0/result").asText());
        assertEquals(b64("7"), first.at("/compare/0/value").asText());
        assertEquals(b64("8"), first.at("/success/0/request_put/value").asText());
        JsonNode second = seen.get(1).body();
        assertEquals("VERSION", second.at("/compare/0/target").asText());
        assertEquals("0", second.at("/compare/0/version").asText());
    }

    @Test
    void errors_areInfoForWrites_failForReads_andFailWhenRefusedBeforeProposing() {
        String timedOut = "{\"error\":\"etcdserver: request timed out\",\"code\":14,\"message\":\"etcdserver: request"
                + " timed out\"}";
        answer(503, timedOut);
        answer(503, timedOut);
        answer(503, timedOut);
        answer(400, "{\"error\":\"etcdserver: key is not provided\",\"code\":3}");
        assertEquals(
                new Outcome.Info("503 etcdserver: request timed out"),
                client(false).write("k", "1"));
        assertEquals(
                new Outcome.Info("503 etcdserver: request timed out"),
                client(false).cas("k", "1", "2"));
        assertEquals(
                new Outcome.Fail("503 etcdserver: request timed out"),
                client(false).read("k"));
        assertEquals(
                new Outcome.Fail("400 etcdserver: key is not provided"),
                client(false).write("k", "1"));
    }

    @Test
    void aTimeout_isInfoForAWrite_andFailForARead() {
        script.add(new Answer(200, "{}", 1000));
        script.add(new Answer(200, "{}", 1000));
        var impatient = client(false, List.of(base()), Duration.ofMillis(300));
        assertInstanceOf(Outcome.Info.class, impatient.write("k", "1"));
        assertInstanceOf(Outcome.Fail.class, impatient.read("k"));
    }

    @Test
    void aRefusedConnection_movesOnToTheNextNode() throws IOException {
        URI dead;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        assertEquals(new Outcome.Ok("1"), client(false, List.of(dead, base())).write("k", "1"));
        assertEquals(1, seen.size());
        assertInstanceOf(Outcome.Fail.class, client(false, List.of(dead)).write("k", "1"), "nothing was sent");
    }

    @Test
    void append_readsThenWritesTheLongerValueGuardedOnTheModRevision() {
        answer(200, kv("3 5 ", 12));
        answer(200, "{\"header\":{},\"succeeded\":true}");
        assertEquals(new Outcome.Ok("8 "), client(true).append("k", "8 "));

        JsonNode read = seen.get(0).body();
        assertTrue(read.path("serializable").isMissingNode(), "the append's own read is linearizable");
        JsonNode txn = seen.get(1).body();
        assertEquals("MOD", txn.at("/compare/0/target").asText());
        assertEquals("12", txn.at("/compare/0/mod_revision").asText());
        assertEquals(b64("3 5 8 "), txn.at("/success/0/request_put/value").asText());
    }

    @Test
    void append_toAnAbsentKey_expectsVersionZero() {
        answer(200, "{\"header\":{}}");
        answer(200, "{\"header\":{},\"succeeded\":true}");
        assertEquals(new Outcome.Ok("1 "), client(false).append("k", "1 "));
        JsonNode txn = seen.get(1).body();
        assertEquals("VERSION", txn.at("/compare/0/target").asText());
        assertEquals(b64("1 "), txn.at("/success/0/request_put/value").asText());
    }

    @Test
    void append_triesAgainAfterALostRace_thenFails() {
        for (int round = 0; round < 3; round++) {
            answer(200, kv("1 ", 10 + round));
            answer(200, "{\"header\":{}}"); // another writer changed the key in between
        }
        assertEquals(
                new Outcome.Fail("lost the race to another writer 3 times"),
                client(false).append("k", "2 "));
        assertEquals(6, seen.size());
        assertEquals("12", seen.get(5).body().at("/compare/0/mod_revision").asText());
    }

    @Test
    void append_whoseTxnTimesOut_isInfoAndNotTriedAgain() {
        answer(200, kv("1 ", 4));
        answer(503, "{\"error\":\"etcdserver: request timed out\"}");
        assertEquals(
                new Outcome.Info("503 etcdserver: request timed out"),
                client(false).append("k", "2 "));
        assertEquals(2, seen.size());
    }

    /**
     * A member cut off from the majority answers a linearizable read no sooner the next time: rounds
     * that outlast the request timeout would hold the worker for many timeouts, making no other op.
     */
    @Test
    void append_whoseReadTimesOut_failsWithoutAnotherRound() {
        script.add(new Answer(200, "{}", 1000));
        var impatient = client(false, List.of(base()), Duration.ofMillis(300));
        assertInstanceOf(Outcome.Fail.class, impatient.append("k", "2 "));
        assertEquals(1, seen.size(), "one read, no second round: " + seen);
    }

    @Test
    void append_whoseReadFails_changedNothing() {
        for (int round = 0; round < 3; round++) {
            answer(503, "{\"error\":\"etcdserver: leader changed\"}");
        }
        assertEquals(
                new Outcome.Fail("503 etcdserver: leader changed"),
                client(false).append("k", "2 "));
    }
}
