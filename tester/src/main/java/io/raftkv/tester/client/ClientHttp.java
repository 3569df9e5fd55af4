package io.raftkv.tester.client;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP of a run's clients: blocking exchanges for worker threads (each worker is one process of
 * the history, one request at a time), carried by Vert.x's non-blocking client, so that a hundred
 * workers share a few event loops and keep-alive pools instead of each driving its own exchange.
 * Thread-safe. Close it when the run ends: its event loops are not daemon threads.
 */
public final class ClientHttp implements AutoCloseable {
    /** An answer: the status, the body as text, and the headers. */
    public record Response(int status, String body, MultiMap headers) {
        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** How long past its own timeout a request may take before the caller stops waiting for it. */
    private static final long GRACE_MILLIS = 5_000;

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final long connectTimeoutMillis;

    /**
     * @param connectTimeout how long a connection may take to open; a node that does not accept in
     *     time is treated as down (nothing was sent)
     * @param eventLoops threads that carry the exchanges
     */
    public ClientHttp(Duration connectTimeout, int eventLoops) {
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.vertx =
                Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1));
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout((int)
                        Math.min(Integer.MAX_VALUE, connectTimeoutMillis)),
                // Per node: at most one request per worker is in flight, so no worker ever waits for another.
                new PoolOptions().setHttp1MaxSize(1024));
    }

    /** A client on two event loops. */
    public static ClientHttp create(Duration connectTimeout) {
        return new ClientHttp(connectTimeout, 2);
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @param body the request body, or null for none
     * @param timeout how long the answer may take once the request is sent
     * @throws ConnectException when no connection could be opened: nothing was sent
     * @throws IOException when the request may have been sent but got no answer (a timeout, a closed
     *     connection); {@link HttpTimeoutException} for a timeout
     */
    public Response send(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException {
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        var options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setHost(uri.getHost())
                .setPort(uri.getPort())
                .setURI(path)
                .setConnectTimeout(connectTimeoutMillis)
                .setTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        Future<Response> answer = http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body()
                        .map(b -> new Response(
                                response.statusCode(), b.toString(StandardCharsets.UTF_8), response.headers())));
        try {
            return answer.toCompletionStage()
                    .toCompletableFuture()
                    .get(connectTimeoutMillis + timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms (nor its grace)");
        } catch (ExecutionException e) {
            throw failure(e.getCause(), timeout);
        }
    }

    private static IOException failure(Throwable cause, Duration timeout) {
        return switch (cause) {
            case ConnectException c -> c;
            case TimeoutException t ->
                new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms");
            case IOException io -> io;
            default ->
                new IOException(
                        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        };
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the threads are gone or going: nothing is left to answer
        }
    }
}
