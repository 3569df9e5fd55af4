package io.raftkv.tester.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocking exchanges from many threads over the shared non-blocking client. */
class ClientHttpTest {
    private Vertx vertx;
    private HttpServer server;
    private final ClientHttp http = new ClientHttp(Duration.ofSeconds(1));

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(req -> {
                    if (req.path().equals("/slow")) {
                        return; // never answers
                    }
                    req.body().onSuccess(body -> req.response()
                            .putHeader("X-Echo", req.getHeader("X-Echo"))
                            .end(req.method() + " " + req.uri() + " " + body));
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    /** Each of many threads gets the answer to its own request, body and headers whole. */
    @Test
    void everyThreadGetsItsOwnAnswer() throws Exception {
        var wrong = new ConcurrentLinkedQueue<String>();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 32; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) {
                    String id = thread + "-" + i;
                    try {
                        var r = http.send(
                                i % 2 == 0 ? "GET" : "PUT",
                                uri("/kv/" + id + "?x=1"),
                                Map.of("X-Echo", id),
                                i % 2 == 0 ? null : "v" + id,
                                Duration.ofSeconds(10));
                        String expected = i % 2 == 0 ? "GET /kv/" + id + "?x=1 " : "PUT /kv/" + id + "?x=1 v" + id;
                        if (r.status() != 200 || !expected.equals(r.body()) || !id.equals(r.header("X-Echo"))) {
                            wrong.add(id + ": " + r.status() + " '" + r.body() + "' " + r.header("X-Echo"));
                        }
                    } catch (Exception e) {
                        wrong.add(id + ": " + e);
                    }
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        assertEquals(List.of(), List.copyOf(wrong));
    }

    /** One thread, one request after another, as a run's final reads are sent. */
    @Test
    void oneThreadGetsEveryAnswerWhole() throws Exception {
        var wrong = new ArrayList<String>();
        for (int i = 0; i < 3000; i++) {
            var r = http.send("GET", uri("/kv/k" + i), Map.of("X-Echo", "e" + i), null, Duration.ofSeconds(10));
            if (!("GET /kv/k" + i + " ").equals(r.body()) || !("e" + i).equals(r.header("X-Echo"))) {
                wrong.add(i + ": " + r.status() + " '" + r.body() + "'");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aRefusedConnection_isAConnectException() {
        assertThrows(
                ConnectException.class,
                () -> http.send("GET", URI.create("http://127.0.0.1:1/kv/k"), Map.of(), null, Duration.ofSeconds(1)));
    }

    @Test
    void noAnswerInTime_isAnHttpTimeout() {
        var e = assertThrows(
                HttpTimeoutException.class,
                () -> http.send("GET", uri("/slow"), Map.of(), null, Duration.ofMillis(200)));
        assertInstanceOf(HttpTimeoutException.class, e);
    }
}
