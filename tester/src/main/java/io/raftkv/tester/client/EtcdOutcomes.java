package io.raftkv.tester.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.tester.client.Outcomes.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Maps answers of etcd's v3 JSON gateway ({@code /v3/kv/range}, {@code /v3/kv/put}, {@code
 * /v3/kv/txn}) to {@link Outcome}s, with Jepsen's rules. Pure: no I/O, so every rule is unit-tested.
 *
 * <ul>
 *   <li>200: ok; a range answers the first key's value (base64-decoded) or null when {@code kvs} is
 *       absent; a txn whose comparison failed ({@code succeeded} absent or false) is fail;
 *   <li>4xx (the gateway's InvalidArgument and kin): fail, etcd refused the request before
 *       proposing it;
 *   <li>anything else ({@code etcdserver: request timed out}, leader changed, 5xx): info for a
 *       write, because etcd may have committed it; fail for a read.
 * </ul>
 */
public final class EtcdOutcomes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EtcdOutcomes() {}

    /** A key's value and the revision that last changed it; {@code modRevision} is 0 when absent. */
    public record Versioned(String value, long modRevision) {}

    /** A range answer's first key, or an absent one when {@code kvs} is missing or empty. */
    public static Versioned parseRange(String body) {
        JsonNode kvs = tree(body).path("kvs");
        if (!kvs.isArray() || kvs.isEmpty()) {
            return new Versioned(null, 0);
        }
        JsonNode kv = kvs.get(0);
        return new Versioned(
                decode(kv.path("value").asText("")), kv.path("mod_revision").asLong(0));
    }

    /** Whether a txn answer says its comparison held (proto3 JSON leaves out a false). */
    public static boolean succeeded(String body) {
        return tree(body).path("succeeded").asBoolean(false);
    }

    /**
     * @param kind what was asked
     * @param status the HTTP status
     * @param body the answer body
     * @param sent the value a write sent (the result of a successful write)
     */
    public static Outcome ofResponse(Kind kind, int status, String body, Object sent) {
        if (status == 200) {
            if (kind.isRead()) {
                return new Outcome.Ok(parseRange(body).value());
            }
            if (kind == Kind.CAS && !succeeded(body)) {
                return new Outcome.Fail("compare failed");
            }
            return new Outcome.Ok(sent);
        }
        String error = errorOf(status, body);
        if (kind.isRead() || (status >= 400 && status < 500)) {
            return new Outcome.Fail(error);
        }
        return new Outcome.Info(error);
    }

    /** The gateway's error text ({@code error} or {@code message}) after the status, else the body quoted. */
    static String errorOf(int status, String body) {
        if (body == null || body.isBlank()) {
            return String.valueOf(status);
        }
        JsonNode node = tree(body);
        for (String field : new String[] {"error", "message"}) {
            if (node.hasNonNull(field)) {
                return status + " " + node.get(field).asText();
            }
        }
        return status + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }

    public static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
