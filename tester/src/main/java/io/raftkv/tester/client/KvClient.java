package io.raftkv.tester.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.tester.client.Outcomes.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A client of the server's native HTTP API for one logical client (one worker process). Each write
 * carries {@code X-Client-Id} and a fresh {@code X-Request-Seq}; when its outcome is unknown, the
 * very same request (same id and sequence) is sent again to the next node, which the server's
 * sessions answer exactly once. A refused connection sent nothing, so any request moves on to the
 * next node at once (a node that is down or restarting). The first attempt waits the client's
 * timeout; a retry, which only settles what is already unknown, waits at least {@link
 * #RETRY_TIMEOUT_FLOOR}, so that an impatient client (one made to leave many outcomes unknown) still
 * settles them on a slow cluster. Not thread-safe: one request in flight per client, as the API
 * asks.
 */
public final class KvClient implements KvStore {
    /** The server names the node that executed each request (the leader, for a forwarded one). */
    static final String SERVED_BY = "X-Raftkv-Served-By";

    /** The shortest wait of a retried write. */
    static final Duration RETRY_TIMEOUT_FLOOR = Duration.ofSeconds(1);

    private String servedBy;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientHttp http;
    private final Supplier<List<URI>> nodes;
    private final int home;
    private final String clientId;
    private final Duration timeout;
    private final int attempts;
    private long seq;

    /**
     * @param http shared HTTP client
     * @param nodes the nodes' base URIs, asked for each request (addresses change after a restart)
     * @param home index of the node this client talks to first
     * @param clientId stable id for the server's session table
     * @param timeout per request
     * @param attempts how many times an indeterminate write is sent (1 = never retried)
     */
    public KvClient(
            ClientHttp http, Supplier<List<URI>> nodes, int home, String clientId, Duration timeout, int attempts) {
        this.http = http;
        this.nodes = nodes;
        this.home = home;
        this.clientId = clientId;
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
    }

    public String clientId() {
        return clientId;
    }

    /** A linearizable read; ok with the value, or ok with null when absent. */
    @Override
    public Outcome read(String key) {
        return send(Kind.READ, "GET", "/kv/" + enc(key), null, null, 1);
    }

    /** A read with {@code consistency=stale}; for tools only, never for checked workloads. */
    public Outcome staleRead(String key) {
        return send(Kind.READ, "GET", "/kv/" + enc(key) + "?consistency=stale", null, null, 1);
    }

    @Override
    public Outcome write(String key, String value) {
        return send(Kind.WRITE, "PUT", "/kv/" + enc(key), value, value, attempts);
    }

    /** Compare-and-set; {@code expected == null} means "only if absent". */
    @Override
    public Outcome cas(String key, String expected, String value) {
        var body = new LinkedHashMap<String, Object>();
        body.put("expected", expected);
        body.put("value", value);
        try {
            return send(Kind.CAS, "POST", "/kv/" + enc(key) + "/cas", JSON.writeValueAsString(body), value, attempts);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Outcome append(String key, String suffix) {
        return send(Kind.APPEND, "POST", "/kv/" + enc(key) + "/append", suffix, suffix, attempts);
    }

    private Outcome send(Kind kind, String method, String path, String body, Object sent, int tries) {
        long requestSeq = kind.isRead() ? 0 : ++seq;
        List<URI> uris = nodes.get();
        Outcome outcome = null;
        boolean maybeHappened = false;
        int node = home;
        int refusedInARow = 0;
        for (int attempt = 0; attempt < tries; ) {
            URI base = uris.get(Math.floorMod(node++, uris.size()));
            Duration wait = maybeHappened && timeout.compareTo(RETRY_TIMEOUT_FLOOR) < 0 ? RETRY_TIMEOUT_FLOOR : timeout;
            Attempt a = once(kind, method, base.resolve(path), body, sent, requestSeq, wait);
            if (a.refused() && ++refusedInARow < uris.size()) {
                // Nothing reached that node (down or restarting): the next one may answer.
                outcome = maybeHappened ? new Outcome.Info(((Outcome.Fail) a.outcome()).error()) : a.outcome();
                continue;
            }
            refusedInARow = 0;
            attempt++;
            if (a.outcome() instanceof Outcome.Info) {
                maybeHappened = true;
                outcome = a.outcome();
            } else if (maybeHappened && a.onlyThisAttempt()) {
                // This attempt was refused before proposing; the first one may still have happened.
                outcome = new Outcome.Info(((Outcome.Fail) a.outcome()).error());
            } else {
                return a.outcome();
            }
        }
        return outcome;
    }

    /**
     * One HTTP exchange. {@code onlyThisAttempt}: a fail that says nothing about earlier attempts;
     * {@code refused}: the connection was refused, so nothing was sent.
     */
    private record Attempt(Outcome outcome, boolean onlyThisAttempt, boolean refused) {}

    @Override
    public String servedBy() {
        return servedBy;
    }

    private Attempt once(
            Kind kind, String method, URI uri, String body, Object sent, long requestSeq, Duration timeout) {
        servedBy = null;
        Map<String, String> headers = requestSeq > 0
                ? Map.of("X-Client-Id", clientId, "X-Request-Seq", Long.toString(requestSeq))
                : Map.of("X-Client-Id", clientId);
        try {
            ClientHttp.Response response = http.send(method, uri, headers, body, timeout);
            int status = response.status();
            servedBy = response.header(SERVED_BY);
            return new Attempt(Outcomes.ofResponse(kind, status, response.body(), sent), status == 503, false);
        } catch (ConnectException e) {
            return new Attempt(Outcomes.ofException(kind, e, false), true, true);
        } catch (IOException e) {
            return new Attempt(Outcomes.ofException(kind, e, true), false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Outcomes.ofException(kind, e, true), false, false);
        }
    }

    private static String enc(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
