package io.raftkv.tester.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.tester.client.EtcdOutcomes.Versioned;
import io.raftkv.tester.client.Outcomes.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A client of etcd's v3 JSON gateway for one logical client: reads are {@code /v3/kv/range}, writes
 * {@code /v3/kv/put}, compare-and-set a {@code /v3/kv/txn} comparing the value (or the version 0 for
 * "only if absent"), and append a read of the key followed by a txn that writes the longer value
 * only if the key's {@code mod_revision} is still the one read, tried again a few times when another
 * client won the race or the read failed at once. Keys and values travel base64-encoded. etcd has no sessions, so a write whose
 * outcome is unknown is never sent again; a refused connection sent nothing, so any request moves
 * on to the next node at once. Not thread-safe.
 */
public final class EtcdClient implements KvStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> JSON_CONTENT = Map.of("Content-Type", "application/json");

    private final ClientHttp http;
    private final Supplier<List<URI>> nodes;
    private final int home;
    private final Duration timeout;
    private final boolean serializable;
    private final int appendTries;

    /**
     * @param nodes the nodes' client URLs, asked for each request
     * @param home index of the node this client talks to first
     * @param timeout per request
     * @param serializable reads from the node's local state without confirming it is current (etcd's
     *     {@code serializable} range): fast, and not linearizable
     * @param appendTries at most how many read-then-txn rounds an append makes before it gives up as
     *     fail (fewer once it has taken {@code timeout})
     */
    public EtcdClient(
            ClientHttp http,
            Supplier<List<URI>> nodes,
            int home,
            Duration timeout,
            boolean serializable,
            int appendTries) {
        if (appendTries < 1) {
            throw new IllegalArgumentException("appendTries must be at least 1, got " + appendTries);
        }
        this.http = http;
        this.nodes = nodes;
        this.home = home;
        this.timeout = timeout;
        this.serializable = serializable;
        this.appendTries = appendTries;
    }

    @Override
    public Outcome read(String key) {
        return send(Kind.READ, "/v3/kv/range", rangeBody(key, serializable), null)
                .outcome();
    }

    @Override
    public Outcome write(String key, String value) {
        return send(Kind.WRITE, "/v3/kv/put", putBody(key, value), value).outcome();
    }

    @Override
    public Outcome cas(String key, String expected, String value) {
        Map<String, Object> compare = expected == null
                ? Map.of("key", EtcdOutcomes.encode(key), "target", "VERSION", "result", "EQUAL", "version", "0")
                : Map.of(
                        "key",
                        EtcdOutcomes.encode(key),
                        "target",
                        "VALUE",
                        "result",
                        "EQUAL",
                        "value",
                        EtcdOutcomes.encode(expected));
        return send(Kind.CAS, "/v3/kv/txn", txnBody(compare, key, value), value).outcome();
    }

    /**
     * Reads the key (linearizably, whatever reads the workload makes: a stale base only loses races),
     * then writes value + suffix guarded on the revision read. A failed read or a lost race changed
     * nothing and starts a new round, unless the append has already taken a request timeout: a member
     * cut off from the majority answers a linearizable read no sooner the next time, and a worker
     * held for many timeouts makes no other op (on a cut-off member, its serializable reads are what
     * shows the stale state). A txn with an unknown outcome ends the append as info.
     */
    @Override
    public Outcome append(String key, String suffix) {
        long start = System.nanoTime();
        Outcome last = null;
        for (int round = 0; round < appendTries; round++) {
            if (round > 0 && System.nanoTime() - start >= timeout.toNanos()) {
                break;
            }
            Exchange read = send(Kind.READ, "/v3/kv/range", rangeBody(key, false), null);
            if (!(read.outcome() instanceof Outcome.Ok)) {
                last = read.outcome();
                continue;
            }
            Versioned current = EtcdOutcomes.parseRange(read.body());
            Map<String, Object> compare = current.value() == null
                    ? Map.of("key", EtcdOutcomes.encode(key), "target", "VERSION", "result", "EQUAL", "version", "0")
                    : Map.of(
                            "key",
                            EtcdOutcomes.encode(key),
                            "target",
                            "MOD",
                            "result",
                            "EQUAL",
                            "mod_revision",
                            Long.toString(current.modRevision()));
            String next = (current.value() == null ? "" : current.value()) + suffix;
            Outcome txn = send(Kind.CAS, "/v3/kv/txn", txnBody(compare, key, next), suffix)
                    .outcome();
            if (txn instanceof Outcome.Fail f && f.error().equals("compare failed")) {
                last = new Outcome.Fail("lost the race to another writer " + (round + 1) + " times");
                continue;
            }
            return txn;
        }
        return last;
    }

    static String rangeBody(String key, boolean serializable) {
        return json(
                serializable
                        ? Map.of("key", EtcdOutcomes.encode(key), "serializable", true)
                        : Map.of("key", EtcdOutcomes.encode(key)));
    }

    static String putBody(String key, String value) {
        return json(Map.of("key", EtcdOutcomes.encode(key), "value", EtcdOutcomes.encode(value)));
    }

    static String txnBody(Map<String, Object> compare, String key, String value) {
        return json(Map.of(
                "compare",
                List.of(compare),
                "success",
                List.of(Map.of(
                        "request_put", Map.of("key", EtcdOutcomes.encode(key), "value", EtcdOutcomes.encode(value))))));
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One request's outcome, and the body it answered (null unless it answered). */
    private record Exchange(Outcome outcome, String body) {}

    private Exchange send(Kind kind, String path, String body, Object sent) {
        List<URI> uris = nodes.get();
        Exchange last = null;
        for (int i = 0; i < uris.size(); i++) {
            URI base = uris.get(Math.floorMod(home + i, uris.size()));
            try {
                ClientHttp.Response response = http.send("POST", base.resolve(path), JSON_CONTENT, body, timeout);
                return new Exchange(
                        EtcdOutcomes.ofResponse(kind, response.status(), response.body(), sent), response.body());
            } catch (ConnectException e) {
                // Nothing reached that node (down, restarting or cut off): the next one may answer.
                last = new Exchange(Outcomes.ofException(kind, e, false), null);
            } catch (IOException e) {
                return new Exchange(Outcomes.ofException(kind, e, true), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Exchange(Outcomes.ofException(kind, e, true), null);
            }
        }
        return last;
    }
}
