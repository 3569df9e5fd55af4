package io.raftkv.tester.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a small HTTP server in this JVM that answers after a fixed service time. */
class LoadClientTest {
    private static final long SERVICE_MILLIS = 20;

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(req -> req.body()
                        .onSuccess(body -> vertx.setTimer(SERVICE_MILLIS, t -> {
                            int n = served.incrementAndGet();
                            // Every fourth write is refused as a follower without a leader would.
                            int status = req.method() == HttpMethod.PUT && n % 4 == 0 ? 503 : 200;
                            req.response().setStatusCode(status).end(body);
                        })))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private URI target() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @Test
    void closedLoopKeepsOneRequestPerClientInFlightOnKeepAliveConnections() throws Exception {
        Tally tally;
        int clients = 4;
        try (var load = new LoadClient(target(), clients, 2, Duration.ofSeconds(5))) {
            tally = load.run(
                    i -> new LoadClient.Request(HttpMethod.PUT, "/kv/k" + (i % 8), "v"),
                    new LoadClient.Shape(clients, 0, Duration.ofMillis(200), Duration.ofSeconds(1)),
                    () -> {});
        }
        var h = tally.histogram();
        long refused = tally.errors().getOrDefault("HTTP 503", 0L);
        // 4 clients, 20 ms each: at most 4 * 1 s / 20 ms = 200 requests start in the window.
        assertTrue(h.getTotalCount() + refused <= 200 + clients, "too many: " + (h.getTotalCount() + refused));
        assertTrue(h.getTotalCount() > 0 && refused > 0, tally.errors() + ", ok " + h.getTotalCount());
        assertEquals(1, tally.errors().size(), "only 503s: " + tally.errors());
        assertTrue(h.getValueAtPercentile(50) >= SERVICE_MILLIS * 1000, "p50 " + h.getValueAtPercentile(50));
        assertTrue(connections.get() <= clients, connections.get() + " connections for " + clients + " clients");
    }

    @Test
    void clientsAreSpreadOverEveryEventLoop() throws Exception {
        var threads = ConcurrentHashMap.<String>newKeySet();
        try (var load = new LoadClient(target(), 4, 2, Duration.ofSeconds(5))) {
            load.run(
                    i -> {
                        threads.add(Thread.currentThread().getName());
                        return new LoadClient.Request(HttpMethod.GET, "/kv/k", null);
                    },
                    new LoadClient.Shape(4, 0, Duration.ZERO, Duration.ofMillis(300)),
                    () -> {});
        }
        assertEquals(2, threads.size(), "threads that sent: " + threads);
    }

    @Test
    void openLoopLatencyCountsTheWaitOfRequestsTheServerCouldNotTakeYet() throws Exception {
        Tally tally;
        // One connection serves 50 requests/s at most; ask for 100/s for a second.
        try (var load = new LoadClient(target(), 1, 1, Duration.ofSeconds(10))) {
            tally = load.run(
                    i -> new LoadClient.Request(HttpMethod.GET, "/kv/k" + i, null),
                    new LoadClient.Shape(1, 100, Duration.ZERO, Duration.ofSeconds(1)),
                    () -> {});
        }
        var h = tally.histogram();
        assertEquals(100, h.getTotalCount(), "every scheduled request, all answered: " + tally.errors());
        assertEquals(100, served.get());
        // The last one was due at 0.99 s and answered after 100 * 20 ms = 2 s: it waited about a
        // second, which a latency taken from when it went on the wire would not show.
        assertTrue(h.getMaxValue() >= 700_000, "max " + h.getMaxValue() + " us");
        assertTrue(h.getValueAtPercentile(50) >= 300_000, "p50 " + h.getValueAtPercentile(50) + " us");
    }

    @Test
    void successIsA2xxOrAReadOfAnAbsentKey() {
        assertTrue(LoadClient.isOk(HttpMethod.PUT, 200));
        assertTrue(LoadClient.isOk(HttpMethod.GET, 404));
        assertFalse(LoadClient.isOk(HttpMethod.PUT, 404));
        assertFalse(LoadClient.isOk(HttpMethod.GET, 503));
    }

    @Test
    void failuresAreNamedShortly() {
        assertEquals("timeout", LoadClient.reason(new TimeoutException("x")));
        assertEquals(
                "timeout", LoadClient.reason(new RuntimeException("The timeout period of 10ms has been exceeded")));
        assertEquals("connection refused", LoadClient.reason(new ConnectException("Connection refused")));
        assertEquals("connection closed", LoadClient.reason(new IllegalStateException("Connection was closed")));
        assertEquals("IllegalStateException", LoadClient.reason(new IllegalStateException("odd")));
    }
}
