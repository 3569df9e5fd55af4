package io.raftkv.server.testing;

import java.util.List;

/**
 * The bad requests of API.md, for a node started with keys up to 16 bytes and values up to 100
 * bytes, holding the key {@code present}.
 */
public final class BadInputs {
    private BadInputs() {}

    /** One bad request and the answer it must get. */
    public record Case(String method, String path, String body, List<String> headers, int status, String says) {
        @Override
        public String toString() {
            return method + " " + (path.length() > 40 ? path.substring(0, 40) + "..." : path) + " -> " + status;
        }
    }

    public static final int MAX_KEY = 16;
    public static final int MAX_VALUE = 100;

    public static List<Case> all() {
        String longKey = "k".repeat(MAX_KEY + 1);
        String bigValue = "v".repeat(MAX_VALUE + 1);
        List<String> none = List.of();
        return List.of(
                new Case("PUT", "/kv/" + longKey, "v", none, 413, "key is 17 bytes"),
                new Case("PUT", "/kv/k", bigValue, none, 413, "value is 101 bytes"),
                new Case("PUT", "/kv/k", "v".repeat(300_000), none, 413, "request body too large"),
                new Case("GET", "/kv/k?consistency=eventual", null, none, 400, "consistency"),
                new Case("GET", "/kv/absent", null, none, 404, "key not found"),
                new Case("POST", "/kv/k/cas", "{not json", none, 400, "not valid JSON"),
                new Case("POST", "/kv/k/cas", "[1]", none, 400, "JSON object"),
                new Case("POST", "/kv/k/cas", "", none, 400, "JSON object"),
                new Case("POST", "/kv/k/cas", "{\"value\":\"x\"}", none, 400, "missing field 'expected'"),
                new Case("POST", "/kv/k/cas", "{\"expected\":null}", none, 400, "missing field 'value'"),
                new Case(
                        "POST",
                        "/kv/k/cas",
                        "{\"expected\":1,\"value\":\"x\"}",
                        none,
                        400,
                        "'expected' must be a string or null"),
                new Case(
                        "POST",
                        "/kv/k/cas",
                        "{\"expected\":null,\"value\":\"" + bigValue + "\"}",
                        none,
                        413,
                        "value is 101"),
                new Case("POST", "/kv/present/cas", "{\"expected\":\"w\",\"value\":\"x\"}", none, 409, "cas mismatch"),
                new Case("POST", "/kv/" + longKey + "/append", "x", none, 413, "key is 17"),
                new Case("PUT", "/kv/k", "v", List.of("X-Client-Id", "c"), 400, "must be given together"),
                new Case("PUT", "/kv/k", "v", List.of("X-Request-Seq", "1"), 400, "must be given together"),
                new Case(
                        "PUT",
                        "/kv/k",
                        "v",
                        List.of("X-Client-Id", "c", "X-Request-Seq", "x"),
                        400,
                        "positive integer"),
                new Case(
                        "PUT",
                        "/kv/k",
                        "v",
                        List.of("X-Client-Id", "c", "X-Request-Seq", "0"),
                        400,
                        "positive integer"),
                new Case(
                        "PUT",
                        "/kv/k",
                        "v",
                        List.of("X-Client-Id", "c".repeat(129), "X-Request-Seq", "1"),
                        400,
                        "1..128 bytes"),
                new Case("GET", "/set?value=x", null, none, 400, "missing query parameter 'key'"),
                new Case("GET", "/set?key=k", null, none, 400, "missing query parameter 'value'"),
                new Case("GET", "/set?key=&value=x", null, none, 400, "key must not be empty"),
                new Case("GET", "/set?key=k&value=" + bigValue, null, none, 413, "value is 101"),
                new Case("GET", "/get", null, none, 400, "missing query parameter 'key'"),
                new Case("GET", "/get?key=absent", null, none, 404, "key not found"),
                new Case("POST", "/key", "{}", none, 400, "at least one"),
                new Case("POST", "/key", "{\"a\":1}", none, 400, "'a' must be a string"),
                new Case("POST", "/key", "{\"" + longKey + "\":\"v\"}", none, 413, "key is 17"),
                new Case("POST", "/key", "[\"a\"]", none, 400, "JSON object"),
                new Case("GET", "/key/absent", null, none, 404, "key not found"),
                new Case("POST", "/kv", "{}", none, 400, "at least one"),
                new Case("POST", "/kv", "", none, 400, "JSON object"),
                new Case("POST", "/kv", "{\"a\":\"v\"", none, 400, "not valid JSON"),
                new Case("POST", "/kv", "[{\"a\":\"v\"}]", none, 400, "JSON object"),
                new Case("POST", "/kv", "\"a\"", none, 400, "JSON object"),
                new Case("POST", "/kv", "null", none, 400, "JSON object"),
                new Case("POST", "/kv", "{\"a\":1}", none, 400, "'a' must be a string, not a JSON number"),
                new Case("POST", "/kv", "{\"a\":null}", none, 400, "'a' must be a string, not null"),
                new Case("POST", "/kv", "{\"a\":{\"b\":\"c\"}}", none, 400, "not a JSON object"),
                new Case("POST", "/kv", "{\"a\":[\"b\"]}", none, 400, "not a JSON array"),
                new Case("POST", "/kv", "{\"\":\"v\"}", none, 400, "key must not be empty"),
                new Case("POST", "/kv", "{\"" + longKey + "\":\"v\"}", none, 413, "key is 17"),
                new Case("POST", "/kv", "{\"a\":\"" + bigValue + "\"}", none, 413, "value of 'a' is 101"),
                new Case("POST", "/kv", "{\"a\":\"" + "v".repeat(300_000) + "\"}", none, 413, "request body too large"),
                new Case("GET", "/nope", null, none, 404, "no route"),
                new Case("PATCH", "/kv/k", "v", none, 405, "not allowed"));
    }
}
