package io.raftkv.tester.client;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
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
 * workers share one event loop and keep-alive pools instead of each driving its own exchange.
 * Thread-safe. Close it when the run ends: its event loop is not a daemon thread.
 *
 * <p>Every exchange starts on the same event-loop context. Started from the calling thread instead,
 * each would get a context of its own, and a response could arrive on a pooled connection's event
 * loop before its body handler was set on another: its body was then lost, and a read of a present
 * key came back as 200 with an empty value.
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
    private final Context context;
    private final HttpClientAgent http;
    private final long connectTimeoutMillis;

    /**
     * @param connectTimeout how long a connection may take to open; a node that does not accept in
     *     time is treated as down (nothing was sent)
     */
    public ClientHttp(Duration connectTimeout) {
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.context = vertx.getOrCreateContext();
        var options = new HttpClientOptions()
                .setKeepAlive(true)
                // Drop a connection idle for a second: a server closes idle ones (raftkv after its
                // header timeout, 2 s at least), and a request sent on a connection being closed
                // could not tell whether it was received.
                .setKeepAliveTimeout(1)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
        // Per node: at most one request per worker is in flight, so no worker waits for another.
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(1024));
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
        Promise<Response> answer = Promise.promise();
        context.runOnContext(v -> http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body()
                        .map(b -> new Response(
                                response.statusCode(), b.toString(StandardCharsets.UTF_8), response.headers())))
                .onComplete(answer));
        try {
            return answer.future()
                    .toCompletionStage()
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
