package io.raftkv.tester.bench;

import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The requests of a bench phase for one system, from the request's number: writes of {@code
 * valueSize}-byte values and linearizable reads, over keys {@code b0 .. b(keys-1)} in turn.
 *
 * <ul>
 *   <li>raftkv: {@code PUT /kv/<key>} with the value as the body, {@code GET /kv/<key>}; with a
 *       batch of N, a write is {@code POST /kv} with a JSON object of N pairs (one log entry).
 *   <li>etcd: its v3 JSON gateway, {@code POST /v3/kv/put} with {@code {"key":..,"value":..}} and
 *       {@code POST /v3/kv/range} with {@code {"key":..}} (linearizable: etcd's default), keys and
 *       values base64-encoded.
 * </ul>
 *
 * Keys and values are ASCII letters and digits, so bodies are built without escaping.
 *
 * @param system which API
 * @param keys distinct keys, at least {@code batch} (a batch's keys are distinct)
 * @param valueSize bytes of each value
 * @param batch puts per write request: 1 is one put, more a raftkv batch
 */
public record BenchRequests(BenchSystem system, int keys, int valueSize, int batch) {
    /** The systems the bench drives. */
    public enum BenchSystem {
        RAFTKV,
        ETCD;

        /** The name {@code --system} takes. */
        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public BenchRequests {
        if (keys < 1 || valueSize < 0 || batch < 1) {
            throw new IllegalArgumentException(
                    "need keys >= 1, valueSize >= 0, batch >= 1: " + keys + ", " + valueSize + ", " + batch);
        }
        if (batch > keys) {
            throw new IllegalArgumentException(
                    "a batch of " + batch + " distinct keys needs at least as many keys," + " not " + keys);
        }
        if (batch > 1 && system != BenchSystem.RAFTKV) {
            throw new IllegalArgumentException("batches are raftkv's POST /kv; " + system.cliName() + " has none");
        }
    }

    /** The key of request {@code i}, and of the {@code j}-th pair of batch {@code i}. */
    public String key(long i, int j) {
        return "b" + Math.floorMod(i * batch + j, (long) keys);
    }

    /** The value every write carries: {@code valueSize} letters. */
    public String value() {
        return "v".repeat(valueSize);
    }

    /** A factory of write requests, sharing one value (and its base64 form for etcd). */
    public java.util.function.LongFunction<LoadClient.Request> writes() {
        String value = value();
        return switch (system) {
            case RAFTKV ->
                batch == 1
                        ? i -> new LoadClient.Request(HttpMethod.PUT, "/kv/" + key(i, 0), value)
                        : i -> new LoadClient.Request(HttpMethod.POST, "/kv", batchBody(i, value));
            case ETCD -> {
                String encoded = base64(value);
                yield i -> new LoadClient.Request(
                        HttpMethod.POST,
                        "/v3/kv/put",
                        "{\"key\":\"" + base64(key(i, 0)) + "\",\"value\":\"" + encoded + "\"}");
            }
        };
    }

    /** A factory of linearizable reads of one key each. */
    public java.util.function.LongFunction<LoadClient.Request> reads() {
        return switch (system) {
            case RAFTKV -> i -> new LoadClient.Request(HttpMethod.GET, "/kv/" + key(i, 0), null);
            case ETCD ->
                i -> new LoadClient.Request(HttpMethod.POST, "/v3/kv/range", "{\"key\":\"" + base64(key(i, 0)) + "\"}");
        };
    }

    private String batchBody(long i, String value) {
        var body = new StringBuilder(batch * (value.length() + 16) + 2).append('{');
        for (int j = 0; j < batch; j++) {
            if (j > 0) {
                body.append(',');
            }
            body.append('"').append(key(i, j)).append("\":\"").append(value).append('"');
        }
        return body.append('}').toString();
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
